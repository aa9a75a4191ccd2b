/**
 * From the command line: `thresholds validate` judges as the check does, numbers follow one rule
 * whichever way they arrive (file, SSM, `thresholds set`), and a thresholds file is named as a file.
 */
import 'aws-sdk-client-mock-jest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { PRODUCT_CATALOGUE, type UsageRecord } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { CHECK_TIME, runCli } from './run-cli';

const ssm = mockClient(SSMClient);
const KEY = 'test-key-for-the-simulator';

let dir: string;

beforeEach(async () => {
  ssm.reset();
  dir = await mkdtemp(join(tmpdir(), 'cli-judge-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the file exactly as given: JSON.stringify could not even write 1e400. */
async function thresholdsFile(text: string, name = 'my-thresholds.json'): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

function record(at: string, direction: string, cost: string): UsageRecord {
  return { timestamp: new Date(at), dimensions: { direction, currency: 'USD' }, metrics: { cost, parts: 1, count: 1 } };
}

describe('thresholds validate judges as the check does', () => {
  let simulator: RunningSimulator;
  const env = { TELNYX_API_KEY: KEY };

  beforeAll(async () => {
    // Today (CHECK_TIME's UTC day): messaging outbound 60 + 50 USD and inbound 1 USD, i.e. 2 rows by direction.
    simulator = await startSimulator({
      apiKey: KEY,
      now: () => new Date(CHECK_TIME),
      scenario: {
        products: PRODUCT_CATALOGUE,
        records: {
          messaging: [
            record('2026-11-26T08:00:00Z', 'outbound', '60'),
            record('2026-11-26T09:00:00Z', 'outbound', '50'),
            record('2026-11-26T10:00:00Z', 'inbound', '1'),
          ],
        },
      },
    });
  });

  afterAll(async () => {
    await simulator.close();
  });

  it('refuses a filter on a dimension the product does not have, with the same message as the check', async () => {
    // Prepare
    const file = await thresholdsFile('{"messaging": {"daily": 50, "filter": {"directon": "outbound"}}}');
    const expected = '"filter" names "directon", which is not a dimension of messaging: did you mean "direction"?';

    // Act
    const validate = await runCli(['thresholds', 'validate', '--file', file, '--base-url', simulator.url], { env });
    const check = await runCli(['check', '--thresholds-file', file, '--base-url', simulator.url], { env });

    // Assess
    expect(validate.exitCode).toBe(1);
    expect(validate.stdout).toContain(`- "messaging": ${expected}`);
    expect(validate.stdout).toContain(`Checked against Telnyx (${simulator.url}): product names and filter dimensions.`);
    expect(check.stdout).toContain(`${file} key "messaging": ${expected}`);
  });

  it("warns about a filter value that matches none of today's rows, naming the values seen", async () => {
    // Prepare
    const file = await thresholdsFile('{"messaging": {"daily": 50, "filter": {"direction": "outbond"}}}');

    // Act
    const run = await runCli(['thresholds', 'validate', '--file', file, '--base-url', simulator.url], { env });

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('1 warning(s)');
    expect(run.stdout).toContain('- "messaging": direction=outbond matched none of 2 rows; values seen: inbound, outbound');
  });

  it("passes a filter whose value matches today's rows (in any case), with no warning", async () => {
    // Prepare
    const file = await thresholdsFile('{"messaging": {"daily": 50, "filter": {"direction": "Outbound"}}, "total": 500}');

    // Act
    const run = await runCli(['thresholds', 'validate', '--file', file, '--base-url', simulator.url], { env });

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain('warning');
    expect(run.stdout).toContain("Filter values checked against today's usage (UTC day) for 1 threshold(s).");
    expect(run.stdout).toContain('All 2 threshold(s) are valid.');
  });

  it('says which filters it could not match when a product has no usage today', async () => {
    // Prepare
    const file = await thresholdsFile('{"fax-api": {"daily": 5, "filter": {"direction": "outbound"}}}');

    // Act
    const run = await runCli(['thresholds', 'validate', '--file', file, '--base-url', simulator.url], { env });

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Filter values not checked for: fax-api (no usage today).');
  });

  it('thresholds set refuses, as the check would, a filter on a dimension the product does not have', async () => {
    // Prepare
    const file = await thresholdsFile('{}');

    // Act
    const run = await runCli(
      ['thresholds', 'set', 'messaging', '{"daily": 50, "filter": {"directon": "outbound"}}', '--file', file, '--base-url', simulator.url],
      { env },
    );

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Refused, nothing was written: "filter" names "directon", which is not a dimension of messaging: did you mean "direction"?');
    expect(await readFile(file, 'utf8')).toBe('{}');
  });

  it("thresholds set runs validate's filter-value check: a value that matches none of today's rows is a warning naming the values seen", async () => {
    // Prepare
    const file = await thresholdsFile('{"messaging": {"daily": 50, "warnAt": [0.8]}}');

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '--filter', 'direction=outbond', '--file', file, '--base-url', simulator.url], { env });

    // Assess: written (a quiet day looks the same), with the warning the check's error alert would carry
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('warning: messaging: direction=outbond matched none of 2 rows; values seen: inbound, outbound');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ messaging: { daily: 50, warnAt: [0.8], filter: { direction: 'outbond' } } });
  });

  it("thresholds set refuses a product name in the wrong case against Telnyx's live list too (a product the documented list lacks)", async () => {
    // Prepare: an account whose options endpoint lists a product newer than the documented list
    const newer = await startSimulator({
      apiKey: KEY,
      now: () => new Date(CHECK_TIME),
      scenario: { products: [...PRODUCT_CATALOGUE, { product: 'voice-agents', dimensions: ['currency', 'date'], metrics: ['cost'] }], records: {} },
    });
    const file = await thresholdsFile('{}');

    // Act
    const offline = await runCli(['thresholds', 'set', 'Voice_Agents', '5', '--file', file, '--offline'], { env });
    const run = await runCli(['thresholds', 'set', 'Voice_Agents', '5', '--file', file, '--base-url', newer.url], { env });
    await newer.close();

    // Assess: offline it cannot know the name; with the key it names the right one
    expect(offline.exitCode).toBe(0);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('"Voice_Agents" is not how Telnyx spells the product: use "voice-agents"');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ Voice_Agents: 5 });
  });

  it('says plainly what it could not check without a key', async () => {
    // Prepare
    const file = await thresholdsFile('{"messaging": {"daily": 50, "filter": {"directon": "outbound"}}}');

    // Act
    const run = await runCli(['thresholds', 'validate', '--file', file]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Not checked without TELNYX_API_KEY: product names, filter dimensions and values');
  });
});

describe('numbers: one rule and one message from a file, SSM and the CLI', () => {
  it.each([
    ['a JSON limit of 1e400', '{"daily": 1e400}', '"daily" must be below 1000000000000 (at most 12 digits before the decimal point); got 1e400.'],
    ['a plain limit of 1e300', '1e300', 'The limit must be below 1000000000000 (at most 12 digits before the decimal point); got "1e300".'],
    [
      'a 13-digit monthly limit',
      '{"monthly": 1000000000000}',
      '"monthly" must be below 1000000000000 (at most 12 digits before the decimal point); got 1000000000000.',
    ],
  ])('refuses %s the same way whichever way it comes', async (_case, value, expected) => {
    // Prepare
    const file = await thresholdsFile(`{"messaging": ${value}}`);
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [{ Name: '/cost/thresholds/messaging', Value: value }] });

    // Act
    const fromFile = await runCli(['thresholds', 'validate', '--file', file, '--offline']);
    const fromSsm = await runCli(['thresholds', 'validate', '--path', '/cost/thresholds', '--offline']);
    const fromCli = await runCli(['thresholds', 'set', 'messaging', value, '--offline']);

    // Assess
    expect(fromFile.exitCode).toBe(1);
    expect(fromFile.stdout).toContain(`- "messaging": ${expected}`);
    expect(fromSsm.exitCode).toBe(1);
    expect(fromSsm.stdout).toContain(`- /cost/thresholds/messaging: ${expected}`);
    expect(fromCli.exitCode).toBe(1);
    expect(fromCli.stderr).toContain(`  - ${expected}`);
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
  });
});

describe('numbers in a file stay as written', () => {
  it("thresholds set --file keeps the other keys' numbers digit for digit", async () => {
    // Prepare: 17 significant digits, valid under the amount rule and more than a double holds
    const file = await thresholdsFile('{\n  "fax-api": {"daily": 12345678.123456789}\n}\n');

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '{"daily": 99999999.999999999}', '--file', file, '--offline']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('{\n  "fax-api": {"daily":12345678.123456789},\n  "messaging": {"daily":99999999.999999999}\n}\n');
  });
});

describe('file mode: problems name the file and key, never an SSM path', () => {
  it('names the file and key in every alert and problem of a local check', async () => {
    // Prepare
    const file = await thresholdsFile(
      '{"messaging": {"daily": 5, "dayly": 3}, "a/b": 5, "total": {"daily": 1, "filter": {"x": "y"}}, "sms": 5, "wireless": {"daily": 1e400}, "fax-api": {"daily": 0.01}}',
    );

    // Act
    const run = await runCli(['check', '--thresholds-file', file]);

    // Assess
    const output = run.stdout + run.stderr;
    expect(output).not.toContain('/telnyx-cost-alert/thresholds');
    expect(output).not.toContain('aws ssm put-parameter');
    for (const key of ['messaging', 'a/b', 'total', 'sms', 'wireless']) {
      expect(output).toContain(`Parameter:  ${file} key "${key}"`);
      expect(output).toContain(`- ${file} key "${key}": `);
    }
    expect(output).toContain(`${file} key "a/b": a key must be one product's name (e.g. "messaging") or "total", without "/"; this one is ignored.`);
    expect(output).toContain(`${file} key "wireless": "daily" must be below 1000000000000`);
    // The breach of fax-api says where to change it, too.
    expect(output).toContain(`edit ${file} key "fax-api"`);
  });

  it('names the file when it holds no thresholds at all', async () => {
    // Prepare
    const file = await thresholdsFile('{}');

    // Act
    const run = await runCli(['check', '--thresholds-file', file]);

    // Assess
    const output = run.stdout + run.stderr;
    expect(output).toContain(`there are no thresholds in file ${file}. Add one per product, e.g. ${file} key "messaging" = 50`);
    expect(output).not.toContain('/telnyx-cost-alert/thresholds');
  });
});
