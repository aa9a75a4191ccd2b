/**
 * The alert ledger in DynamoDB: one item per alert series (`pk`), written only through conditional
 * writes so that overlapping or retried runs send each alert once. TTL on `expiresAt` forgets old periods.
 *
 * Item: { pk S, rank N, state 'claimed'|'sent' S, token S, leaseUntil N (epoch ms, claimed only),
 *         sentRank N (claimed only: the rank sent before the claim, if any), expiresAt N (epoch s), updatedAt S (ISO) }
 * Who may claim is decided by domain/ledger-rules.ts; the conditions below make each decision atomic.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { decideClaim, type RecordedAlert } from '../domain/ledger-rules';
import type { AccountRoster, AlertClaim, AlertLedger, ClaimRequest, ClaimResult } from '../ports';
import { recallRoster, rememberRoster } from './dynamo-roster';

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

/**
 * The claim, in one write for the common case: nothing recorded, or a lapsed claim over nothing sent (any
 * rank takes that over; see domain/ledger-rules.ts). Anything else is refused here and decided from the
 * item the refusal returns.
 */
export const CLAIM_CONDITION = 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now AND attribute_not_exists(sentRank))';
/**
 * The second write, when the refusing item may be claimed (sent at a lower rank, or a lapsed claim over a lower
 * sent rank): it replaces exactly the item the decision was made on (same token and state), so a run that
 * changed the item meanwhile wins and the decision is made again on what it wrote.
 */
export const TAKEOVER_CONDITION = '#token = :seenToken AND #state = :seenState';
/** Confirm and release touch the item only while it still holds our claim. */
export const OWNED_CONDITION = '#token = :token';
/** Takeovers lost to other runs before the claim answers in flight (the next run decides again). */
const MAX_TAKEOVER_ATTEMPTS = 3;

export class DynamoAlertLedger implements AlertLedger {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly tableName: string,
    private readonly newToken: () => string = () => randomUUID(),
  ) {}

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const token = this.newToken();
    const claimOf = (previous: Item | undefined): ClaimResult => {
      const claim: DynamoAlertClaim = { key: request.key, rank: request.rank, token, expiresAt: request.expiresAt, ...(previous ? { previous } : {}) };
      return { status: 'claimed', claim };
    };

    let seen: Item | undefined;
    try {
      const output = await this.dynamo.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: claimItem(request, token, undefined),
          ConditionExpression: CLAIM_CONDITION,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': { S: 'claimed' }, ':now': { N: String(request.now.getTime()) } },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      // moto 5.1.21 and older answer `Attributes: {}` for a new item, where DynamoDB leaves Attributes out:
      // both mean nothing was there (restoring {} on release would fail with "Missing the key pk").
      return claimOf(nonEmpty(output.Attributes));
    } catch (error) {
      seen = await this.refusingItem(request.key, error, 'claim');
    }

    for (let attempt = 0; attempt < MAX_TAKEOVER_ATTEMPTS; attempt++) {
      // A missing item means the claim that refused us was just released: holding off is the safe answer,
      // the next run claims it.
      if (seen === undefined) return { status: 'in-flight' };
      const recorded = recordedAlert(this.tableName, request.key, seen);
      const decision = decideClaim(recorded, request.rank, request.now.getTime());
      if (!decision.claimable) return { status: decision.status };
      try {
        await this.dynamo.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: claimItem(request, token, decision.sentRank),
            ConditionExpression: TAKEOVER_CONDITION,
            ExpressionAttributeNames: { '#token': 'token', '#state': 'state' },
            ExpressionAttributeValues: { ':seenToken': { S: recorded.token }, ':seenState': { S: recorded.state } },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        // Same token and state: the item replaced is the one seen.
        return claimOf(seen);
      } catch (error) {
        seen = await this.refusingItem(request.key, error, 'claim');
      }
    }
    return { status: 'in-flight' };
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

  /** The roster of a series of managed accounts' alerts (./dynamo-roster.ts): one consistent read. */
  async recallAccounts(key: string): Promise<AccountRoster> {
    try {
      return await recallRoster(this.dynamo, this.tableName, key);
    } catch (error) {
      throw new LedgerError(writeFailure(this.tableName, 'read the roster', key, error), { cause: error });
    }
  }

  /** Adds entries to a roster: one conditional write, merged onto another run's write when it lost to one. */
  async rememberAccounts(key: string, recalled: AccountRoster, entries: ReadonlyMap<string, number>, expiresAt: Date, now: Date): Promise<void> {
    try {
      await rememberRoster(this.dynamo, this.tableName, key, recalled, entries, { expiresAt, now });
    } catch (error) {
      throw new LedgerError(writeFailure(this.tableName, 'write the roster', key, error), { cause: error });
    }
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
        await this.dynamo.send(new DeleteItemCommand({ TableName: this.tableName, Key: { pk: { S: claim.key } }, ...condition }));
      }
    } catch (error) {
      // Someone else owns the item now; what it holds is theirs to settle.
      if (error instanceof ConditionalCheckFailedException) return;
      throw new LedgerError(writeFailure(this.tableName, action, claim.key, error), { cause: error });
    }
  }

  /** The item that refused a conditional write; any other failure is a LedgerError. */
  private async refusingItem(key: string, error: unknown, action: string): Promise<Item | undefined> {
    if (!(error instanceof ConditionalCheckFailedException)) {
      throw new LedgerError(writeFailure(this.tableName, action, key, error), { cause: error });
    }
    // Emulators without ReturnValuesOnConditionCheckFailure (dynalite, older moto) leave the item out: read it.
    return nonEmpty(error.Item) ?? (await this.read(key));
  }

  private async read(key: string): Promise<Item | undefined> {
    try {
      const output = await this.dynamo.send(new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: key } }, ConsistentRead: true }));
      return nonEmpty(output.Item);
    } catch (error) {
      throw new LedgerError(writeFailure(this.tableName, 'read', key, error), { cause: error });
    }
  }
}

function claimItem(request: ClaimRequest, token: string, sentRank: number | undefined): Item {
  return {
    pk: { S: request.key },
    rank: { N: String(request.rank) },
    state: { S: 'claimed' },
    token: { S: token },
    leaseUntil: { N: String(request.leaseUntil.getTime()) },
    ...(sentRank === undefined ? {} : { sentRank: { N: String(sentRank) } }),
    expiresAt: { N: epochSeconds(request.expiresAt) },
    updatedAt: { S: request.now.toISOString() },
  };
}

/** The item as the claim rule reads it; an item this ledger cannot have written is an error, not a guess. */
function recordedAlert(tableName: string, key: string, item: Item): RecordedAlert & { readonly token: string } {
  const state = item['state']?.S;
  const rank = Number(item['rank']?.N);
  const token = item['token']?.S;
  if ((state !== 'claimed' && state !== 'sent') || !Number.isFinite(rank) || token === undefined) {
    throw new LedgerError(
      `the ledger table ${tableName} holds an item for ${key} without a valid state, rank and token: delete that item (it only remembers which alerts went out)`,
    );
  }
  const leaseUntil = item['leaseUntil']?.N;
  const sentRank = item['sentRank']?.N;
  return {
    state,
    rank,
    token,
    ...(leaseUntil === undefined ? {} : { leaseUntil: Number(leaseUntil) }),
    ...(sentRank === undefined ? {} : { sentRank: Number(sentRank) }),
  };
}

/** `{}` (what some emulators send for "no item") as undefined. */
function nonEmpty(item: Item | undefined): Item | undefined {
  return item !== undefined && Object.keys(item).length > 0 ? item : undefined;
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

/** The ledger on a client with the function's own credentials and region (the handler loads this module on first use). */
export function ledgerOnTable(table: string): DynamoAlertLedger {
  return new DynamoAlertLedger(new DynamoDBClient({}), table);
}
