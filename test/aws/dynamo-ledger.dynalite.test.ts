/**
 * The ledger contract against dynalite (a DynamoDB emulator): the condition expressions are evaluated
 * for real here, where the mocked tests can only check that they are sent.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoAlertLedger } from '../../functions/cost-alert/aws/dynamo-ledger';
import { describeLedgerContract } from '../local/ledger-contract';

// dynalite ships no type declarations; this is the one call used.
const dynalite = createRequire(__filename)('dynalite') as (options: { createTableMs: number }) => Server;

const TABLE = 'alert-ledger';
let server: Server;
let client: DynamoDBClient;
let keys = 0;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

afterAll(async () => {
  client?.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

describeLedgerContract('DynamoAlertLedger on dynalite', () => new DynamoAlertLedger(client, TABLE), () => `key-${++keys}`);
