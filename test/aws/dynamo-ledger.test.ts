import 'aws-sdk-client-mock-jest';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoAlertLedger, LedgerError } from '../../functions/cost-alert/aws/dynamo-ledger';
import type { AlertClaim, ClaimRequest } from '../../functions/cost-alert/ports';

const TABLE = 'cost-alert-ledger';
const KEY = 'messaging#daily#2026-11-26';
const request: ClaimRequest = {
  key: KEY,
  rank: 1_000_000,
  now: new Date('2026-11-26T10:00:00.000Z'), // 1795687200000 ms
  leaseUntil: new Date('2026-11-26T10:05:00.000Z'), // 1795687500000 ms
  expiresAt: new Date('2026-12-10T00:00:00.000Z'), // 1796860800 s
};
const sentAtWarning: Record<string, AttributeValue> = {
  pk: { S: KEY },
  rank: { N: '800000' },
  state: { S: 'sent' },
  token: { S: 'earlier-token' },
  expiresAt: { N: '1796860800' },
  updatedAt: { S: '2026-11-26T09:00:00.000Z' },
};

const dynamoMock = mockClient(DynamoDBClient);
const ledger = () => new DynamoAlertLedger(new DynamoDBClient({}), TABLE, () => 'our-token');

function refusedBy(item: Record<string, AttributeValue> | undefined) {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item ? { Item: item } : {}),
  });
}

async function claimOrFail(subject: DynamoAlertLedger): Promise<AlertClaim> {
  const result = await subject.claim(request);
  if (result.status !== 'claimed') throw new Error(`expected a claim, got ${result.status}`);
  return result.claim;
}

beforeEach(() => {
  dynamoMock.reset();
});

describe('DynamoAlertLedger.claim', () => {
  it('writes the claim with the conditional put that decides who sends', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).resolves({});
    // Act
    const result = await ledger().claim(request);
    // Assess
    expect(dynamoMock).toHaveReceivedCommandTimes(PutItemCommand, 1);
    expect(dynamoMock).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: TABLE,
      Item: {
        pk: { S: KEY },
        rank: { N: '1000000' },
        state: { S: 'claimed' },
        token: { S: 'our-token' },
        leaseUntil: { N: '1795687500000' },
        expiresAt: { N: '1796860800' },
        updatedAt: { S: '2026-11-26T10:00:00.000Z' },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now AND attribute_not_exists(sentRank))',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':claimed': { S: 'claimed' }, ':now': { N: '1795687200000' } },
      ReturnValues: 'ALL_OLD',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(result).toEqual({
      status: 'claimed',
      claim: { key: KEY, rank: 1_000_000, token: 'our-token', expiresAt: request.expiresAt },
    });
  });

  it('keeps the item it replaced as the claim previous', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).resolves({ Attributes: sentAtWarning });
    // Act
    const claim = await claimOrFail(ledger());
    // Assess
    expect(claim.previous).toEqual(sentAtWarning);
  });

  it.each([
    ['already-sent', 'a sent item of the same or a higher rank', { ...sentAtWarning, rank: { N: '1000000' } }],
    [
      'in-flight',
      'a claimed item whose lease is live',
      { pk: { S: KEY }, rank: { N: '800000' }, state: { S: 'claimed' }, token: { S: 't' }, leaseUntil: { N: '1795687400000' } },
    ],
  ])('answers %s when %s refused the write', async (status, _what, item) => {
    // Prepare
    dynamoMock.on(PutItemCommand).rejects(refusedBy(item));
    // Act
    const result = await ledger().claim(request);
    // Assess
    expect(result).toEqual({ status });
    expect(dynamoMock).not.toHaveReceivedCommand(GetItemCommand);
  });

  it('reads the refusing item when the refusal does not carry it (emulators)', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).rejects(refusedBy(undefined));
    dynamoMock.on(GetItemCommand).resolves({ Item: { ...sentAtWarning, rank: { N: '1000000' } } });
    // Act
    const result = await ledger().claim(request);
    // Assess
    expect(result).toEqual({ status: 'already-sent' });
    expect(dynamoMock).toHaveReceivedCommandWith(GetItemCommand, {
      TableName: TABLE,
      Key: { pk: { S: KEY } },
      ConsistentRead: true,
    });
  });

  it('holds off (in-flight) when the refusing item is gone by the time it is read', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).rejects(refusedBy(undefined));
    dynamoMock.on(GetItemCommand).resolves({});
    // Act
    const result = await ledger().claim(request);
    // Assess
    expect(result).toEqual({ status: 'in-flight' });
  });

  it('takes over a lower sent rank with a second put that replaces exactly the item seen and carries its rank', async () => {
    // Prepare: the warning was sent; this run claims the critical
    dynamoMock.on(PutItemCommand).rejectsOnce(refusedBy(sentAtWarning)).resolves({});
    // Act
    const claim = await claimOrFail(ledger());
    // Assess
    expect(dynamoMock).toHaveReceivedCommandTimes(PutItemCommand, 2);
    expect(dynamoMock).toHaveReceivedNthCommandWith(2, PutItemCommand, {
      TableName: TABLE,
      Item: {
        pk: { S: KEY },
        rank: { N: '1000000' },
        state: { S: 'claimed' },
        token: { S: 'our-token' },
        leaseUntil: { N: '1795687500000' },
        sentRank: { N: '800000' },
        expiresAt: { N: '1796860800' },
        updatedAt: { S: '2026-11-26T10:00:00.000Z' },
      },
      ConditionExpression: '#token = :seenToken AND #state = :seenState',
      ExpressionAttributeNames: { '#token': 'token', '#state': 'state' },
      ExpressionAttributeValues: { ':seenToken': { S: 'earlier-token' }, ':seenState': { S: 'sent' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(claim.previous).toEqual(sentAtWarning);
  });

  it('takes over a lapsed claim over a lower sent rank, keeping that sent rank', async () => {
    // Prepare: warning sent (600000), a crashed run claimed the critical over it; this run sees 800000
    const lapsed = {
      pk: { S: KEY },
      rank: { N: '1000000' },
      state: { S: 'claimed' },
      token: { S: 'crashed' },
      leaseUntil: { N: '1795687100000' },
      sentRank: { N: '600000' },
    };
    dynamoMock.on(PutItemCommand).rejectsOnce(refusedBy(lapsed)).resolves({});
    // Act
    const result = await ledger().claim({ ...request, rank: 800_000 });
    // Assess
    expect(result.status).toBe('claimed');
    expect(dynamoMock).toHaveReceivedNthCommandWith(2, PutItemCommand, {
      Item: expect.objectContaining({ rank: { N: '800000' }, sentRank: { N: '600000' } }),
      ExpressionAttributeValues: { ':seenToken': { S: 'crashed' }, ':seenState': { S: 'claimed' } },
    });
  });

  it('answers already-sent for a lapsed claim over a sent rank at or above its own', async () => {
    // Prepare
    const lapsed = {
      pk: { S: KEY },
      rank: { N: '1000000' },
      state: { S: 'claimed' },
      token: { S: 'crashed' },
      leaseUntil: { N: '1795687100000' },
      sentRank: { N: '800000' },
    };
    dynamoMock.on(PutItemCommand).rejects(refusedBy(lapsed));
    // Act
    const result = await ledger().claim({ ...request, rank: 800_000 });
    // Assess
    expect(result).toEqual({ status: 'already-sent' });
    expect(dynamoMock).toHaveReceivedCommandTimes(PutItemCommand, 1);
  });

  it('decides again on the item of a run that won the takeover race', async () => {
    // Prepare: the warning was sent; another run claims the critical between our two writes
    const theirClaim = {
      pk: { S: KEY },
      rank: { N: '1000000' },
      state: { S: 'claimed' },
      token: { S: 'theirs' },
      leaseUntil: { N: '1795687500000' },
      sentRank: { N: '800000' },
    };
    dynamoMock.on(PutItemCommand).rejectsOnce(refusedBy(sentAtWarning)).rejectsOnce(refusedBy(theirClaim));
    // Act
    const result = await ledger().claim(request);
    // Assess
    expect(result).toEqual({ status: 'in-flight' });
    expect(dynamoMock).toHaveReceivedCommandTimes(PutItemCommand, 2);
  });

  it('refuses to guess over an item it cannot read, naming the table and the fix', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).rejects(refusedBy({ pk: { S: KEY }, state: { S: 'weird' } }));
    // Act
    const claiming = ledger().claim(request);
    // Assess
    await expect(claiming).rejects.toThrow(`the ledger table ${TABLE} holds an item for ${KEY} without a valid state, rank and token: delete that item`);
  });

  it('wraps other failures in a LedgerError naming the table, with the cause', async () => {
    // Prepare
    const denied = Object.assign(new Error('not authorized to perform dynamodb:PutItem'), { name: 'AccessDeniedException' });
    dynamoMock.on(PutItemCommand).rejects(denied);
    // Act
    const claiming = ledger().claim(request);
    // Assess
    await expect(claiming).rejects.toThrow(LedgerError);
    await expect(claiming).rejects.toMatchObject({
      message: expect.stringContaining(`${TABLE}: grant dynamodb:GetItem, PutItem and DeleteItem`),
      cause: denied,
    });
  });
});

describe('DynamoAlertLedger.confirm', () => {
  it('marks the item sent, keeping the claim expiry, only while it holds our token', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).resolves({});
    const subject = ledger();
    const claim = await claimOrFail(subject);
    dynamoMock.resetHistory();
    // Act
    await subject.confirm(claim, new Date('2026-11-26T10:00:02.000Z'));
    // Assess
    expect(dynamoMock).toHaveReceivedCommandTimes(PutItemCommand, 1);
    expect(dynamoMock).toHaveReceivedNthCommandWith(1, PutItemCommand, {
      TableName: TABLE,
      Item: {
        pk: { S: KEY },
        rank: { N: '1000000' },
        state: { S: 'sent' },
        token: { S: 'our-token' },
        expiresAt: { N: '1796860800' },
        updatedAt: { S: '2026-11-26T10:00:02.000Z' },
      },
      ConditionExpression: '#token = :token',
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':token': { S: 'our-token' } },
    });
    const written = dynamoMock.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(written?.Item).not.toHaveProperty('leaseUntil');
    expect(written).not.toHaveProperty('ReturnValues');
  });

  it('returns quietly when the claim was taken over (the alert went out regardless)', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).resolvesOnce({}).rejects(refusedBy(undefined));
    const subject = ledger();
    const claim = await claimOrFail(subject);
    // Act
    const confirming = subject.confirm(claim, request.now);
    // Assess
    await expect(confirming).resolves.toBeUndefined();
  });

  it('throws a LedgerError for other failures', async () => {
    // Prepare
    dynamoMock
      .on(PutItemCommand)
      .resolvesOnce({})
      .rejects(Object.assign(new Error('no table'), { name: 'ResourceNotFoundException' }));
    const subject = ledger();
    const claim = await claimOrFail(subject);
    // Act
    const confirming = subject.confirm(claim, request.now);
    // Assess
    await expect(confirming).rejects.toThrow(/confirm messaging#daily#2026-11-26 in the ledger table cost-alert-ledger: the table does not exist/);
  });

  it('refuses a claim this ledger did not make (it lacks the expiry to keep)', async () => {
    // Prepare
    const foreign: AlertClaim = { key: KEY, rank: 1, token: 't' };
    // Act
    const confirming = ledger().confirm(foreign, request.now);
    // Assess
    await expect(confirming).rejects.toThrow(LedgerError);
    expect(dynamoMock).not.toHaveReceivedAnyCommand();
  });
});

describe('DynamoAlertLedger.release', () => {
  it('restores the previous item while the item holds our token', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).resolves({ Attributes: sentAtWarning });
    const subject = ledger();
    const claim = await claimOrFail(subject);
    dynamoMock.resetHistory();
    // Act
    await subject.release(claim);
    // Assess
    expect(dynamoMock).toHaveReceivedCommandTimes(PutItemCommand, 1);
    expect(dynamoMock).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: TABLE,
      Item: sentAtWarning,
      ConditionExpression: '#token = :token',
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':token': { S: 'our-token' } },
    });
    expect(dynamoMock).not.toHaveReceivedCommand(DeleteItemCommand);
  });

  it('deletes the item when nothing was there before the claim', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).resolves({});
    dynamoMock.on(DeleteItemCommand).resolves({});
    const subject = ledger();
    const claim = await claimOrFail(subject);
    dynamoMock.resetHistory();
    // Act
    await subject.release(claim);
    // Assess
    expect(dynamoMock).toHaveReceivedCommandTimes(DeleteItemCommand, 1);
    expect(dynamoMock).toHaveReceivedCommandWith(DeleteItemCommand, {
      TableName: TABLE,
      Key: { pk: { S: KEY } },
      ConditionExpression: '#token = :token',
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':token': { S: 'our-token' } },
    });
    expect(dynamoMock).not.toHaveReceivedCommand(PutItemCommand);
  });

  it('treats Attributes {} from the claim (moto 5.1.21 and older) as no previous item: the release deletes', async () => {
    // Prepare: older moto answers ALL_OLD on a new item with an empty map
    dynamoMock.on(PutItemCommand).resolves({ Attributes: {} });
    dynamoMock.on(DeleteItemCommand).resolves({});
    const subject = ledger();
    const claim = await claimOrFail(subject);
    dynamoMock.resetHistory();
    // Act
    await subject.release(claim);
    // Assess: exactly one conditional delete, never a put of an item without its key
    expect(claim.previous).toBeUndefined();
    expect(dynamoMock.calls()).toHaveLength(1);
    expect(dynamoMock).toHaveReceivedCommandWith(DeleteItemCommand, {
      TableName: TABLE,
      Key: { pk: { S: KEY } },
      ConditionExpression: '#token = :token',
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: { ':token': { S: 'our-token' } },
    });
    expect(dynamoMock).not.toHaveReceivedCommand(PutItemCommand);
  });

  it('returns quietly when someone else owns the item now', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).resolves({});
    dynamoMock.on(DeleteItemCommand).rejects(refusedBy(undefined));
    const subject = ledger();
    const claim = await claimOrFail(subject);
    // Act
    const releasing = subject.release(claim);
    // Assess
    await expect(releasing).resolves.toBeUndefined();
  });

  it('throws a LedgerError with the cause for other failures', async () => {
    // Prepare
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    dynamoMock.on(PutItemCommand).resolves({});
    dynamoMock.on(DeleteItemCommand).rejects(throttled);
    const subject = ledger();
    const claim = await claimOrFail(subject);
    // Act
    const releasing = subject.release(claim);
    // Assess
    await expect(releasing).rejects.toMatchObject({ name: 'LedgerError', cause: throttled });
  });
});
