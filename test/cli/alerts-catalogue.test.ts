/**
 * docs/alerts.md is the one catalogue of what the product sends: every error alert the check can raise (by its
 * title, as the code spells it), every signal, and the subject of each kind is in its table, and the README links it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../bin/cli/threshold-source';
import { testAlert } from '../../functions/cost-alert/domain/test-alert';

const catalogue = readFileSync(join(PACKAGE_ROOT, 'docs/alerts.md'), 'utf8');
const checkSources = readdirSync(join(PACKAGE_ROOT, 'functions/cost-alert/use-cases'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .map((name) => readFileSync(join(PACKAGE_ROOT, 'functions/cost-alert/use-cases', name), 'utf8'));

/** The titles error alerts are raised with: `title: '...'` and the outage titles' table. */
function errorTitles(): string[] {
  const titles = checkSources.flatMap((source) => [...source.matchAll(/title: (?:'([^']+)'|"([^"]+)")/g)].map((match) => match[1] ?? match[2] ?? ''));
  const outage = checkSources.map((source) => /const OUTAGE_TITLE[^{]*\{([^}]*)\}/.exec(source)?.[1] ?? '').join('\n');
  titles.push(...[...outage.matchAll(/: '([^']+)'/g)].map((match) => match[1] ?? ''));
  titles.push(...checkSources.flatMap((source) => [...source.matchAll(/const [A-Z_]+_TITLE = '([^']+)'/g)].map((match) => match[1] ?? '')));
  return [...new Set(titles)];
}

describe('docs/alerts.md', () => {
  it('lists every error alert the check can raise, by its title', () => {
    const titles = errorTitles();
    expect(titles.length).toBeGreaterThan(10);
    expect(titles.filter((title) => !catalogue.includes(title))).toEqual([]);
  });

  it('has a row for every signal, with the subject of each kind', () => {
    for (const signal of ['limit', 'forecast', 'spike', 'balance', 'error', 'digest', 'test']) expect(catalogue).toContain(`| \`${signal}\` |`);
    for (const prefix of [
      '[WARNING] Telnyx <product>',
      '[CRITICAL] Telnyx <product>',
      '[CRITICAL] Telnyx <product> for ',
      'more managed accounts over their limits',
      '[CRITICAL] Telnyx balance: ',
      '[WARNING] Telnyx runway: ',
      '[ERROR] Telnyx cost alert, ',
      'Telnyx spend digest ',
      '(incomplete)',
    ]) {
      expect(catalogue).toContain(prefix);
    }
    expect(catalogue).toContain(testAlert('critical', new Date(0)).message.subject);
  });

  it('is linked from the README, in the documentation list and the command-line section', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const documentation = readme.slice(readme.indexOf('## Documentation'));
    const commandLine = readme.slice(readme.indexOf('## Command line'), readme.indexOf('\n## ', readme.indexOf('## Command line') + 1));
    expect(documentation).toContain('(docs/alerts.md)');
    expect(commandLine).toContain('(docs/alerts.md)');
  });
});
