import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../bin/cli/threshold-source';
import { runCli } from './run-cli';

const COMMANDS: ReadonlyArray<readonly [readonly string[], string, string]> = [
  [[], 'Usage: telnyx-cost-alert [options] [command]', 'test-alert'],
  [['check'], 'Usage: telnyx-cost-alert check [options]', '--fail-on <level>'],
  [['thresholds'], 'Usage: telnyx-cost-alert thresholds [options] [command]', 'validate'],
  [['thresholds', 'validate'], 'Usage: telnyx-cost-alert thresholds validate [options]', '--offline'],
  [['thresholds', 'set'], 'Usage: telnyx-cost-alert thresholds set [options] <product> [value]', '--dry-run'],
  [['thresholds', 'list'], 'Usage: telnyx-cost-alert thresholds list [options]', '--time-zone <zone>'],
  [['thresholds', 'get'], 'Usage: telnyx-cost-alert thresholds get [options] <product>', '-o, --output <format>'],
  [['thresholds', 'delete'], 'Usage: telnyx-cost-alert thresholds delete [options] <product>', '--dry-run'],
  [['thresholds', 'apply'], 'Usage: telnyx-cost-alert thresholds apply [options] <file>', '--prune'],
  [['usage'], 'Usage: telnyx-cost-alert usage [options] [product]', '--managed-accounts'],
  [['test-alert'], 'Usage: telnyx-cost-alert test-alert [options]', '--topic-arn <arn>'],
];

describe('--help and -h', () => {
  it.each(
    COMMANDS.flatMap(([command, usageLine, option]) => [
      [[...command, '--help'], usageLine, option] as const,
      [[...command, '-h'], usageLine, option] as const,
    ]),
  )('prints the help of %j on stdout, with the exit codes, and exits 0', async (argv, usageLine, option) => {
    // Act
    const run = await runCli(argv);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(usageLine);
    expect(run.stdout).toContain(option);
    expect(run.stdout).toMatch(/^Exit codes:\n {2}0 {2}nothing wrong\n {2}1 {2}a problem.*\n {2}2 {2}a usage error.*\n {2}3 {2}check --fail-on LEVEL/m);
    expect(run.stderr).toBe('');
  });

  it('names the thresholds options the same in every command, without the old spellings', async () => {
    for (const command of [
      ['check'],
      ['thresholds', 'validate'],
      ['thresholds', 'set'],
      ['thresholds', 'get'],
      ['thresholds', 'delete'],
      ['thresholds', 'list'],
    ]) {
      // Act
      const run = await runCli([...command, '--help']);

      // Assess
      expect(run.stdout).toContain('--thresholds-file <file>');
      expect(run.stdout).toContain('--thresholds-path <path>');
      expect(run.stdout).not.toMatch(/^\s+--(file|path) </m);
    }
  });
});

describe('--version', () => {
  it.each([['--version'], ['-V']])('prints the package version for %s and exits 0', async (flag) => {
    // Prepare
    const { version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };

    // Act
    const run = await runCli([flag]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });
});

describe('usage errors exit 2', () => {
  it('suggests the command meant on a typo', async () => {
    // Act
    const run = await runCli(['chek']);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("error: unknown command 'chek'");
    expect(run.stderr).toContain('(Did you mean check?)');
    expect(run.stdout).toBe('');
  });

  it.each([
    [['check', '--bogus'], "error: unknown option '--bogus'"],
    [['check', '--concurrency', '11'], 'must be a whole number from 1 to 10'],
    [['check', '-o', 'yaml'], "argument 'yaml' is invalid. Allowed choices are text, json."],
    [['check', '--fail-on', 'error'], "argument 'error' is invalid. Allowed choices are warning, critical."],
    [['check', '-q', '-o', 'json'], '-q/--quiet is for the text output'],
    [['thresholds', 'set', 'messaging'], "error: missing required argument 'value'"],
    [['usage', 'messaging', '--start', 'yesterday'], '--start "yesterday" is not an ISO date or date-time'],
    [['usage', 'messaging', '--filter', 'outbound'], '--filter "outbound" is not dimension=value'],
    [['thresholds', 'list', '--thresholds-path', 'no-slash'], '"no-slash" is not an SSM parameter path'],
    [['test-alert', '--severity', 'loud'], "argument 'loud' is invalid. Allowed choices are info, warning, critical, error."],
    [['test-alert', '--topic-arn', 'arn:aws:sns:us-east-1:123456789012:a', '--stack', 'S'], 'give either --topic-arn or --stack, not both'],
  ])('%j', async (argv, message) => {
    // Act
    const run = await runCli(argv);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('refuses two threshold sources at once, in either spelling', async () => {
    // Act
    const newSpelling = await runCli(['check', '--thresholds-file', 'a.json', '--thresholds-path', '/a']);
    const mixed = await runCli(['thresholds', 'list', '--file', 'a.json', '--thresholds-path', '/a']);

    // Assess
    expect(newSpelling.exitCode).toBe(2);
    expect(newSpelling.stderr).toContain("option '--thresholds-file <file>' cannot be used with option '--thresholds-path <path>'");
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toContain("option '--thresholds-path <path>' cannot be used with option '--file <file>'");
  });
});
