/**
 * The relay's delivery memory in the alert ledger table: one item per (SNS message, destination), written only with
 * conditional writes, forgotten by the table's TTL a day later (Lambda retries an event for at most six hours).
 * Its keys start with `relay|`, which the relay's role is limited to (dynamodb:LeadingKeys).
 *
 * Item: { pk S: relay|<message id>|<destination id>, state 'sending'|'delivered' S, token S, leaseUntil N (epoch ms),
 *         expiresAt N (epoch s), updatedAt S (ISO) }
 */
import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DeliveryMemory, MemoryClaim } from '../ports';

export class DeliveryMemoryError extends Error {
  override readonly name = 'DeliveryMemoryError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** How long a delivery is remembered: well past Lambda's six hours of retries. */
const REMEMBER_MS = 24 * 60 * 60 * 1000;
/** Claimed when nothing is there, or when an earlier claim's lease ran out (its invocation died mid-send). */
export const CLAIM_CONDITION = 'attribute_not_exists(pk) OR (#state = :sending AND leaseUntil < :now)';
const OWNED_CONDITION = '#token = :token';

type Item = Record<string, AttributeValue>;

export class DynamoDeliveryMemory implements DeliveryMemory {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly tableName: string,
    private readonly newToken: () => string = () => randomUUID(),
  ) {}

  async claim(id: string, now: Date, leaseUntil: Date): Promise<MemoryClaim> {
    const token = this.newToken();
    try {
      await this.dynamo.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: this.item(id, 'sending', token, now, leaseUntil),
          ConditionExpression: CLAIM_CONDITION,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': { S: 'sending' }, ':now': { N: String(now.getTime()) } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { status: 'claimed', token };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw this.failure('claim', id, error);
      const seen = nonEmpty(error.Item) ?? (await this.read(id));
      // Gone between the write and the read: released by a failed send, so nothing reached the destination yet.
      return { status: seen?.['state']?.S === 'delivered' ? 'delivered' : 'in-flight' };
    }
  }

  async delivered(id: string, token: string, now: Date): Promise<void> {
    await this.whileOurs(id, token, 'remember', this.item(id, 'delivered', token, now, undefined));
  }

  async release(id: string, token: string): Promise<void> {
    await this.whileOurs(id, token, 'release', undefined);
  }

  private item(id: string, state: 'sending' | 'delivered', token: string, now: Date, leaseUntil: Date | undefined): Item {
    return {
      pk: { S: id },
      state: { S: state },
      token: { S: token },
      ...(leaseUntil === undefined ? {} : { leaseUntil: { N: String(leaseUntil.getTime()) } }),
      expiresAt: { N: String(Math.floor((now.getTime() + REMEMBER_MS) / 1000)) },
      updatedAt: { S: now.toISOString() },
    };
  }

  /** Puts `item` (or deletes the key) only while the item holds our claim: one that lost its lease settles nothing. */
  private async whileOurs(id: string, token: string, action: string, item: Item | undefined): Promise<void> {
    const condition = {
      ConditionExpression: OWNED_CONDITION,
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':token': { S: token } },
    };
    try {
      if (item) await this.dynamo.send(new PutItemCommand({ TableName: this.tableName, Item: item, ...condition }));
      else await this.dynamo.send(new DeleteItemCommand({ TableName: this.tableName, Key: { pk: { S: id } }, ...condition }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw this.failure(action, id, error);
    }
  }

  private async read(id: string): Promise<Item | undefined> {
    try {
      return nonEmpty((await this.dynamo.send(new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: id } }, ConsistentRead: true }))).Item);
    } catch (error) {
      throw this.failure('read', id, error);
    }
  }

  private failure(action: string, id: string, error: unknown): DeliveryMemoryError {
    const what = `could not ${action} ${id} in the table ${this.tableName}`;
    const reason =
      error instanceof Error && error.name === 'AccessDeniedException'
        ? 'grant dynamodb:GetItem, PutItem and DeleteItem on the table for keys starting with relay|'
        : error instanceof Error && error.name === 'ResourceNotFoundException'
          ? 'the table does not exist; check ALERT_LEDGER_TABLE'
          : error instanceof Error
            ? error.message
            : String(error);
    return new DeliveryMemoryError(`${what}: ${reason}`, { cause: error });
  }
}

/** `{}` (what some emulators send for "no item") as undefined. */
function nonEmpty(item: Item | undefined): Item | undefined {
  return item !== undefined && Object.keys(item).length > 0 ? item : undefined;
}

/** The memory on a client with the function's own credentials and region. */
export function memoryOnTable(table: string): DynamoDeliveryMemory {
  return new DynamoDeliveryMemory(new DynamoDBClient({}), table);
}
