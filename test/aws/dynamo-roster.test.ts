import 'aws-sdk-client-mock-jest';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoAlertLedger, LedgerError } from '../../functions/cost-alert/aws/dynamo-ledger';
import { decodeTold, encodeTold } from '../../functions/cost-alert/aws/dynamo-roster';

const TABLE = 'cost-alert-ledger';
const KEY = 'accounts|messaging|daily|2026-11-26|USD|';
const EXPIRES = new Date('2026-12-10T00:00:00.000Z');
const NOW = new Date('2026-11-26T10:00:00.000Z');
const dynamoMock = mockClient(DynamoDBClient);
const ledger = () => new DynamoAlertLedger(new DynamoDBClient({}), TABLE);

beforeEach(() => dynamoMock.reset());

describe("DynamoAlertLedger: the managed accounts' rosters", () => {
  it('encodes a roster in about 12 bytes an account and reads it back', () => {
    // Prepare
    const told = new Map([
      ['aaaaaaaaaaaa', 800_000],
      ['bbbbbbbbbbbb', 1_000_000],
      ['cccccccccccc', 1_000_000],
    ]);

    // Act
    const text = encodeTold(told);

    // Assess
    expect(text).toBe('{"800000":"aaaaaaaaaaaa","1000000":"bbbbbbbbbbbbcccccccccccc"}');
    expect(decodeTold(text, KEY)).toEqual(told);
  });

  it('recalls a roster with one consistent read', async () => {
    // Prepare
    dynamoMock.on(GetItemCommand).resolves({ Item: { pk: { S: KEY }, told: { S: '{"1000000":"aaaaaaaaaaaa"}' }, version: { N: '3' } } });

    // Act
    const roster = await ledger().recallAccounts(KEY);

    // Assess
    expect(roster).toEqual({ told: new Map([['aaaaaaaaaaaa', 1_000_000]]), version: 3 });
    expect(dynamoMock).toHaveReceivedCommandTimes(GetItemCommand, 1);
    expect(dynamoMock).toHaveReceivedCommandWith(GetItemCommand, { TableName: TABLE, Key: { pk: { S: KEY } }, ConsistentRead: true });
  });

  it('writes a new roster only if none exists, and an existing one only at the version read', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).resolves({});

    // Act
    await ledger().rememberAccounts(KEY, { told: new Map(), version: 0 }, new Map([['aaaaaaaaaaaa', 1_000_000]]), EXPIRES, NOW);
    await ledger().rememberAccounts(KEY, { told: new Map([['aaaaaaaaaaaa', 1_000_000]]), version: 1 }, new Map([['bbbbbbbbbbbb', 800_000]]), EXPIRES, NOW);

    // Assess
    expect(dynamoMock).toHaveReceivedNthCommandWith(1, PutItemCommand, {
      TableName: TABLE,
      Item: {
        pk: { S: KEY },
        state: { S: 'roster' },
        told: { S: '{"1000000":"aaaaaaaaaaaa"}' },
        version: { N: '1' },
        expiresAt: { N: '1796860800' },
        updatedAt: { S: '2026-11-26T10:00:00.000Z' },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(dynamoMock).toHaveReceivedNthCommandWith(2, PutItemCommand, {
      Item: expect.objectContaining({ told: { S: '{"800000":"bbbbbbbbbbbb","1000000":"aaaaaaaaaaaa"}' }, version: { N: '2' } }),
      ConditionExpression: '#version = :seen',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':seen': { N: '1' } },
    });
  });

  it('writes nothing when every account was already told at that rank or higher', async () => {
    // Act
    await ledger().rememberAccounts(KEY, { told: new Map([['aaaaaaaaaaaa', 1_000_000]]), version: 4 }, new Map([['aaaaaaaaaaaa', 800_000]]), EXPIRES, NOW);

    // Assess
    expect(dynamoMock).not.toHaveReceivedCommand(PutItemCommand);
  });

  it("merges onto another run's write when it lost the race, from the item the refusal returns", async () => {
    // Prepare: another run wrote version 2 with account b
    const theirs = { pk: { S: KEY }, told: { S: '{"1000000":"aaaaaaaaaaaabbbbbbbbbbbb"}' }, version: { N: '2' } };
    dynamoMock
      .on(PutItemCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: theirs }))
      .resolves({});

    // Act
    await ledger().rememberAccounts(KEY, { told: new Map([['aaaaaaaaaaaa', 1_000_000]]), version: 1 }, new Map([['cccccccccccc', 1_000_000]]), EXPIRES, NOW);

    // Assess
    expect(dynamoMock).toHaveReceivedCommandTimes(PutItemCommand, 2);
    expect(dynamoMock).toHaveReceivedNthCommandWith(2, PutItemCommand, {
      Item: expect.objectContaining({ told: { S: '{"1000000":"aaaaaaaaaaaabbbbbbbbbbbbcccccccccccc"}' }, version: { N: '3' } }),
      ExpressionAttributeValues: { ':seen': { N: '2' } },
    });
    expect(dynamoMock).not.toHaveReceivedCommand(GetItemCommand);
  });

  it('refuses a roster larger than one item holds, naming the series and what to do', async () => {
    // Prepare
    const many = new Map(Array.from({ length: 30_000 }, (_, index) => [`acct${String(index).padStart(8, '0')}`, 1_000_000]));

    // Act
    const failure = ledger().rememberAccounts(KEY, { told: new Map(), version: 0 }, many, EXPIRES, NOW);

    // Assess
    await expect(failure).rejects.toThrow(LedgerError);
    await expect(failure).rejects.toThrow(/would hold 30000 accounts, more than one ledger item holds \(about 29166\): split the managed accounts/);
    expect(dynamoMock).not.toHaveReceivedCommand(PutItemCommand);
  });
});
