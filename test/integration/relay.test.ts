/**
 * The relay end to end: alerts published for real to SNS on moto's server, the SNS event a Lambda subscriber gets
 * built from what moto recorded, the destinations in a SecureString on moto, the delivery memory in the ledger table
 * on moto, Slack/Teams/PagerDuty/webhook played by a local HTTP receiver and Telnyx by the simulator. The tests assert
 * what the receiver and the simulator got, and what the table holds.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import { createRelayHandler, handler as lambdaHandler } from '../../functions/alert-relay/handler';
import { RelayFailedError } from '../../functions/alert-relay/relay';
import { SnsAlertPublisher } from '../../functions/cost-alert/aws/sns-publisher';
import type { Alert } from '../../functions/cost-alert/domain/types';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { criticalAlert, digest, warningAlert } from '../alert-relay/fixtures';
import { type Moto, startMoto } from '../support/moto';
import { createLedgerTable } from '../support/moto-stack';
import { type Receiver, startReceiver } from '../support/http-receiver';

const TABLE = 'alert-ledger';
const DESTINATIONS = '/telnyx-cost-alert/destinations';
const API_KEY_PARAMETER = '/telnyx-cost-alert/api-key';
const API_KEY = 'KEY-relay-secret-0001';
const ROUTING_KEY = 'R0123456789abcdefghijklmnopqrstu';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

let moto: Moto;
let ssm: SSMClient;
let sns: SNSClient;
let dynamo: DynamoDBClient;
let receiver: Receiver;
let simulator: RunningSimulator;
let topicArn: string;
const saved = { ...process.env };

/** Every type, each at its own path of the receiver (telnyx-sms goes to the simulator). */
function everyDestination(extra: Record<string, unknown> = {}): unknown[] {
  return [
    { type: 'slack', url: `${receiver.url}/slack/T000/B000/slack-token-0001`, ...extra },
    { type: 'teams', url: `${receiver.url}/teams/teams-token-0001`, ...extra },
    { type: 'pagerduty', routingKey: ROUTING_KEY, url: `${receiver.url}/pagerduty`, ...extra },
    { type: 'webhook', url: `${receiver.url}/webhook`, secret: SECRET, ...extra },
    { type: 'telnyx-sms', from: '+15555550100', to: ['+15555550123', '+15555550124'], ...extra },
  ];
}

async function putDestinations(list: unknown): Promise<void> {
  const value = typeof list === 'string' ? list : JSON.stringify(list);
  await ssm.send(new PutParameterCommand({ Name: DESTINATIONS, Type: 'SecureString', Value: value, Overwrite: true }));
}

/** Publishes `alert` to the topic for real and returns the SNS event its Lambda subscriber gets. */
async function publishedEvent(alert: Alert): Promise<SNSEvent> {
  await new SnsAlertPublisher(sns, topicArn).publish(alert);
  const sent = (await moto.sentNotifications(topicArn)).at(-1);
  if (!sent) throw new Error('nothing published');
  const bodies = JSON.parse(sent.message) as Record<string, string>;
  return snsEvent(sent.messageId, bodies['lambda'] ?? '', sent.subject, sent.attributes);
}

function snsEvent(messageId: string, message: string, subject: string | null = null, attributes: Record<string, string> = {}): SNSEvent {
  const Sns = {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: topicArn,
    Subject: subject,
    Message: message,
    Timestamp: '2026-11-26T13:05:10.000Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLE',
    SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/cert.pem',
    UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/unsubscribe',
    MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { Type: 'String', Value: value }])),
  };
  return { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${topicArn}:sub`, Sns }] } as unknown as SNSEvent;
}

/** A container as Lambda would make it, with retries that wait no real time. */
function relay() {
  return createRelayHandler(
    { destinationsParameter: DESTINATIONS, apiKeyParameter: API_KEY_PARAMETER, telnyxBaseUrl: simulator.url, ledgerTable: TABLE },
    { logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }), sleep: async () => undefined },
  );
}

const bodyOf = (path: string, index = 0) => JSON.parse(receiver.on(path)[index]?.body ?? 'null') as Record<string, unknown>;

beforeAll(async () => {
  moto = await startMoto();
  for (const name of ['AWS_ENDPOINT_URL_SSM', 'AWS_ENDPOINT_URL_SNS', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_PROFILE']) delete process.env[name];
  Object.assign(process.env, moto.env);
  ssm = new SSMClient({});
  sns = new SNSClient({});
  dynamo = new DynamoDBClient({});
});

afterAll(async () => {
  for (const client of [ssm, sns, dynamo]) client?.destroy();
  await moto?.stop();
  process.env = saved;
});

beforeEach(async () => {
  await moto.reset();
  receiver = await startReceiver();
  simulator = await startSimulator({ apiKey: API_KEY });
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'telnyx-cost-alerts' }))).TopicArn ?? '';
  await createLedgerTable(dynamo, TABLE);
  await ssm.send(new PutParameterCommand({ Name: API_KEY_PARAMETER, Type: 'SecureString', Value: API_KEY }));
});

afterEach(async () => {
  await receiver.close();
  await simulator.close();
});

describe('the relay', () => {
  it('delivers a published alert to every destination type, as each one expects it', async () => {
    // Prepare
    await putDestinations(everyDestination());
    const event = await publishedEvent(criticalAlert);

    // Act
    const result = await relay()(event);

    // Assess
    expect(result).toEqual({ messages: 1, delivered: 6, alreadyDelivered: 0 });
    expect(bodyOf('/slack/T000/B000/slack-token-0001')).toMatchObject({ text: expect.stringContaining(criticalAlert.message.subject) });
    expect(bodyOf('/teams/teams-token-0001')).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
    expect(bodyOf('/pagerduty')).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: criticalAlert.key,
      payload: { severity: 'critical' },
    });
    const webhook = receiver.on('/webhook')[0];
    expect(webhook?.body).toBe(event.Records[0]?.Sns.Message);
    expect(webhook?.headers).toMatchObject({ 'webhook-id': event.Records[0]?.Sns.MessageId, 'webhook-signature': expect.stringMatching(/^v1,/) });
    // One request per number, sent at once: compared in number order.
    expect(simulator.messages.map(({ from, to, text }) => ({ from, to, text })).sort((a, b) => a.to.localeCompare(b.to))).toEqual([
      { from: '+15555550100', to: '+15555550123', text: criticalAlert.message.sms },
      { from: '+15555550100', to: '+15555550124', text: criticalAlert.message.sms },
    ]);
    expect(simulator.requests.find((request) => request.path === '/v2/messages')?.headers['authorization']).toBe(`Bearer ${API_KEY}`);
  });

  it('does not deliver again to destinations a retried invocation already reached', async () => {
    // Prepare: PagerDuty fails three times (every try of the first invocation)
    await putDestinations(everyDestination());
    receiver.answer('/pagerduty', { status: 500 }, { status: 500 }, { status: 500 });
    const event = await publishedEvent(criticalAlert);
    const handler = relay();

    // Act
    const first = handler(event);
    await expect(first).rejects.toBeInstanceOf(RelayFailedError);
    await expect(first).rejects.toThrow(/destination 3 \(pagerduty, 127\.0\.0\.1:\d+\): answered HTTP 500/);
    const retried = await relay()(event);

    // Assess: the retry sent PagerDuty alone; everyone else got the alert once
    expect(retried).toEqual({ messages: 1, delivered: 1, alreadyDelivered: 5 });
    expect(receiver.on('/pagerduty')).toHaveLength(4);
    for (const path of ['/slack/T000/B000/slack-token-0001', '/teams/teams-token-0001', '/webhook']) expect(receiver.on(path)).toHaveLength(1);
    expect(simulator.messages).toHaveLength(2);
  });

  it('delivers to the others when one destination fails, then fails the invocation naming only that one', async () => {
    // Prepare
    await putDestinations(everyDestination());
    receiver.answer('/slack/T000/B000/slack-token-0001', { status: 404, body: 'no_service' });

    // Act
    const invocation = relay()(await publishedEvent(criticalAlert));

    // Assess
    await expect(invocation).rejects.toThrow(
      /^1 destination\(s\) did not get the message: destination 1 \(slack, 127\.0\.0\.1:\d+\): answered HTTP 404: no_service/,
    );
    await expect(invocation).rejects.not.toThrow(/slack-token-0001/);
    expect(receiver.on('/pagerduty')).toHaveLength(1);
    expect(receiver.on('/webhook')).toHaveLength(1);
    expect(simulator.messages).toHaveLength(2);
  });

  it('names a bad item by its position, never by its secret, and still delivers the rest', async () => {
    // Prepare
    await putDestinations([
      { type: 'slack', url: `${receiver.url}/slack/T000/B000/slack-token-0001` },
      { type: 'pagerduty', routingKey: 'https://events.pagerduty.com' },
      { type: 'webhook', url: `${receiver.url}/webhook`, secret: SECRET },
    ]);

    // Act
    const invocation = relay()(await publishedEvent(criticalAlert));

    // Assess
    await expect(invocation).rejects.toThrow(/destination 2 \(pagerduty\): routingKey is not an Events API v2 integration key/);
    expect(receiver.on('/slack/T000/B000/slack-token-0001')).toHaveLength(1);
    expect(receiver.on('/webhook')).toHaveLength(1);
  });

  it('sends each destination only the severities and signals it asked for', async () => {
    // Prepare
    await putDestinations([
      { type: 'slack', url: `${receiver.url}/critical-only`, severities: ['critical', 'error'] },
      { type: 'slack', url: `${receiver.url}/digest-only`, signals: ['digest'] },
      { type: 'slack', url: `${receiver.url}/everything` },
    ]);
    const handler = relay();

    // Act
    await handler(await publishedEvent(warningAlert));
    await handler(await publishedEvent(digest));

    // Assess
    expect(receiver.on('/critical-only')).toHaveLength(0);
    expect(receiver.on('/digest-only')).toHaveLength(1);
    expect(receiver.on('/everything')).toHaveLength(2);
  });

  it('remembers deliveries under relay| keys of the ledger table, for a day', async () => {
    // Prepare
    await putDestinations([{ type: 'webhook', url: `${receiver.url}/webhook`, secret: SECRET }]);
    const event = await publishedEvent(criticalAlert);

    // Act
    await relay()(event);

    // Assess
    const items = (await dynamo.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
    expect(items).toHaveLength(1);
    expect(items[0]?.['pk']?.S).toMatch(new RegExp(`^relay\\|${event.Records[0]?.Sns.MessageId}\\|[0-9a-f]{16}$`));
    expect(items[0]?.['state']?.S).toBe('delivered');
    expect(Number(items[0]?.['expiresAt']?.N) - Date.now() / 1000).toBeGreaterThan(23 * 3600);
  });

  it('fails on a missing destinations parameter, naming it and how to create it', async () => {
    // Act
    const invocation = relay()(await publishedEvent(criticalAlert));

    // Assess
    await expect(invocation).rejects.toThrow(`${DESTINATIONS} does not exist: create it`);
  });

  it('reports a Telnyx refusal for the number it concerns, without the API key', async () => {
    // Prepare
    await putDestinations([{ type: 'telnyx-sms', from: '+15555550100', to: ['+15555550123', '+15555550124'] }]);
    simulator.injectFault({
      match: { path: '/messages' },
      status: 403,
      body: `{"errors":[{"code":"10010","title":"Authorization failed","detail":"key ${API_KEY} may not send"}]}`,
    });

    // Act
    const invocation = relay()(await publishedEvent(criticalAlert));

    // Assess
    // The two numbers are sent to at once: whichever got the refusal is named, and the other got its SMS.
    await expect(invocation).rejects.toThrow(
      /^1 destination\(s\) did not get the message: destination 1 \(telnyx-sms\) to \+1555555012[34]: answered HTTP 403/,
    );
    await expect(invocation).rejects.not.toThrow(API_KEY);
    const refused = /to (\+\d+)/.exec(String(await invocation.catch((error: unknown) => error)))?.[1];
    expect(simulator.messages.map((message) => message.to)).toEqual(['+15555550123', '+15555550124'].filter((number) => number !== refused));
  });
});

describe('the Lambda handler export', () => {
  it('reads its configuration from the environment and delivers', async () => {
    // Prepare
    Object.assign(process.env, {
      DESTINATIONS_PARAMETER: DESTINATIONS,
      TELNYX_API_KEY_PARAMETER: API_KEY_PARAMETER,
      TELNYX_API_BASE_URL: simulator.url,
      ALERT_LEDGER_TABLE: TABLE,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    await putDestinations([
      { type: 'slack', url: `${receiver.url}/slack` },
      { type: 'telnyx-sms', from: '+15555550100', to: ['+15555550123'] },
    ]);

    // Act
    const result = await lambdaHandler(await publishedEvent(criticalAlert));

    // Assess
    expect(result).toEqual({ messages: 1, delivered: 2, alreadyDelivered: 0 });
    expect(receiver.on('/slack')).toHaveLength(1);
    expect(simulator.messages).toHaveLength(1);
  });
});
