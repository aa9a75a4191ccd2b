/**
 * What the deployed stack provides, made in moto's server for a test: the alert ledger table (keyed on `pk`,
 * on demand, as the stack defines it), the alert topic, the API-key SecureString and threshold parameters.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Moto } from './moto';

/** SDK client settings that reach this moto server whatever the environment holds. */
export function motoClientConfig(moto: Moto) {
  return { endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}

export async function createLedgerTable(dynamo: DynamoDBClient, table: string): Promise<void> {
  await dynamo.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

export interface StackResources {
  readonly ledgerTable: string;
  readonly apiKey: { readonly parameter: string; readonly value: string };
  /** Threshold parameters `<path>/<product>` (String). */
  readonly thresholds?: { readonly path: string; readonly values: Readonly<Record<string, string>> };
}

/** Creates the stack's resources in moto; resolves with the alert topic's ARN. */
export async function createStackResources(moto: Moto, resources: StackResources): Promise<string> {
  const config = motoClientConfig(moto);
  const sns = new SNSClient(config);
  const ssm = new SSMClient(config);
  const dynamo = new DynamoDBClient(config);
  try {
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'telnyx-cost-alerts' }))).TopicArn ?? '';
    await ssm.send(new PutParameterCommand({ Name: resources.apiKey.parameter, Type: 'SecureString', Value: resources.apiKey.value }));
    for (const [product, value] of Object.entries(resources.thresholds?.values ?? {})) {
      await ssm.send(new PutParameterCommand({ Name: `${resources.thresholds?.path}/${product}`, Type: 'String', Value: value }));
    }
    await createLedgerTable(dynamo, resources.ledgerTable);
    return topicArn;
  } finally {
    for (const client of [sns, ssm, dynamo]) client.destroy();
  }
}
