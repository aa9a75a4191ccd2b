/**
 * The alert ledger in DynamoDB: one item per alert series (`pk`), written only through conditional
 * writes so that overlapping or retried runs send each alert once. TTL on `expiresAt` forgets old periods.
 *
 * Item: { pk S, rank N, state 'claimed'|'sent' S, token S, leaseUntil N (epoch ms, claimed only),
 *         expiresAt N (epoch s), updatedAt S (ISO) }
 */
import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AlertClaim, AlertLedger, ClaimRequest, ClaimResult } from '../ports';

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

type Item = Record<string, AttributeValue>;

/** What this ledger's claims carry beyond the port's: the TTL that confirm keeps, and the item to restore. */
export interface DynamoAlertClaim extends AlertClaim {
  readonly expiresAt: Date;
  readonly previous?: Item;
}

// A lapsed claim is taken over only at its rank or above: a run that read part of the usage must not send a
// lower level over a higher one that a crashed run had claimed (and that the full spend still crosses).
export const CLAIM_CONDITION =
  'attribute_not_exists(pk) OR (#state = :sent AND #rank < :rank) OR (#state = :claimed AND leaseUntil < :now AND #rank <= :rank)';
/** Confirm and release touch the item only while it still holds our claim. */
export const OWNED_CONDITION = '#token = :token';

export class DynamoAlertLedger implements AlertLedger {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly tableName: string,
    private readonly newToken: () => string = () => randomUUID(),
  ) {}

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const token = this.newToken();
    try {
      const output = await this.dynamo.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: request.key },
            rank: { N: String(request.rank) },
            state: { S: 'claimed' },
            token: { S: token },
            leaseUntil: { N: String(request.leaseUntil.getTime()) },
            expiresAt: { N: epochSeconds(request.expiresAt) },
            updatedAt: { S: request.now.toISOString() },
          },
          ConditionExpression: CLAIM_CONDITION,
          ExpressionAttributeNames: { '#state': 'state', '#rank': 'rank' },
          ExpressionAttributeValues: {
            ':sent': { S: 'sent' },
            ':claimed': { S: 'claimed' },
            ':rank': { N: String(request.rank) },
            ':now': { N: String(request.now.getTime()) },
          },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const claim: DynamoAlertClaim = {
        key: request.key,
        rank: request.rank,
        token,
        expiresAt: request.expiresAt,
        ...(output.Attributes ? { previous: output.Attributes } : {}),
      };
      return { status: 'claimed', claim };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) {
        throw new LedgerError(writeFailure(this.tableName, 'claim', request.key, error), { cause: error });
      }
      return { status: await this.refusal(request.key, error.Item) };
    }
  }

  /**
   * Marks the claimed alert as sent. When the item no longer holds our claim (our lease ran out and
   * another run took it), this returns quietly: the alert did go out, the item now belongs to that run,
   * and throwing would only report a delivered alert as a failure.
   */
  async confirm(claim: AlertClaim, now: Date): Promise<void> {
    const { expiresAt } = ownClaim(claim);
    await this.ifStillOurs(claim, 'confirm', {
      pk: { S: claim.key },
      rank: { N: String(claim.rank) },
      state: { S: 'sent' },
      token: { S: claim.token },
      expiresAt: { N: epochSeconds(expiresAt) },
      updatedAt: { S: now.toISOString() },
    });
  }

  /** Undoes a claim whose publish failed: restores what was there before, or removes the item. */
  async release(claim: AlertClaim): Promise<void> {
    const { previous } = ownClaim(claim);
    await this.ifStillOurs(claim, 'release', previous);
  }

  /** Puts `item` (or deletes the key when there is none) only while the item holds our claim's token. */
  private async ifStillOurs(claim: AlertClaim, action: string, item: Item | undefined): Promise<void> {
    const condition = {
      ConditionExpression: OWNED_CONDITION,
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':token': { S: claim.token } },
    };
    try {
      if (item) {
        await this.dynamo.send(new PutItemCommand({ TableName: this.tableName, Item: item, ...condition }));
      } else {
        await this.dynamo.send(
          new DeleteItemCommand({ TableName: this.tableName, Key: { pk: { S: claim.key } }, ...condition }),
        );
      }
    } catch (error) {
      // Someone else owns the item now; what it holds is theirs to settle.
      if (error instanceof ConditionalCheckFailedException) return;
      throw new LedgerError(writeFailure(this.tableName, action, claim.key, error), { cause: error });
    }
  }

  /** Why a claim was refused, from the item that refused it. */
  private async refusal(key: string, refusingItem: Item | undefined): Promise<'already-sent' | 'in-flight'> {
    // Emulators without ReturnValuesOnConditionCheckFailure (dynalite) leave the item out: read it.
    const item = refusingItem ?? (await this.read(key));
    // A missing item means the claim that refused us was just released: holding off is the safe answer,
    // the next run claims it.
    return item?.['state']?.S === 'sent' ? 'already-sent' : 'in-flight';
  }

  private async read(key: string): Promise<Item | undefined> {
    try {
      const output = await this.dynamo.send(
        new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: key } }, ConsistentRead: true }),
      );
      return output.Item;
    } catch (error) {
      throw new LedgerError(writeFailure(this.tableName, 'read', key, error), { cause: error });
    }
  }
}

function ownClaim(claim: AlertClaim): DynamoAlertClaim {
  if (!('expiresAt' in claim) || !(claim.expiresAt instanceof Date)) {
    throw new LedgerError(`the claim on ${claim.key} was not made by DynamoAlertLedger.claim: pass its claim unchanged`);
  }
  return claim as DynamoAlertClaim;
}

function epochSeconds(date: Date): string {
  return String(Math.floor(date.getTime() / 1000));
}

function writeFailure(tableName: string, action: string, key: string, error: unknown): string {
  const what = `could not ${action} ${key} in the ledger table ${tableName}`;
  switch (error instanceof Error ? error.name : undefined) {
    case 'AccessDeniedException':
      return `${what}: grant dynamodb:GetItem, PutItem and DeleteItem on the table`;
    case 'ResourceNotFoundException':
      return `${what}: the table does not exist; check the configured table name and region`;
    case 'ProvisionedThroughputExceededException':
    case 'ThrottlingException':
    case 'RequestLimitExceeded':
      return `${what}: DynamoDB throttled the request; the next run tries again`;
    default:
      return `${what}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
