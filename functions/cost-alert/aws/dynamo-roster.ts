/**
 * The rosters of managed accounts' alerts in the ledger table: one item per series (a threshold in a period) that
 * says which accounts were told at which level, so that a run learns it with one read however many accounts are
 * over, and writes once when it told more (never once per account).
 *
 * Item: { pk S, state 'roster' S, told S, version N, expiresAt N (epoch s, the TTL), updatedAt S (ISO) }.
 * `told` is JSON of rank -> the entries told at that rank, each a 12-character id (alert-keys.ts `accountEntryId`),
 * concatenated: about 12 bytes an account, so one item (400 KB) holds about 29,000 accounts. Entries are only added:
 * a write is conditional on the version read, and one that lost to another run merges with what that run wrote.
 */
import { ConditionalCheckFailedException, type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { AccountRoster } from '../ports';

type Item = Record<string, AttributeValue>;

const ENTRY_LENGTH = 12;
/** Below DynamoDB's 400 KB item limit, with room for the other attributes. */
export const MAX_TOLD_BYTES = 350_000;
const MAX_WRITE_ATTEMPTS = 3;
export const ROSTER_CONDITION_NEW = 'attribute_not_exists(pk)';
export const ROSTER_CONDITION_SEEN = '#version = :seen';

/** What a roster write failed on, worded by the ledger (it knows the table). */
export class RosterError extends Error {
  override readonly name = 'RosterError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export function encodeTold(told: ReadonlyMap<string, number>): string {
  const byRank = new Map<number, string[]>();
  for (const [entry, rank] of told) {
    const entries = byRank.get(rank);
    if (entries) entries.push(entry);
    else byRank.set(rank, [entry]);
  }
  return JSON.stringify(Object.fromEntries([...byRank].sort(([a], [b]) => a - b).map(([rank, entries]) => [String(rank), entries.sort().join('')])));
}

export function decodeTold(text: string | undefined, key: string): Map<string, number> {
  const told = new Map<string, number>();
  if (text === undefined) return told;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RosterError(`the roster ${key} is not JSON: delete that item (it only remembers which accounts were told)`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new RosterError(`the roster ${key} is not an object: delete that item`);
  for (const [rankText, entries] of Object.entries(parsed)) {
    const rank = Number(rankText);
    if (!Number.isSafeInteger(rank) || typeof entries !== 'string' || entries.length % ENTRY_LENGTH !== 0) {
      throw new RosterError(`the roster ${key} holds an entry that is not rank -> ids: delete that item`);
    }
    for (let at = 0; at < entries.length; at += ENTRY_LENGTH) told.set(entries.slice(at, at + ENTRY_LENGTH), rank);
  }
  return told;
}

function rosterOf(item: Item | undefined, key: string): AccountRoster {
  if (item === undefined || Object.keys(item).length === 0) return { told: new Map(), version: 0 };
  return { told: decodeTold(item['told']?.S, key), version: Number(item['version']?.N ?? 0) };
}

export async function recallRoster(dynamo: DynamoDBClient, table: string, key: string): Promise<AccountRoster> {
  const output = await dynamo.send(new GetItemCommand({ TableName: table, Key: { pk: { S: key } }, ConsistentRead: true }));
  return rosterOf(output.Item, key);
}

/** `base` with `entries` added (a higher rank wins); undefined when that adds nothing. */
function merged(base: ReadonlyMap<string, number>, entries: ReadonlyMap<string, number>): Map<string, number> | undefined {
  const told = new Map(base);
  let added = false;
  for (const [entry, rank] of entries) {
    if ((told.get(entry) ?? Number.NEGATIVE_INFINITY) >= rank) continue;
    told.set(entry, rank);
    added = true;
  }
  return added ? told : undefined;
}

/** One conditional write per attempt; a write that lost to another run merges onto the item that run wrote. */
export async function rememberRoster(
  dynamo: DynamoDBClient,
  table: string,
  key: string,
  recalled: AccountRoster,
  entries: ReadonlyMap<string, number>,
  times: { readonly expiresAt: Date; readonly now: Date },
): Promise<void> {
  let base = recalled;
  for (let attempt = 1; ; attempt++) {
    const told = merged(base.told, entries);
    if (told === undefined) return;
    const encoded = encodeTold(told);
    if (encoded.length > MAX_TOLD_BYTES) {
      throw new RosterError(
        `the roster ${key} would hold ${told.size} accounts, more than one ledger item holds (about ${Math.floor(MAX_TOLD_BYTES / ENTRY_LENGTH)}): ` +
          'split the managed accounts over more thresholds (one per product instead of total)',
      );
    }
    const version = typeof base.version === 'number' ? base.version : 0;
    try {
      await dynamo.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            pk: { S: key },
            state: { S: 'roster' },
            told: { S: encoded },
            version: { N: String(version + 1) },
            expiresAt: { N: String(Math.floor(times.expiresAt.getTime() / 1000)) },
            updatedAt: { S: times.now.toISOString() },
          },
          ...(version === 0
            ? { ConditionExpression: ROSTER_CONDITION_NEW }
            : {
                ConditionExpression: ROSTER_CONDITION_SEEN,
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':seen': { N: String(version) } },
              }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
      // Emulators without ReturnValuesOnConditionCheckFailure leave the item out: read it.
      base = error.Item !== undefined && Object.keys(error.Item).length > 0 ? rosterOf(error.Item, key) : await recallRoster(dynamo, table, key);
    }
  }
}
