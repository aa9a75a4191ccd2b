/**
 * `thresholds apply FILE` against Parameter Store on moto: the plan (added, changed field by field, unchanged,
 * only in Parameter Store), all-or-nothing validation, --prune, idempotence, and the plan as JSON.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useMotoForCli } from './moto-cli';
import { runCli } from './run-cli';

const PATH = '/team/thresholds';
const aws = useMotoForCli();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-apply-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function thresholdsFile(content: string): Promise<string> {
  const file = join(dir, 'thresholds.json');
  await writeFile(file, content);
  return file;
}

function apply(file: string, ...more: string[]) {
  return runCli(['thresholds', 'apply', file, '--thresholds-path', PATH, '--offline', ...more]);
}

async function values(): Promise<Record<string, string>> {
  return Object.fromEntries(Object.entries(await aws.held(PATH)).map(([name, { value }]) => [name.slice(PATH.length + 1), value]));
}

/** What Parameter Store holds before: set by hand with the AWS CLI, spelt in various ways. */
async function operatorsValues(): Promise<void> {
  await aws.putAsOperator(`${PATH}/messaging`, ' {"daily": 50, "warnAt": [0.8]}\n');
  await aws.putAsOperator(`${PATH}/sip-trunking`, '{"daily":20,"warnAt":[0.80]}', 'StringList');
  await aws.putAsOperator(`${PATH}/wireless`, '5');
}

const FILE = JSON.stringify({
  messaging: { daily: 60, warnAt: [0.8], filter: { direction: 'outbound' } },
  'sip-trunking': { daily: 20, warnAt: [0.8] },
  total: { daily: 120, monthly: 1500 },
});

describe('thresholds apply --dry-run', () => {
  it('prints the plan product by product, field by field, and writes nothing', async () => {
    // Prepare
    await operatorsValues();
    const file = await thresholdsFile(FILE);
    const before = await values();

    // Act
    const run = await apply(file, '--dry-run');

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Plan for SSM path ${PATH} in us-east-1, account 123456789012, from ${file}:`);
    expect(run.stdout).toMatch(/^messaging\s+changed\s+daily: 50 -> 60$/m);
    expect(run.stdout).toMatch(/^\s+filter: \(none\) -> \{"direction":"outbound"\}$/m);
    expect(run.stdout).toMatch(/^sip-trunking\s+unchanged$/m);
    expect(run.stdout).toMatch(/^total\s+added\s+\{"daily": 120, "monthly": 1500\} \(daily 120\.00 USD, monthly 1500\.00 USD\)$/m);
    expect(run.stdout).toMatch(/^wireless\s+only in Parameter Store\s+kept \(--prune deletes it\): 5$/m);
    expect(run.stdout).toContain('Plan: 1 to add, 1 to change; 1 unchanged, 1 only in Parameter Store kept (--prune deletes it).');
    expect(run.stdout).toContain('Dry run: nothing was written.');
    expect(await values()).toEqual(before);
  });

  it('-o json gives the plan as data', async () => {
    // Prepare
    await operatorsValues();
    const file = await thresholdsFile(FILE);

    // Act
    const run = await apply(file, '--dry-run', '-o', 'json');

    // Assess
    expect(run.exitCode).toBe(0);
    const plan = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(plan).toMatchObject({
      path: PATH,
      dryRun: true,
      prune: false,
      counts: { added: 1, changed: 1, unchanged: 1, 'only-in-parameter-store': 1, deleted: 0 },
      problems: [],
    });
    expect(plan.plan).toEqual([
      {
        action: 'changed',
        product: 'messaging',
        parameter: `${PATH}/messaging`,
        value: '{"daily": 60, "warnAt": [0.8], "filter": {"direction": "outbound"}}',
        current: '{"daily": 50, "warnAt": [0.8]}',
        fields: [
          { field: 'daily', from: '50', to: '60' },
          { field: 'filter', from: '(none)', to: '{"direction":"outbound"}' },
        ],
        outcome: 'not-applied',
      },
      { action: 'unchanged', product: 'sip-trunking', parameter: `${PATH}/sip-trunking`, value: '{"daily": 20, "warnAt": [0.8]}', outcome: 'nothing-to-do' },
      { action: 'added', product: 'total', parameter: `${PATH}/total`, value: '{"daily": 120, "monthly": 1500}', outcome: 'not-applied' },
      {
        action: 'only-in-parameter-store',
        product: 'wireless',
        parameter: `${PATH}/wireless`,
        current: '5',
        type: 'String',
        delete: false,
        outcome: 'nothing-to-do',
      },
    ]);
  });
});

describe('thresholds apply', () => {
  it("makes Parameter Store hold the file's thresholds; a second --dry-run has nothing to change", async () => {
    // Prepare
    await operatorsValues();
    const file = await thresholdsFile(FILE);

    // Act
    const first = await apply(file);
    const second = await apply(file, '--dry-run');

    // Assess
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('Applied: 2 written, 0 deleted.');
    expect(await values()).toEqual({
      messaging: '{"daily": 60, "warnAt": [0.8], "filter": {"direction": "outbound"}}',
      // Unchanged by meaning: left as the operator wrote it (and as the type it had).
      'sip-trunking': '{"daily":20,"warnAt":[0.80]}',
      total: '{"daily": 120, "monthly": 1500}',
      wireless: '5',
    });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain('Plan: nothing to change; 3 unchanged, 1 only in Parameter Store kept (--prune deletes it).');
  });

  it('validates every value before writing any: one invalid value writes none (exit code 1)', async () => {
    // Prepare
    await operatorsValues();
    const before = await values();
    const file = await thresholdsFile('{"messaging": 70, "total": {"daily": 120, "warnAt": [80]}, "fax-api": {"dayly": 5}}');

    // Act
    const run = await apply(file);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('2 problem(s); nothing was written (apply writes all or nothing):');
    expect(run.stdout).toContain('  - "total": "warnAt" must be fractions between 0 and 1 (exclusive)');
    expect(run.stdout).toContain('  - "fax-api": Unknown key "dayly": did you mean "daily"?');
    expect(await values()).toEqual(before);
  });

  it('refuses a product in the wrong case with the right name, and writes nothing', async () => {
    // Prepare
    const file = await thresholdsFile('{"Messaging": 50, "sip_trunking": 20, "fax-api": 5}');

    // Act
    const run = await apply(file);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('  - "Messaging": Telnyx spells the product "messaging"; rename the key');
    expect(run.stdout).toContain('  - "sip_trunking": Telnyx spells the product "sip-trunking"; rename the key');
    expect(await values()).toEqual({});
  });

  it('deletes what the file does not name only with --prune, and never a SecureString', async () => {
    // Prepare
    await operatorsValues();
    await aws.putAsOperator(`${PATH}/legacy`, 'SECRET-never-shown', 'SecureString');
    const file = await thresholdsFile(FILE);

    // Act
    const run = await apply(file, '--prune');

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^wireless\s+only in Parameter Store\s+deleted \(--prune\): 5$/m);
    expect(run.stdout).toMatch(/^legacy\s+only in Parameter Store\s+\/team\/thresholds\/legacy: a SecureString, never deleted/m);
    expect(run.stdout).not.toContain('SECRET-never-shown');
    expect(run.stdout).toContain('Plan: 1 to add, 1 to change, 1 to delete; 1 unchanged, 1 only in Parameter Store kept.');
    expect(run.stdout).toContain('Applied: 2 written, 1 deleted.');
    expect(Object.keys(await values()).sort()).toEqual(['legacy', 'messaging', 'sip-trunking', 'total']);
  });

  it('never overwrites a SecureString the file names, and then writes nothing at all', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/messaging`, 'SECRET-never-shown', 'SecureString');
    const file = await thresholdsFile('{"messaging": 50, "fax-api": 5}');

    // Act
    const run = await apply(file);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`  - ${PATH}/messaging is a SecureString, and a SecureString is not a threshold: apply neither reads nor overwrites it`);
    expect(await aws.held(PATH)).toEqual({ [`${PATH}/messaging`]: { value: 'SECRET-never-shown', type: 'SecureString' } });
  });

  it('refuses --prune with a file that holds no thresholds (it would leave nothing checked)', async () => {
    // Prepare
    await operatorsValues();
    const before = await values();
    const file = await thresholdsFile('{}');

    // Act
    const run = await apply(file, '--prune');

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('the file holds no thresholds: with --prune that would delete every threshold under the path');
    expect(await values()).toEqual(before);
  });

  it('reads the same file format as --thresholds-file, a byte order mark included', async () => {
    // Prepare
    const file = await thresholdsFile('\ufeff{ "messaging": 50, "total": { "daily": 1e3 } }\n');

    // Act
    const run = await apply(file);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(await values()).toEqual({ messaging: '50', total: '{"daily": 1000}' });
  });

  it('refuses a path that ends in a product name, and a file it cannot read, writing nothing', async () => {
    // Act
    const deep = await runCli(['thresholds', 'apply', await thresholdsFile('{"messaging": 50}'), '--thresholds-path', `${PATH}/messaging`]);
    const missing = await apply(join(dir, 'nope.json'));

    // Assess
    expect(deep.exitCode).toBe(2);
    expect(deep.stderr).toContain(`--thresholds-path "${PATH}/messaging" ends in the product "messaging"`);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(
      `error: threshold file ${join(dir, 'nope.json')} does not exist: create it, e.g. { "total": { "daily": 20, "monthly": 500 }, "messaging": 50 }; nothing was written\n`,
    );
    expect(await values()).toEqual({});
  });
});
