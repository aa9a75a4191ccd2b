/** `thresholds set | get | delete` on a local thresholds file: the same edits as in Parameter Store, the other keys kept. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-file-edit-'));
  file = join(dir, 'thresholds.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const inFile = () => ['--thresholds-file', file, '--offline'];

describe('thresholds set on a file', () => {
  it('--daily changes that field of the key and keeps its other fields and the other keys', async () => {
    // Prepare
    await writeFile(file, '{\n  "messaging": {"daily": 50, "warnAt": [0.8], "filter": {"direction": "outbound"}},\n  "fax-api": 5\n}\n');

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '--daily', '60', '--warn-at', '0.5,0.9', ...inFile()]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ messaging: { daily: 60, warnAt: [0.5, 0.9], filter: { direction: 'outbound' } }, 'fax-api': 5 });
    expect(run.stderr).toContain('  changes: daily 50 -> 60; warnAt [0.8] -> [0.5, 0.9]\n');
  });

  it('edits a file that starts with a UTF-8 byte order mark, and writes it back without one', async () => {
    // Prepare
    await writeFile(file, '\ufeff{"messaging": 50}');

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '--monthly', '900', ...inFile()]);

    // Assess
    expect(run.exitCode).toBe(0);
    const written = await readFile(file, 'utf8');
    expect(written.startsWith('{')).toBe(true);
    expect(JSON.parse(written)).toEqual({ messaging: { daily: 50, monthly: 900 } });
  });
});

describe('thresholds get and delete on a file', () => {
  it('get prints the key as written, and -o json its parsed form', async () => {
    // Prepare
    await writeFile(file, '{"total": {"daily": 1e2, "monthly": 1500}}');

    // Act
    const text = await runCli(['thresholds', 'get', 'total', '--thresholds-file', file]);
    const json = await runCli(['thresholds', 'get', 'total', '--thresholds-file', file, '-o', 'json']);

    // Assess
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toBe('{"daily":1e2,"monthly":1500}\n');
    expect(text.stderr).toBe(`"total" in ${file}: daily 100.00 USD, monthly 1500.00 USD\n`);
    expect(JSON.parse(json.stdout)).toMatchObject({
      product: 'total',
      location: `"total" in ${file}`,
      type: 'file',
      threshold: { daily: '100', monthly: '1500' },
    });
  });

  it('delete removes the key and keeps the others; --dry-run keeps it', async () => {
    // Prepare
    await writeFile(file, '{"messaging": 50, "fax-api": 5}');

    // Act
    const dryRun = await runCli(['thresholds', 'delete', 'fax-api', '--thresholds-file', file, '--dry-run']);
    const afterDryRun = await readFile(file, 'utf8');
    const run = await runCli(['thresholds', 'delete', 'fax-api', '--thresholds-file', file]);

    // Assess
    expect(dryRun.exitCode).toBe(0);
    expect(dryRun.stdout).toBe(`Dry run, nothing was deleted: would delete "fax-api" in ${file}, now 5 (daily 5.00 USD).\n`);
    expect(afterDryRun).toBe('{"messaging": 50, "fax-api": 5}');
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ messaging: 50 });
  });

  it('exits 1 for a key the file does not have', async () => {
    // Prepare
    await writeFile(file, '{"messaging": 50}');

    // Act
    const get = await runCli(['thresholds', 'get', 'fax-api', '--thresholds-file', file]);
    const remove = await runCli(['thresholds', 'delete', 'fax-api', '--thresholds-file', file]);

    // Assess
    expect(get.exitCode).toBe(1);
    expect(get.stderr).toContain(`error: there is no threshold "fax-api" in ${file}`);
    expect(remove.exitCode).toBe(1);
    expect(await readFile(file, 'utf8')).toBe('{"messaging": 50}');
  });
});
