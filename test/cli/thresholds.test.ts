import 'aws-sdk-client-mock-jest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from './run-cli';

const ssm = mockClient(SSMClient);
const sts = mockClient(STSClient);

let dir: string;

beforeEach(async () => {
  ssm.reset();
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ops', UserId: 'AIDA' });
  dir = await mkdtemp(join(tmpdir(), 'cli-thresholds-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function thresholdsFile(content: unknown): Promise<string> {
  const file = join(dir, 'thresholds.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

describe('thresholds validate', () => {
  it('lists every problem by its key, describes the valid thresholds, and exits 1', async () => {
    // Prepare
    const file = await thresholdsFile({
      messaging: { dayly: 50 },
      'fax-api': { daily: 5, warnAt: [80] },
      wireless: 'abc',
      'call-control': 10,
    });

    // Act
    const run = await runCli(['thresholds', 'validate', '--file', file]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^call-control\s+daily 10\.00 USD\s+"call-control"$/m);
    expect(run.stdout).toContain('3 problem(s)');
    expect(run.stdout).toContain('- "messaging": Unknown key "dayly": did you mean "daily"?');
    expect(run.stdout).toContain('- "fax-api": "warnAt" must be fractions between 0 and 1 (exclusive), e.g. [0.8]; got [80] (for 80% write 0.8).');
    expect(run.stdout).toContain('- "wireless": The value must be an amount');
    expect(run.stdout).toContain('Not checked without TELNYX_API_KEY: product names, filter dimensions and values');
  });

  it('exits 0 and says so when every threshold is valid', async () => {
    // Prepare
    const file = await thresholdsFile({ messaging: 50, total: { monthly: 900 } });

    // Act
    const run = await runCli(['thresholds', 'validate', '--file', file, '--offline']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('All 2 threshold(s) are valid.');
    expect(run.stdout).toContain('Not checked (--offline): product names, filter dimensions and values.');
  });

  it('reads SSM with --path and names the parameters', async () => {
    // Prepare
    ssm.on(GetParametersByPathCommand).resolves({
      Parameters: [
        { Name: '/cost/thresholds/messaging', Value: '50' },
        { Name: '/cost/thresholds/total', Value: '{"daily": 100, "filter": {"direction": "outbound"}}' },
      ],
    });

    // Act
    const run = await runCli(['thresholds', 'validate', '--path', '/cost/thresholds/', '--offline']);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: '/cost/thresholds', Recursive: true });
    expect(run.stdout).toMatch(/^messaging\s+daily 50\.00 USD\s+\/cost\/thresholds\/messaging$/m);
    expect(run.stdout).toContain('- /cost/thresholds/total: "filter" is not allowed on "total"');
  });

  it('says when there are no thresholds at all', async () => {
    // Prepare
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });

    // Act
    const run = await runCli(['thresholds', 'validate', '--path', '/cost/thresholds', '--offline']);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('there are no thresholds in SSM path /cost/thresholds');
  });
});

describe('thresholds set', () => {
  it('refuses an invalid value with its issues and writes nothing', async () => {
    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '{"daily": 50, "warnAt": [1.5]}']);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Refused, nothing was written');
    expect(run.stderr).toContain('"warnAt" must be fractions between 0 and 1 (exclusive)');
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
  });

  it('writes a valid value as one String parameter under the default path, overwriting', async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({ Version: 2 });

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', ' {"daily": 50, "warnAt": [0.8]} ']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(ssm).toHaveReceivedCommandTimes(PutParameterCommand, 1);
    expect(ssm.commandCalls(PutParameterCommand)[0]?.args[0].input).toEqual({
      Name: '/telnyx-cost-alert/thresholds/messaging',
      Value: '{"daily": 50, "warnAt": [0.8]}',
      Type: 'String',
      Overwrite: true,
    });
    expect(run.stdout).toContain('Set /telnyx-cost-alert/thresholds/messaging = {"daily": 50, "warnAt": [0.8]} (daily 50.00 USD, warn at 80%)');
  });

  it('writes under --path', async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({ Version: 1 });

    // Act
    const run = await runCli(['thresholds', 'set', 'total', '900', '--path', '/team/thresholds']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: '/team/thresholds/total', Value: '900' });
  });

  it('reports a refused write with what to grant, and exits 1', async () => {
    // Prepare
    ssm.on(PutParameterCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '50']);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error: you may not write /telnyx-cost-alert/thresholds/messaging: grant ssm:PutParameter on it');
  });

  it('updates one key of a --file and keeps the others', async () => {
    // Prepare
    const file = await thresholdsFile({ messaging: 50, 'fax-api': { daily: 5 } });

    // Act
    const run = await runCli(['thresholds', 'set', 'sip-trunking', '{"daily": 30, "warnAt": [0.8]}', '--file', file]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ messaging: 50, 'fax-api': { daily: 5 }, 'sip-trunking': { daily: 30, warnAt: [0.8] } });
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
  });

  it('leaves a --file untouched when the value is invalid', async () => {
    // Prepare
    const file = await thresholdsFile('{ "messaging": 50 }\n');

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '{"daily": 0}', '--file', file]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('"daily" must be positive');
    expect(await readFile(file, 'utf8')).toBe('{ "messaging": 50 }\n');
  });

  it('refuses a product name that cannot be a parameter name', async () => {
    // Act
    const run = await runCli(['thresholds', 'set', 'mess aging', '50']);

    // Assess: a bad argument is a usage error
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('"mess aging" is not a product name');
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
  });
});

describe('thresholds set: where it writes, and --dry-run', () => {
  const region = process.env.AWS_REGION;

  beforeEach(() => {
    process.env.AWS_REGION = 'eu-west-1';
  });

  afterEach(() => {
    if (region === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = region;
  });

  it('names the parameter, region and account before writing', async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({ Version: 2 });

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '50', '--offline']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('Writing SSM parameter /telnyx-cost-alert/thresholds/messaging in eu-west-1, account 123456789012\n');
    expect(sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: '/telnyx-cost-alert/thresholds/messaging', Value: '50' });
  });

  it('--dry-run shows where and what, and writes nothing', async () => {
    // Act
    const run = await runCli([
      'thresholds',
      'set',
      'total',
      '{"daily": 100, "warnAt": [0.8]}',
      '--thresholds-path',
      '/team/thresholds',
      '--dry-run',
      '--offline',
    ]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      'Dry run, nothing was written: would set SSM parameter /team/thresholds/total in eu-west-1, account 123456789012 to {"daily": 100, "warnAt": [0.8]} (daily 100.00 USD, warn at 80%).\n',
    );
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
  });

  it('still writes when the account cannot be read, saying so', async () => {
    // Prepare
    sts.on(GetCallerIdentityCommand).rejects(new Error('connect ETIMEDOUT'));
    ssm.on(PutParameterCommand).resolves({ Version: 2 });

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '50', '--offline']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('Writing SSM parameter /telnyx-cost-alert/thresholds/messaging in eu-west-1, account unknown (connect ETIMEDOUT)');
    expect(ssm).toHaveReceivedCommand(PutParameterCommand);
  });

  it('--dry-run with --thresholds-file shows the current value and the new one, and leaves the file as it is', async () => {
    // Prepare
    const file = await thresholdsFile('{ "messaging": 50 }\n');

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '70', '--thresholds-file', file, '--dry-run']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      `Dry run, nothing was written: would set "messaging" in ${file} to 70 (daily 70.00 USD).\n` +
        '  current: 50 (daily 50.00 USD)\n' +
        '  new:     70 (daily 70.00 USD)\n' +
        '  changes: daily 50 -> 70\n',
    );
    expect(await readFile(file, 'utf8')).toBe('{ "messaging": 50 }\n');
  });
});

describe('thresholds list', () => {
  it('prints a header for every column', async () => {
    // Act
    const run = await runCli(['thresholds', 'list']);

    // Assess
    expect(run.stdout).toMatch(/^product\s+threshold\s+today\s+% of daily\s+this month\s+% of monthly\s+note$/m);
  });

  it("shows each sample threshold beside today's spend, and the month's where it has a monthly limit", async () => {
    // Act
    const run = await runCli(['thresholds', 'list']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /^messaging\s+daily 50\.00 USD, warn at 80%, outbound only, spike at 5x the usual hourly spend and 5\.00 USD\/h, managed accounts daily 20\.00 USD, warn at 80%\s+\d+\.\d\d USD\s+\d+\.\d%\s+-\s+-\s+EUR spend not counted$/m,
    );
    expect(run.stdout).toMatch(
      /^wireless\s+daily 5\.00 USD, monthly 300\.00 USD, warn at 80%, forecast\s+\d+\.\d\d USD\s+\d+\.\d%\s+\d+\.\d\d USD\s+\d+\.\d%$/m,
    );
    expect(run.stdout).toMatch(/^total\s+daily 120\.00 USD, monthly 1500\.00 USD/m);
  });

  it("lists an unknown product as a problem (names are checked against the simulator's products) and exits 1", async () => {
    // Prepare
    const file = await thresholdsFile({ messagin: 50, 'fax-api': 5 });

    // Act
    const run = await runCli(['thresholds', 'list', '--file', file]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^fax-api\s+daily 5\.00 USD\s+\d+\.\d\d USD/m);
    expect(run.stdout).toContain('- "messagin": "messagin" is not a Telnyx product with a cost metric: did you mean "messaging"?');
  });

  it('notes a filter that matched none of the rows instead of showing a silent 0.00 (the check sends an error alert for it)', async () => {
    // Prepare
    const file = await thresholdsFile({ messaging: { daily: 5, filter: { direction: 'outbond' } } });

    // Act
    const run = await runCli(['thresholds', 'list', '--thresholds-file', file]);

    // Assess
    expect(run.stdout).toMatch(
      /^messaging\s+daily 5\.00 USD, outbond only\s+0\.00 USD\s+0\.0%\s+-\s+-\s+filter direction=outbond matched none of \d+ rows; values seen: inbound, outbound$/m,
    );
  });
});
