/** The balance threshold in the CLI: `thresholds list | validate | set`, and `check` (text and -o json), against the built-in simulator. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-balance-'));
  file = join(dir, 'thresholds.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('thresholds list', () => {
  it('shows the available credit beside the balance threshold, and the level it is below', async () => {
    const run = await runCli(['thresholds', 'list']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /^balance\s+minimum 50\.00 USD, warn below 200\.00 USD, runway 24 h\s+38\.40 USD available\s+-\s+-\s+-\s+below the 50\.00 USD minimum \(critical\); balance 38\.40, credit limit 0\.00, pending 2\.15$/m,
    );
  });

  it('says a balance above its levels is above them, and never reads "balance" as usage', async () => {
    await writeFile(file, JSON.stringify({ balance: 10 }));
    const run = await runCli(['thresholds', 'list', '--thresholds-file', file]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^balance\s+minimum 10\.00 USD\s+38\.40 USD available\s+-\s+-\s+-\s+above its levels; balance 38\.40/m);
  });

  it('lists a balance in another currency as a problem naming both', async () => {
    await writeFile(file, JSON.stringify({ balance: { minimum: 10, currency: 'EUR' } }));
    const run = await runCli(['thresholds', 'list', '--thresholds-file', file]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('- balance: Telnyx reports the balance in USD, the threshold is in EUR: set "currency": "USD"');
  });
});

describe('thresholds validate', () => {
  it('explains the balance levels and lists an invalid balance value as a problem', async () => {
    await writeFile(file, JSON.stringify({ balance: { minimum: 100, warnBelow: 250, runwayHours: 24 } }));
    const valid = await runCli(['thresholds', 'validate', '--thresholds-file', file, '--offline']);
    await writeFile(file, JSON.stringify({ balance: { minimum: 100, runwayHours: 0 } }));
    const invalid = await runCli(['thresholds', 'validate', '--thresholds-file', file, '--offline']);

    expect(valid.exitCode).toBe(0);
    expect(valid.stdout).toContain('  - a critical alert when the available credit (balance plus credit limit) is below 100.00 USD\n');
    expect(valid.stdout).toContain('it lasts fewer than 24 hours\n');
    expect(invalid.exitCode).toBe(1);
    expect(invalid.stdout).toContain('"runwayHours" must be a whole number of hours from 1 to 720, e.g. 24; got 0.');
  });
});

describe('thresholds set balance', () => {
  it('writes the levels from --minimum, --warn-below and --runway-hours, and changes one keeping the others', async () => {
    await writeFile(file, '{"messaging": 50}');
    const first = await runCli([
      'thresholds',
      'set',
      'balance',
      '--minimum',
      '100',
      '--warn-below',
      '250',
      '--runway-hours',
      '24',
      '--thresholds-file',
      file,
      '--offline',
    ]);
    const second = await runCli(['thresholds', 'set', 'balance', '--runway-hours', '48', '--thresholds-file', file, '--offline']);

    expect(first.exitCode).toBe(0);
    expect(second.exitCode).toBe(0);
    expect(second.stderr).toContain('  changes: runwayHours 24 -> 48\n');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ messaging: 50, balance: { minimum: 100, warnBelow: 250, runwayHours: 48 } });
  });

  it('refuses a warning level under the minimum and writes nothing', async () => {
    await writeFile(file, '{"balance": 100}');
    const run = await runCli(['thresholds', 'set', 'balance', '--warn-below', '50', '--thresholds-file', file, '--offline']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('"warnBelow" (50) must be above "minimum" (100)');
    expect(await readFile(file, 'utf8')).toBe('{"balance": 100}');
  });

  it('refuses "Balance" with the right spelling', async () => {
    const run = await runCli(['thresholds', 'set', 'Balance', '100', '--thresholds-file', file, '--offline']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('use "balance"');
  });
});

describe('check', () => {
  it('has the balance evaluation in -o json, every amount an exact decimal string', async () => {
    const run = await runCli(['check', '-o', 'json']);
    const json = JSON.parse(run.stdout) as { balance: Record<string, unknown>; alerts: Array<{ signal: string; severity: string; product: string }> };
    expect(json.balance).toEqual(
      expect.objectContaining({
        level: 'critical',
        crossed: ['minimum', 'runway'],
        available: '38.40',
        balance: '38.40',
        creditLimit: '0.00',
        pending: '2.15',
        minimum: '50.00',
        warnBelow: '200.00',
        runwayHours: 24,
        pace: expect.objectContaining({ status: 'read', from: '2026-11-25T14:00:00.000Z', to: '2026-11-26T14:00:00.000Z' }),
      }),
    );
    expect(json.alerts.filter((alert) => alert.signal === 'balance').map((alert) => [alert.product, alert.severity])).toEqual([
      ['balance', 'critical'],
      ['balance', 'warning'],
    ]);
  });

  it('prints the available credit below the table, and null in -o json without a balance threshold', async () => {
    await writeFile(file, JSON.stringify({ balance: 10 }));
    const text = await runCli(['check', '--thresholds-file', file]);
    await writeFile(file, JSON.stringify({ messaging: 500 }));
    const json = await runCli(['check', '-o', 'json', '--thresholds-file', file]);

    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('(no spend threshold could be evaluated)');
    expect(text.stdout).toContain('Available credit: 38.40 USD (ok; minimum 10.00 USD).');
    expect((JSON.parse(json.stdout) as { balance: unknown }).balance).toBeNull();
  });
});
