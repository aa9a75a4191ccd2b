import { byShare, evaluateAccounts, judgeAccounts } from '../../functions/cost-alert/domain/account-rules';
import { AccountIndex, AccountSpend, accountSums, sumAccounts } from '../../functions/cost-alert/domain/account-spend';
import { periodsAt } from '../../functions/cost-alert/domain/periods';
import type { Threshold } from '../../functions/cost-alert/domain/types';
import type { UsageRow } from '../../functions/cost-alert/domain/usage';
import { parseOne, USD } from './threshold-fixtures';

const NOW = new Date('2026-11-26T14:00:00Z');
const { daily, monthly } = periodsAt(NOW, 'UTC');

function threshold(value: string, product = 'messaging'): Threshold {
  const { thresholds, problems } = parseOne(value, product);
  expect(problems).toEqual([]);
  return thresholds[0] as Threshold;
}

function accountRow(userId: string | undefined, cost: string, currency = 'USD', values: Record<string, string> = {}): UsageRow {
  return {
    product: 'messaging',
    values: { ...(userId === undefined ? {} : { user_id: userId }), currency, ...values, cost },
    cost: BigInt(Math.round(Number(cost) * 1e9)),
  };
}

describe('evaluateAccounts: what counts as a breach for a managed account', () => {
  it('judges every account with spend against the default limits, at the warning and at the limit', () => {
    // Prepare
    const watched = threshold('{"managedAccounts": {"daily": 20, "warnAt": [0.8]}}');
    const spends = new Map([
      ['a', USD(25)],
      ['b', USD(16)],
      ['c', USD(15)],
    ]);

    // Act
    const evaluations = evaluateAccounts(watched, daily, 'current', spends);

    // Assess
    expect(evaluations.map((evaluation) => [evaluation.userId, evaluation.level?.severity ?? 'ok', evaluation.source])).toEqual([
      ['a', 'critical', 'default'],
      ['b', 'warning', 'default'],
      ['c', 'ok', 'default'],
    ]);
  });

  it('keeps only the accounts over a level when asked, the same evaluations, and still counts every account judged', () => {
    // Prepare: one exempt account, which is not judged
    const watched = threshold('{"managedAccounts": {"daily": 20, "warnAt": [0.8], "overrides": {"free": false}}}');
    const spends = new Map([
      ['a', USD(25)],
      ['b', USD(16)],
      ['c', USD(15)],
      ['free', USD(500)],
    ]);

    // Act
    const over = judgeAccounts(watched, daily, 'current', spends, 'over');
    const all = judgeAccounts(watched, daily, 'current', spends, 'all');

    // Assess
    expect(over.judged).toBe(3);
    expect(all.judged).toBe(3);
    expect(over.evaluations).toEqual(all.evaluations.filter((evaluation) => evaluation.level !== undefined));
    expect(over.evaluations.map((evaluation) => evaluation.userId)).toEqual(['a', 'b']);
  });

  it('uses an override instead of the defaults, and never judges an exempt account', () => {
    // Prepare
    const watched = threshold('{"managedAccounts": {"daily": 20, "overrides": {"big": {"daily": 100}, "free": false}}}');
    const spends = new Map([
      ['big', USD(60)],
      ['free', USD(500)],
      ['small', USD(21)],
    ]);

    // Act
    const evaluations = evaluateAccounts(watched, daily, 'current', spends);

    // Assess
    expect(evaluations.map((evaluation) => [evaluation.userId, evaluation.limit, evaluation.level?.severity ?? 'ok', evaluation.source])).toEqual([
      ['big', USD(100), 'ok', 'override'],
      ['small', USD(20), 'critical', 'default'],
    ]);
  });

  it('leaves out an account whose override sets no limit of the period kind (it replaces the defaults)', () => {
    // Prepare
    const watched = threshold('{"managedAccounts": {"daily": 20, "monthly": 300, "overrides": {"big": {"daily": 100}}}}');

    // Act
    const evaluations = evaluateAccounts(
      watched,
      monthly,
      'current',
      new Map([
        ['big', USD(900)],
        ['other', USD(301)],
      ]),
    );

    // Assess
    expect(evaluations.map((evaluation) => evaluation.userId)).toEqual(['other']);
  });

  it('judges nothing for a disabled threshold', () => {
    // Act
    const evaluations = evaluateAccounts(threshold('{"managedAccounts": {"daily": 20}, "enabled": false}'), daily, 'current', new Map([['a', USD(99)]]));

    // Assess
    expect(evaluations).toEqual([]);
  });

  it('orders by share of the limit, largest first, ties by user_id', () => {
    // Prepare
    const watched = threshold('{"managedAccounts": {"daily": 20, "overrides": {"x": {"daily": 10}}}}');
    const evaluations = evaluateAccounts(
      watched,
      daily,
      'current',
      new Map([
        ['y', USD(30)],
        ['x', USD(15)],
        ['w', USD(30)],
        ['z', USD(40)],
      ]),
    );

    // Act
    const order = [...evaluations].sort(byShare).map((evaluation) => evaluation.userId);

    // Assess: z 200 %, x 150 %, w and y 150 % each by user_id
    expect(order).toEqual(['z', 'w', 'x', 'y']);
  });
});

describe('AccountSpend: spend per managed account', () => {
  it('sums per account and currency, exactly, never adding currencies together', () => {
    // Prepare
    const spend = new AccountSpend();

    // Act
    spend.add([accountRow('a', '0.1'), accountRow('a', '0.2'), accountRow('b', '5'), accountRow('a', '7', 'EUR')]);
    spend.add([accountRow('a', '0.000000001')]);

    // Assess
    expect(spend.accounts('USD')).toEqual(
      new Map([
        ['a', 300_000_001n],
        ['b', USD(5)],
      ]),
    );
    expect(spend.accounts('eur')).toEqual(new Map([['a', USD(7)]]));
    expect(spend.currencies()).toEqual(['EUR', 'USD']);
  });

  it('counts rows without a user_id apart: they belong to no account', () => {
    // Prepare
    const spend = new AccountSpend();

    // Act
    spend.add([accountRow(undefined, '50'), accountRow('', '2'), accountRow('a', '1')]);

    // Assess
    expect(spend.withoutAccount).toBe(2);
    expect(spend.accounts('USD')).toEqual(new Map([['a', USD(1)]]));
  });

  it("applies the threshold's filter to the accounts' rows", () => {
    // Prepare
    const spend = new AccountSpend({ direction: 'outbound' });

    // Act
    spend.add([accountRow('a', '3', 'USD', { direction: 'outbound' }), accountRow('a', '4', 'USD', { direction: 'inbound' })]);

    // Assess
    expect(spend.accounts('USD').get('a')).toBe(USD(3));
  });

  it("sums an account over several products' reads for the total", () => {
    // Prepare
    const messaging = new AccountSpend();
    const voice = new AccountSpend();
    messaging.add([accountRow('a', '10'), accountRow('b', '1')]);
    voice.add([accountRow('a', '15')]);

    // Act
    const total = sumAccounts([messaging, voice], 'USD');

    // Assess
    expect(total).toEqual(
      new Map([
        ['a', USD(25)],
        ['b', USD(1)],
      ]),
    );
  });
});

describe('accountSums: the reads of a run sharing one numbering of user_ids', () => {
  const entries = (sums: { forEach(visit: (spend: bigint, userId: string) => void): void }) => {
    const seen: Array<[string, bigint]> = [];
    sums.forEach((spend, userId) => seen.push([userId, spend]));
    return seen;
  };

  it('gives each read its own sums, in the order that read met its accounts, whatever order other reads numbered them in', () => {
    // Prepare: two reads sharing one index, meeting the accounts in opposite orders, one account twice
    const index = new AccountIndex();
    const messaging = new AccountSpend(undefined, index);
    const voice = new AccountSpend(undefined, index);
    messaging.add([accountRow('a', '1'), accountRow('b', '2'), accountRow('c', '3')]);
    voice.add([accountRow('c', '30'), accountRow('a', '10'), accountRow('c', '0.5')]);

    // Act and assess: voice has no b, its c summed exactly, in voice's own order
    expect(entries(voice.sumsIn('usd'))).toEqual([
      ['c', 30_500_000_000n],
      ['a', USD(10)],
    ]);
    expect(voice.accounts('USD')).toEqual(
      new Map([
        ['c', 30_500_000_000n],
        ['a', USD(10)],
      ]),
    );
    expect(entries(messaging.sumsIn('USD'))).toEqual([
      ['a', USD(1)],
      ['b', USD(2)],
      ['c', USD(3)],
    ]);
    expect(index.ids).toEqual(['a', 'b', 'c']);
  });

  it('adds reads up as sumAccounts does, the same accounts in the same order, with a shared index or without', () => {
    // Prepare: the same rows read into reads sharing an index, and into reads with their own
    const pages = [
      [accountRow('b', '2'), accountRow('a', '1'), accountRow('x', '4', 'EUR')],
      [accountRow('c', '3'), accountRow('a', '0.25')],
      [accountRow('d', '7'), accountRow('b', '0.000000001')],
    ];
    const index = new AccountIndex();
    const shared = pages.map((rows) => {
      const spend = new AccountSpend(undefined, index);
      spend.add(rows);
      return spend;
    });
    const separate = pages.map((rows) => {
      const spend = new AccountSpend();
      spend.add(rows);
      return spend;
    });

    // Act
    const expected = [...sumAccounts(separate, 'USD')];

    // Assess
    expect(expected).toEqual([
      ['b', 2_000_000_001n],
      ['a', 1_250_000_000n],
      ['c', USD(3)],
      ['d', USD(7)],
    ]);
    expect(entries(accountSums(shared, 'USD'))).toEqual(expected);
    expect(entries(accountSums(separate, 'USD'))).toEqual(expected);
    expect([...sumAccounts(shared, 'USD')]).toEqual(expected);
    expect(accountSums(shared, 'USD').size).toBe(4);
    expect(entries(accountSums(shared, 'EUR'))).toEqual([['x', USD(4)]]);
    expect(accountSums([], 'USD').size).toBe(0);
  });

  it('evaluates accounts from a read’s sums as from its map', () => {
    // Prepare
    const watched = threshold('{"managedAccounts": {"daily": 20, "warnAt": [0.8]}}');
    const spend = new AccountSpend(undefined, new AccountIndex());
    spend.add([accountRow('a', '25'), accountRow('b', '16'), accountRow('c', '1')]);

    // Act
    const fromSums = evaluateAccounts(watched, daily, 'current', spend.sumsIn('USD'));
    const fromMap = evaluateAccounts(watched, daily, 'current', spend.accounts('USD'));

    // Assess
    expect(fromSums).toEqual(fromMap);
    expect(fromSums.map((evaluation) => [evaluation.userId, evaluation.level?.severity])).toEqual([
      ['a', 'critical'],
      ['b', 'warning'],
      ['c', undefined],
    ]);
  });
});
