/**
 * The ledger contract against moto's server (a real DynamoDB API emulator): the condition expressions are
 * evaluated for real here, where the mocked tests can only check that they are sent.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoAlertLedger } from '../../functions/cost-alert/aws/dynamo-ledger';
import { describeLedgerContract } from '../local/ledger-contract';
import { describeRosterContract } from '../local/roster-contract';
import { type Moto, startMoto } from '../support/moto';
import { createLedgerTable, motoClientConfig } from '../support/moto-stack';

const TABLE = 'alert-ledger';
let moto: Moto;
let client: DynamoDBClient;
let keys = 0;

beforeAll(async () => {
  moto = await startMoto();
  client = new DynamoDBClient(motoClientConfig(moto));
  await createLedgerTable(client, TABLE);
});

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

describeLedgerContract(
  'DynamoAlertLedger on moto',
  () => new DynamoAlertLedger(client, TABLE),
  () => `key-${++keys}`,
);
describeRosterContract(
  'DynamoAlertLedger on moto',
  () => new DynamoAlertLedger(client, TABLE),
  () => `roster-${++keys}`,
);
