import 'aws-sdk-client-mock-jest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { type Receiver, startReceiver } from '../support/http-receiver';
import { runCli } from './run-cli';

const ssm = mockClient(SSMClient);
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX';
let directory: string;

function listFile(list: unknown): string {
  const file = path.join(directory, `destinations-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof list === 'string' ? list : JSON.stringify(list));
  return file;
}

beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'destinations-'));
});

beforeEach(() => {
  ssm.reset();
});

describe('destinations validate', () => {
  it('lists each destination and what it takes, exit code 0', async () => {
    // Prepare
    const file = listFile([
      { type: 'slack', url: SLACK_URL, severities: ['critical', 'error'] },
      { type: 'webhook', url: 'https://receiver.example.com/hook', secret: SECRET },
    ]);
    // Act
    const run = await runCli(['destinations', 'validate', '--file', file]);
    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      'ok       destination 1 (slack, hooks.slack.com): severities critical, error; every signal\n' +
        'ok       destination 2 (webhook, receiver.example.com): every severity; every signal\n',
    );
    expect(run.stderr).toBe(`the file ${file}: 2 destination(s), no problem.\n`);
  });

  it('names every problem by position, never a secret, exit code 1', async () => {
    // Prepare
    const file = listFile([{ type: 'slack', url: SLACK_URL.replace('https', 'http') }, { type: 'pagerduty' }]);
    // Act
    const run = await runCli(['destinations', 'validate', '--file', file]);
    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^problem {2}destination 1 \(slack\): url uses http:\/\/.*\nproblem {2}destination 2 \(pagerduty\): needs "routingKey"/);
    expect(run.stdout + run.stderr).not.toContain('XXXXsecretXXXX');
  });

  it('reads the SecureString parameter the relay reads, decrypted', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify([{ type: 'slack', url: SLACK_URL }]) } });
    // Act
    const run = await runCli(['destinations', 'validate']);
    // Assess
    expect(run.exitCode).toBe(0);
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: '/telnyx-cost-alert/destinations', WithDecryption: true });
    expect(run.stderr).toContain('the SSM parameter /telnyx-cost-alert/destinations: 1 destination(s), no problem.');
  });

  it('refuses --file with --parameter as a usage error, exit code 2', async () => {
    // Act
    const run = await runCli(['destinations', 'validate', '--file', 'a.json', '--parameter', '/x']);
    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('error: give either --file or --parameter, not both\n');
  });
});

describe('test-alert --destinations-file', () => {
  let receiver: Receiver;
  let simulator: RunningSimulator;

  beforeEach(async () => {
    receiver = await startReceiver();
    simulator = await startSimulator({ apiKey: 'KEY-cli-0001' });
  });

  afterEach(async () => {
    await receiver.close();
    await simulator.close();
  });

  it('posts the test alert straight to each destination of a local list, and says what each answered', async () => {
    // Prepare
    const file = listFile([
      { type: 'slack', url: `${receiver.url}/slack` },
      { type: 'webhook', url: `${receiver.url}/webhook`, secret: SECRET },
      { type: 'telnyx-sms', from: '+15555550100', to: ['+15555550123'] },
      { type: 'slack', url: `${receiver.url}/digests`, signals: ['digest'] },
    ]);
    // Act
    const run = await runCli(['test-alert', '--destinations-file', file], { env: { TELNYX_API_KEY: 'KEY-cli-0001', TELNYX_API_BASE_URL: simulator.url } });
    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^delivered {2}destination 1 \(slack, 127\.0\.0\.1:\d+\) \(HTTP 200\)$/m);
    expect(run.stdout).toMatch(/^delivered {2}destination 3 \(telnyx-sms\) to \+15555550123 \(HTTP 200\)$/m);
    expect(run.stdout).toMatch(/^skipped {4}destination 4 \(slack, 127\.0\.0\.1:\d+\): it takes every severity; signals digest$/m);
    expect(JSON.parse(receiver.on('/slack')[0]?.body ?? '{}')).toMatchObject({ text: ':rotating_light: [TEST] Telnyx cost alert: test message (critical)' });
    expect(JSON.parse(receiver.on('/webhook')[0]?.body ?? '{}')).toMatchObject({ signal: 'test', alertKey: 'test|2026-11-26T14:00:00Z' });
    expect(receiver.on('/digests')).toEqual([]);
    expect(simulator.messages[0]?.text).toMatch(/^Telnyx cost alert TEST \(critical\)/);
  });

  it('exits 1 naming the destination that refused, and still posts to the others', async () => {
    // Prepare
    receiver.answer('/slack', { status: 404, body: 'no_service' });
    const file = listFile([
      { type: 'slack', url: `${receiver.url}/slack` },
      { type: 'webhook', url: `${receiver.url}/webhook`, secret: SECRET },
    ]);
    // Act
    const run = await runCli(['test-alert', '--destinations-file', file]);
    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^failed {5}destination 1 \(slack, 127\.0\.0\.1:\d+\): answered HTTP 404: no_service/m);
    expect(receiver.on('/webhook')).toHaveLength(1);
  });

  it('refuses --destinations-file with --topic-arn as a usage error', async () => {
    // Act
    const run = await runCli(['test-alert', '--destinations-file', 'd.json', '--topic-arn', 'arn:aws:sns:eu-central-1:123456789012:t']);
    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--destinations-file posts straight to the destinations');
  });
});
