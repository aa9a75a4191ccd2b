/**
 * `check` where it meets a broken setup: thresholds that cannot be read are one `error:` line (what and what to
 * do, as `thresholds validate` says it), a thresholds file may start with a UTF-8 byte order mark, spend in another
 * currency is noted in the table, and a publish to a topic that does not exist is reported once, naming --topic-arn.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { useMotoForCli } from './moto-cli';
import { CHECK_TIME, runCli } from './run-cli';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-check-edges-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Exactly one line on stderr, starting with `error: `. */
function oneErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  return lines[0] ?? '';
}

describe('check with thresholds it cannot read: one error line, exit code 1', () => {
  it('a missing file', async () => {
    // Act
    const run = await runCli(['check', '--thresholds-file', join(dir, 'nope.json')]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(oneErrorLine(run.stderr)).toBe(
      `error: threshold file ${join(dir, 'nope.json')} does not exist: create it, e.g. { "total": { "daily": 20, "monthly": 500 }, "messaging": 50 }`,
    );
  });

  it('an unreadable file (a directory)', async () => {
    // Prepare
    const path = join(dir, 'thresholds.json');
    await mkdir(path);

    // Act
    const run = await runCli(['check', '--thresholds-file', path]);

    // Assess
    expect(run.exitCode).toBe(1);
    // (Under jest the fs error crosses realms and reads "Error: EISDIR...".)
    expect(oneErrorLine(run.stderr)).toMatch(new RegExp(`^error: could not read threshold file ${path}: (Error: )?EISDIR: illegal operation on a directory`));
  });

  it.each([
    ['nothing', ''],
    ['only whitespace', ' \n\n'],
    ['only a byte order mark', '\ufeff'],
  ])('an empty file (%s)', async (_name, content) => {
    // Prepare
    const file = join(dir, 'thresholds.json');
    await writeFile(file, content);

    // Act
    const run = await runCli(['check', '--thresholds-file', file]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(oneErrorLine(run.stderr)).toBe(
      `error: threshold file ${file} is empty: add one threshold per product, e.g. { "total": { "daily": 20, "monthly": 500 }, "messaging": 50 }`,
    );
  });

  it('a file without any threshold, and -o json too (nothing on stdout)', async () => {
    // Prepare
    const file = join(dir, 'thresholds.json');
    await writeFile(file, '{}');

    // Act
    const run = await runCli(['check', '--thresholds-file', file, '-o', 'json']);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(oneErrorLine(run.stderr)).toContain(`there are no thresholds in file ${file}. Add one per product`);
  });

  it('prints the JSON log line only with --verbose', async () => {
    // Act
    const run = await runCli(['check', '--verbose', '--thresholds-file', join(dir, 'nope.json')]);

    // Assess
    expect(run.exitCode).toBe(1);
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'ERROR',
      message: 'Could not read thresholds',
      error: expect.stringContaining('does not exist'),
    });
    expect(lines[1]).toMatch(/^error: threshold file .* does not exist/);
  });

  it('AWS unreachable, with what to check', async () => {
    // Prepare: nothing listens on port 9 of this machine
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });

    // Act
    const run = await runCli(['check', '--thresholds-path', '/telnyx-cost-alert/thresholds']).finally(() => {
      for (const key of ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete process.env[key];
      Object.assign(process.env, saved);
    });

    // Assess
    expect(run.exitCode).toBe(1);
    expect(oneErrorLine(run.stderr)).toMatch(
      /^error: could not read the thresholds under \/telnyx-cost-alert\/thresholds: .*connect ECONNREFUSED 127\.0\.0\.1:9/,
    );
    expect(run.stderr).toContain('(AWS could not be reached: check the network connection and AWS_REGION, and AWS_ENDPOINT_URL if it is set)\n');
  });
});

describe('check reads a thresholds file that starts with a UTF-8 byte order mark', () => {
  it('as if the mark were not there', async () => {
    // Prepare
    const file = join(dir, 'thresholds.json');
    await writeFile(file, '\ufeff{"sip-trunking": {"daily": 20, "warnAt": [0.8]}}\n');

    // Act
    const check = await runCli(['check', '--thresholds-file', file]);
    const validate = await runCli(['thresholds', 'validate', '--thresholds-file', file, '--offline']);

    // Assess
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toMatch(/^sip-trunking\s+daily 2026-11-26\s+\d+\.\d\d USD\s+20\.00 USD\s+\d+\.\d%\s+critical$/m);
    expect(validate.exitCode).toBe(0);
    expect(validate.stdout).toContain('All 1 threshold(s) are valid.');
  });
});

describe("check's table notes spend in another currency, as thresholds list does", () => {
  it('on the rows whose product had EUR spend the USD limit does not count', async () => {
    // Act: the sample day has some messaging spend in EUR
    const text = await runCli(['check']);
    const json = await runCli(['check', '-o', 'json']);

    // Assess
    expect(text.stdout).toMatch(/^messaging\s+daily 2026-11-26\s+.*\s+critical\s+EUR spend not counted$/m);
    expect(text.stdout).toMatch(/^sip-trunking\s+daily 2026-11-26\s+.*\s+critical$/m);
    const evaluations = (JSON.parse(json.stdout) as { evaluations: Array<{ product: string; period: string; notCounted?: string[] }> }).evaluations;
    expect(evaluations.find((e) => e.product === 'messaging' && e.period === 'daily')?.notCounted).toEqual(['EUR']);
    expect(evaluations.find((e) => e.product === 'sip-trunking')?.notCounted).toBeUndefined();
  });
});

describe('check --publish to a topic that does not exist', () => {
  const aws = useMotoForCli();
  const KEY = 'key-for-the-simulator';
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({ apiKey: KEY, now: () => new Date(CHECK_TIME) });
  });

  afterAll(async () => {
    await simulator.close();
  });

  it('says why once in the problems list, naming --topic-arn, and exits 1', async () => {
    // Prepare: a topic exists, but not the one given
    const sns = new SNSClient({});
    await sns.send(new CreateTopicCommand({ Name: 'TelnyxCostAlert-Alerts' }));
    sns.destroy();
    const missing = 'arn:aws:sns:us-east-1:123456789012:TelnyxCostAlert-Typo';

    // Act
    const run = await runCli(['check', '--publish', '--topic-arn', missing, '--base-url', simulator.url], { env: { TELNYX_API_KEY: KEY } });

    // Assess
    expect(run.exitCode).toBe(1);
    const problems = run.stdout.slice(run.stdout.indexOf('Problems ('));
    const reason = `could not publish to ${missing}: the topic does not exist in us-east-1 for this account; check --topic-arn (the stack output AlertTopicArn)`;
    expect(problems.split(reason)).toHaveLength(2);
    expect(problems).toMatch(/^ {2}- alert not published: \[CRITICAL\] Telnyx sip-trunking/m);
    expect(`${run.stdout}${run.stderr}`).not.toContain('ALERT_TOPIC_ARN');
    expect(run.stderr).not.toContain('Could not publish alert');
    expect(await aws.moto().sentNotifications('arn:aws:sns:us-east-1:123456789012:TelnyxCostAlert-Alerts')).toEqual([]);
  });

  it('digest --publish says the same, in one error line', async () => {
    // Act
    const missing = 'arn:aws:sns:us-east-1:123456789012:TelnyxCostAlert-Typo';
    const run = await runCli(['digest', '--publish', '--topic-arn', missing, '--base-url', simulator.url], { env: { TELNYX_API_KEY: KEY } });

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      `error: the digest was not sent: could not publish to ${missing}: the topic does not exist in us-east-1 for this account; check --topic-arn (the stack output AlertTopicArn)\n`,
    );
    expect(run.stderr).not.toContain('ALERT_TOPIC_ARN');
  });
});
