/**
 * The API key is never a threshold, end to end on moto's server: the key as a SecureString beside the thresholds,
 * a path one level too high, and a SecureString under the thresholds path. The function (the handler, Telnyx
 * unreachable or the simulator) and the CLI read the same SSM; assertions are on what SNS received and what the
 * CLI printed, and the key's value must appear in neither.
 */
import { createServer } from 'node:net';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CheckFailedError } from '../../functions/cost-alert/use-cases/check/run-check';
import type { Config } from '../../functions/cost-alert/config';
import { createHandler } from '../../functions/cost-alert/handler';
import { PRODUCT_CATALOGUE } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { runCli } from '../cli/run-cli';
import { type Moto, startMoto } from '../support/moto';
import { testHandlerOptions } from '../support/handler-options';
import { createStackResources, motoClientConfig } from '../support/moto-stack';

const NOW = Date.parse('2026-11-26T14:00:00Z');
const API_KEY = 'KEY-never-a-threshold-0123456789abcdef';
const API_KEY_PARAMETER = '/telnyx-cost-alert/api-key';
const PATH = '/telnyx-cost-alert/thresholds';
const SECRET_UNDER_PATH = 'a-webhook-secret-put-in-the-wrong-place';
const TABLE = 'alert-ledger';
const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'req-key-path' };

let moto: Moto;
let topicArn = '';
let simulator: RunningSimulator;
const saved = { ...process.env };

async function closedPortUrl(): Promise<string> {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 9));
    });
  });
  return `http://127.0.0.1:${port}/v2`;
}

function handlerWith(thresholdsPath: string, telnyxBaseUrl: string) {
  const config: Config = {
    apiKeyParameter: API_KEY_PARAMETER,
    thresholdsPath,
    topicArn,
    ledgerTable: TABLE,
    telnyxBaseUrl,
    timeZone: 'UTC',
    maxConcurrency: 2,
  };
  return createHandler(
    config,
    testHandlerOptions(() => NOW, { sleep: async () => undefined }),
  );
}

/** Every published message as one text (subjects, bodies and attributes). */
async function everythingPublished(): Promise<string> {
  return JSON.stringify(await moto.sentNotifications(topicArn));
}

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, moto.env);
  simulator = await startSimulator({
    // 60 USD of messaging today, over its 50 USD threshold: the readable threshold is still checked.
    scenario: {
      products: PRODUCT_CATALOGUE.filter((p) => p.product === 'messaging'),
      records: {
        messaging: [
          { timestamp: new Date('2026-11-26T09:00:00Z'), dimensions: { direction: 'outbound', currency: 'USD' }, metrics: { cost: '60', count: 1, parts: 1 } },
        ],
      },
    },
    now: () => new Date(NOW),
  });
});

afterAll(async () => {
  await simulator.close();
  await moto.stop();
  process.env = saved;
});

beforeEach(async () => {
  await moto.reset();
  topicArn = await createStackResources(moto, {
    ledgerTable: TABLE,
    apiKey: { parameter: API_KEY_PARAMETER, value: API_KEY },
    thresholds: { path: PATH, values: { messaging: '50' } },
  });
  const ssm = new SSMClient(motoClientConfig(moto));
  await ssm.send(new PutParameterCommand({ Name: `${PATH}/voice`, Type: 'SecureString', Value: SECRET_UNDER_PATH }));
  ssm.destroy();
});

describe('the function', () => {
  it('with THRESHOLDS_PATH one level above the key, against an unreachable Telnyx: one alert naming THRESHOLDS_PATH and the key parameter, the key nowhere', async () => {
    // Act
    const run = handlerWith('/telnyx-cost-alert', await closedPortUrl())({}, context);

    // Assess
    await expect(run).rejects.toThrow(CheckFailedError);
    const sent = await moto.sentNotifications(topicArn);
    const aboutThePath = sent.filter((notification) => notification.message.includes('THRESHOLDS_PATH'));
    expect(aboutThePath).toHaveLength(1);
    expect(aboutThePath[0]?.message).toContain(`THRESHOLDS_PATH /telnyx-cost-alert contains the API-key parameter ${API_KEY_PARAMETER}`);
    const everything = await everythingPublished();
    expect(everything).not.toContain(API_KEY.slice(4, 20));
    expect(everything).not.toContain(SECRET_UNDER_PATH);
    expect(everything).not.toMatch(/put-parameter --name \/telnyx-cost-alert\/api-key/);
  });

  it('with a SecureString under the thresholds path: says it is no threshold, never shows it, and checks the others', async () => {
    // Act
    const run = handlerWith(PATH, simulator.url)({}, context);

    // Assess
    await expect(run).rejects.toThrow(CheckFailedError);
    const sent = await moto.sentNotifications(topicArn);
    const subjects = sent.map((notification) => notification.subject ?? '');
    expect(subjects).toEqual(
      expect.arrayContaining(['[ERROR] Telnyx cost alert, voice: Threshold could not be read', expect.stringMatching(/^\[CRITICAL\].*messaging/)]),
    );
    expect(subjects).toHaveLength(2);
    expect(sent.find((notification) => notification.subject?.includes('voice'))?.message).toContain(
      `${PATH}/voice is a SecureString, and a SecureString is not a threshold`,
    );
    const voice = sent.find((notification) => notification.subject?.includes('voice'));
    expect(await everythingPublished()).not.toContain(SECRET_UNDER_PATH);
    expect(voice?.message).not.toContain('put-parameter');
  });
});

describe('the CLI', () => {
  it('refuses --thresholds-path above the key with exit 2, naming the option, before reading anything', async () => {
    // Act
    const run = await runCli(['thresholds', 'validate', '--thresholds-path', '/telnyx-cost-alert'], { env: {} });

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`--thresholds-path /telnyx-cost-alert contains the API-key parameter ${API_KEY_PARAMETER}`);
    expect(run.stdout).toBe('');
    expect(`${run.stdout}${run.stderr}`).not.toContain(API_KEY.slice(4, 20));
  });

  it.each([
    ['thresholds', 'validate'],
    ['thresholds', 'list'],
  ])('%s %s names a SecureString under the path as no threshold and never prints its value', async (...command) => {
    // Act
    const run = await runCli([...command, '--thresholds-path', PATH], { env: {} });

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`${PATH}/voice is a SecureString, and a SecureString is not a threshold`);
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET_UNDER_PATH);
  });

  it('thresholds set never overwrites a SecureString', async () => {
    // Act
    const run = await runCli(['thresholds', 'set', 'voice', '50', '--thresholds-path', PATH], { env: {} });

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`nothing was written: ${PATH}/voice is a SecureString, and a SecureString is not a threshold`);
    const ssm = new SSMClient(motoClientConfig(moto));
    const kept = await ssm.send(new GetParameterCommand({ Name: `${PATH}/voice`, WithDecryption: true }));
    ssm.destroy();
    expect(kept.Parameter).toEqual(expect.objectContaining({ Type: 'SecureString', Value: SECRET_UNDER_PATH }));
  });
});
