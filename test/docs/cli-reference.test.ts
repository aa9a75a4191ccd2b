/**
 * docs/cli.md is the README's "full reference": every command the CLI has, and every option its --help lists,
 * is described there.
 */
import { runCli } from '../cli/run-cli';
import { readDoc } from './markdown';

const COMMANDS = [
  'check',
  'thresholds validate',
  'thresholds set',
  'thresholds get',
  'thresholds delete',
  'thresholds apply',
  'thresholds list',
  'usage',
  'digest',
  'test-alert',
  'destinations validate',
];

describe('docs/cli.md', () => {
  const doc = readDoc('docs/cli.md');

  it('has a section for every command of the CLI', async () => {
    const help = await runCli(['--help']);
    const listed = [...help.stdout.matchAll(/^ {2}([a-z-]+)(?: \[options\]| )/gm)].map((match) => match[1]).filter((name) => name !== 'help');
    expect(listed).toEqual(expect.arrayContaining(['check', 'thresholds', 'usage', 'digest', 'test-alert', 'destinations']));
    for (const command of COMMANDS) expect({ command, documented: doc.includes(`## \`${command}`) }).toEqual({ command, documented: true });
  });

  it.each(COMMANDS)('describes every option that `%s --help` lists', async (command) => {
    const help = await runCli([...command.split(' '), '--help']);
    const options = [...help.stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map((match) => match[1]).filter((option) => option !== '--help');
    expect(options.length).toBeGreaterThan(0);
    const missing = options.filter((option) => !new RegExp(`[\` ]${option}[\` ]`).test(doc));
    expect(missing).toEqual([]);
  });

  it('names every field of `check -o json` in its field table', async () => {
    const run = await runCli(['check', '-o', 'json']);
    const document = JSON.parse(run.stdout) as { evaluations: Record<string, unknown>[]; alerts: Record<string, unknown>[] } & Record<string, unknown>;
    const fields = new Set([...Object.keys(document), ...document.evaluations.flatMap(Object.keys), ...document.alerts.flatMap(Object.keys)]);
    expect([...fields].filter((field) => !doc.includes(`\`${field}\``) && !doc.includes(`\`${field}[]\``))).toEqual([]);
  });
});
