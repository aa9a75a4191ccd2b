/**
 * THRESHOLDS_PATH one level too high (/telnyx-cost-alert, which holds /telnyx-cost-alert/api-key): the handler sends
 * one error alert naming THRESHOLDS_PATH and the key's parameter, and reads nothing from that path. AWS is faked
 * with aws-sdk-client-mock to assert the exact commands; Telnyx is a closed local port (unreachable), the case in
 * which the key once ended up in an alert body.
 */
import 'aws-sdk-client-mock-jest';
import { createServer } from 'node:net';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { CheckFailedError } from '../../functions/cost-alert/use-cases/check/run-check';
import { createHandler } from '../../functions/cost-alert/handler';
import { testHandlerOptions } from '../support/handler-options';

const NOW = Date.parse('2026-11-26T14:00:00Z');
const API_KEY = 'KEY-must-never-be-shown-0123456789';
const API_KEY_PARAMETER = '/telnyx-cost-alert/api-key';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts';

const ssm = mockClient(SSMClient);
const sns = mockClient(SNSClient);
const dynamo = mockClient(DynamoDBClient);

/** A loopback port nothing listens on: Telnyx is unreachable. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 9));
    });
  });
}

beforeEach(() => {
  for (const mock of [ssm, sns, dynamo]) mock.reset();
  ssm.on(GetParameterCommand, { Name: API_KEY_PARAMETER }).resolves({ Parameter: { Name: API_KEY_PARAMETER, Type: 'SecureString', Value: API_KEY } });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  dynamo.on(PutItemCommand).resolves({});
});

describe('the function with THRESHOLDS_PATH above the API key', () => {
  it('sends one error alert naming THRESHOLDS_PATH and the key parameter, reads nothing from the path, and never shows the key', async () => {
    // Prepare
    const handler = createHandler(
      {
        apiKeyParameter: API_KEY_PARAMETER,
        thresholdsPath: '/telnyx-cost-alert',
        topicArn: TOPIC,
        ledgerTable: 'alert-ledger',
        telnyxBaseUrl: `http://127.0.0.1:${await closedPort()}/v2`,
        timeZone: 'UTC',
        maxConcurrency: 1,
      },
      testHandlerOptions(() => NOW, { sleep: async () => undefined }),
    );

    // Act
    const run = handler({}, { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'req-key-path' });

    // Assess
    await expect(run).rejects.toThrow(CheckFailedError);
    // SSM: the API key's read for Telnyx, and nothing else (no GetParametersByPath of the path at all).
    expect(ssm.calls().map((call) => [call.args[0].constructor.name, call.args[0].input])).toEqual([
      ['GetParameterCommand', { Name: API_KEY_PARAMETER, WithDecryption: true }],
    ]);
    const published = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    const aboutThePath = published.filter((input) => input.Message?.includes('THRESHOLDS_PATH'));
    expect(aboutThePath).toHaveLength(1);
    expect(aboutThePath[0]?.Subject).toBe('[ERROR] Telnyx cost alert, all: Thresholds could not be read');
    expect(aboutThePath[0]?.Message).toContain(
      `THRESHOLDS_PATH /telnyx-cost-alert contains the API-key parameter ${API_KEY_PARAMETER}, so nothing under it is read as a threshold`,
    );
    expect(aboutThePath[0]?.Message).toContain('such as /telnyx-cost-alert/thresholds');
    // Nothing published (Telnyx's outage alert included) holds the key, whole or in part, or proposes overwriting it.
    for (const input of published) {
      expect(JSON.stringify(input)).not.toContain(API_KEY.slice(4, 20));
      expect(JSON.stringify(input)).not.toMatch(/put-parameter --name \/telnyx-cost-alert\/api-key/);
    }
  });
});
