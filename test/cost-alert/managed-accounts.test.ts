/** The check's managed accounts, with in-memory ports: evaluation, alerts, storms, the ledger's rosters, names, read failures. */
import type { ManagedAccount } from '../../functions/cost-alert/domain/account-names';
import type { UsageQuery, UsageRow } from '../../functions/cost-alert/domain/usage';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { AlertLedger, UsageSource } from '../../functions/cost-alert/ports';
import { TelnyxServerError } from '../../functions/cost-alert/telnyx/errors';
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { checkDependencies, fakeUsage, row, thresholdStore } from './fakes';

const AT = '2026-11-26T14:00:00Z';
const ALPHA = '3ca7bd3d-7d82-4e07-9df4-009123068320';
const BETA = 'f1d2c3b4-5a69-4788-9c0d-1e2f3a4b5c6d';
const NAMES: ManagedAccount[] = [
  { id: ALPHA, organizationName: 'Alpha Dental LLC', email: 'billing@alpha.example' },
  { id: BETA, organizationName: 'Brightside Bakery' },
];

/** Spend per product: the key's own rows, and each managed account's (user_id -> cost). */
interface Spend {
  readonly own?: Readonly<Record<string, string>>;
  readonly accounts?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

function accountRow(product: string, userId: string, cost: string): UsageRow {
  return row(product, cost, 'USD', { user_id: userId });
}

/** Usage that answers the key's own queries and the managed accounts' apart, and lists the managed accounts in pages of 2. */
function usageOf(spend: Spend, options: { products?: string[]; names?: ManagedAccount[] | Error; fail?: (query: UsageQuery) => Error | undefined } = {}) {
  const fake = fakeUsage(options.products ?? ['messaging', 'voice'], (query) => {
    const failure = options.fail?.(query);
    if (failure) return failure;
    if (!query.managedAccounts) return Object.entries(spend.own ?? {}).flatMap(([product, cost]) => (product === query.product ? [row(product, cost)] : []));
    return Object.entries(spend.accounts?.[query.product] ?? {}).map(([userId, cost]) => accountRow(query.product, userId, cost));
  });
  const listed = { pages: 0 };
  const names = options.names ?? NAMES;
  const source: UsageSource = {
    ...fake.source,
    managedAccounts: () =>
      (async function* () {
        if (names instanceof Error) throw names;
        for (let at = 0; at < names.length; at += 2) {
          listed.pages++;
          yield names.slice(at, at + 2);
        }
      })(),
  };
  return { source, queries: fake.queries, listed };
}

/** A memory ledger that counts what would be DynamoDB writes (claims, confirms, releases, roster writes) and roster reads. */
class CountingLedger implements AlertLedger {
  readonly inner: AlertLedger = new MemoryAlertLedger();
  writes = 0;
  reads = 0;
  claim(...args: Parameters<AlertLedger['claim']>) {
    this.writes++;
    return this.inner.claim(...args);
  }
  confirm(...args: Parameters<AlertLedger['confirm']>) {
    this.writes++;
    return this.inner.confirm(...args);
  }
  release(...args: Parameters<AlertLedger['release']>) {
    this.writes++;
    return this.inner.release(...args);
  }
  recallAccounts(key: string) {
    this.reads++;
    return this.inner.recallAccounts(key);
  }
  rememberAccounts(...args: Parameters<AlertLedger['rememberAccounts']>) {
    this.writes++;
    return this.inner.rememberAccounts(...args);
  }
}

function check(values: Record<string, string>, usage: UsageSource, extra: { ledger?: AlertLedger; at?: string } = {}) {
  return checkDependencies({ at: extra.at ?? AT, usage, thresholds: thresholdStore(values), ...(extra.ledger ? { ledger: extra.ledger } : {}) });
}

describe('managed accounts in the check', () => {
  it("alerts the account over its default limit, naming it, and never mixes the accounts' rows with the key's own", async () => {
    // Prepare: the key's own 1000 USD would put every account over; the accounts' 25 would put the key over 20
    const usage = usageOf({ own: { messaging: '1000' }, accounts: { messaging: { [ALPHA]: '25', [BETA]: '10' } } });
    const d = check({ messaging: '{"daily": 5000, "managedAccounts": {"daily": 20, "warnAt": [0.8]}}' }, usage.source);

    // Act
    const report = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((alert) => [alert.severity, alert.product, alert.account, alert.message.subject])).toEqual([
      ['critical', 'messaging', ALPHA, '[CRITICAL] Telnyx messaging for Alpha Dental LLC: 25.00 USD of a 20.00 USD daily limit'],
    ]);
    expect(report.evaluations.map((evaluation) => [evaluation.product, evaluation.spendNanos])).toEqual([['messaging', 1000_000_000_000n]]);
    expect(report.accounts.map((evaluation) => [evaluation.userId, evaluation.spend, evaluation.level?.severity ?? 'ok'])).toEqual([
      [ALPHA, 25_000_000_000n, 'critical'],
      [BETA, 10_000_000_000n, 'ok'],
    ]);
    // One managed-accounts query: the day's (no account has a monthly limit)
    const accountQueries = usage.queries.filter((query) => query.managedAccounts);
    expect(accountQueries.map((query) => [query.product, query.dimensions])).toEqual([['messaging', ['user_id', 'currency']]]);
    expect(report.failures).toEqual([]);
  });

  it('gives an overridden account its own limit and an exempt one none', async () => {
    // Prepare
    const usage = usageOf({ accounts: { messaging: { [ALPHA]: '60', [BETA]: '500', other: '21' } } });
    const value = `{"managedAccounts": {"daily": 20, "overrides": {"${ALPHA}": {"daily": 100}, "${BETA}": false}}}`;
    const d = check({ messaging: value }, usage.source);

    // Act
    await runCheck(d);

    // Assess: other has no name in the list: its user_id
    expect(d.publisher.alerts.map((alert) => [alert.account, alert.message.subject])).toEqual([
      ['other', '[CRITICAL] Telnyx messaging for other: 21.00 USD of a 20.00 USD daily limit'],
    ]);
  });

  it("sums an account's spend over every product with a cost for the total", async () => {
    // Prepare: 10 + 15 on the two products, each under its product's limit
    const usage = usageOf({ accounts: { messaging: { [ALPHA]: '10' }, voice: { [ALPHA]: '15' } } });
    const d = check({ messaging: '{"managedAccounts": {"daily": 20}}', total: '{"managedAccounts": {"daily": 20}}' }, usage.source);

    // Act
    await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((alert) => [alert.product, alert.account, alert.message.subject])).toEqual([
      ['total', ALPHA, '[CRITICAL] Telnyx total for Alpha Dental LLC: 25.00 USD of a 20.00 USD daily limit'],
    ]);
  });

  it('alerts once per account, period and level: the next run sends nothing, a higher level once more', async () => {
    // Prepare
    const ledger = new MemoryAlertLedger();
    const value = '{"managedAccounts": {"daily": 20, "warnAt": [0.8]}}';
    const run = async (cost: string) => {
      const d = check({ messaging: value }, usageOf({ accounts: { messaging: { [ALPHA]: cost } } }).source, { ledger });
      await runCheck(d);
      return d.publisher.alerts.map((alert) => alert.severity);
    };

    // Act / Assess
    expect(await run('17')).toEqual(['warning']);
    expect(await run('18')).toEqual([]);
    expect(await run('21')).toEqual(['critical']);
    expect(await run('30')).toEqual([]);
  });

  it('folds a storm into 10 account alerts and one summary, repeats none of them next run, and keeps ledger writes to the alerts sent', async () => {
    // Prepare: 25 accounts over, largest spend last
    const accounts = Object.fromEntries(Array.from({ length: 25 }, (_, index) => [`acct-${String(index).padStart(2, '0')}`, String(21 + index)]));
    const ledger = new CountingLedger();
    const value = '{"managedAccounts": {"daily": 20}}';
    const first = check({ messaging: value }, usageOf({ accounts: { messaging: accounts } }).source, { ledger });

    // Act
    await runCheck(first);
    const firstWrites = ledger.writes;
    ledger.writes = 0;
    const second = check({ messaging: value }, usageOf({ accounts: { messaging: accounts } }).source, { ledger });
    await runCheck(second);
    const secondWrites = ledger.writes;
    const third = check({ messaging: value }, usageOf({ accounts: { messaging: { ...accounts, 'acct-new': '30' } } }).source, { ledger });
    await runCheck(third);

    // Assess
    const sent = first.publisher.alerts;
    expect(sent).toHaveLength(11);
    expect(sent.slice(0, 10).map((alert) => alert.account)).toEqual(Array.from({ length: 10 }, (_, index) => `acct-${24 - index}`));
    expect(sent[10]).toMatchObject({ account: '*', product: 'messaging', severity: 'critical' });
    expect(sent[10]?.message.subject).toBe('[CRITICAL] Telnyx messaging: 15 more managed accounts over their limits, 25 in all');
    // 11 alerts: a claim and a confirm each, and one roster write
    expect(firstWrites).toBe(23);
    expect(second.publisher.alerts).toEqual([]);
    expect(secondWrites).toBe(0);
    expect(third.publisher.alerts.map((alert) => alert.account)).toEqual(['acct-new']);
  });

  it('reads the names only when an account alert is about to go out, and only until every one is found', async () => {
    // Prepare: Alpha is on the first page of the list
    const quiet = usageOf({ accounts: { messaging: { [ALPHA]: '5' } } }, { names: [...NAMES, { id: 'c' }, { id: 'd' }, { id: 'e' }] });
    const busy = usageOf({ accounts: { messaging: { [ALPHA]: '25' } } }, { names: [...NAMES, { id: 'c' }, { id: 'd' }, { id: 'e' }] });
    const value = '{"managedAccounts": {"daily": 20}}';

    // Act
    await runCheck(check({ messaging: value }, quiet.source));
    await runCheck(check({ messaging: value }, busy.source));

    // Assess
    expect(quiet.listed.pages).toBe(0);
    expect(busy.listed.pages).toBe(1);
  });

  it('names the account by its user_id when the list cannot be read, and still sends the alert', async () => {
    // Prepare
    const usage = usageOf({ accounts: { messaging: { [ALPHA]: '25' } } }, { names: new TelnyxServerError('Telnyx failed (HTTP 503)', 503, undefined) });
    const d = check({ messaging: '{"managedAccounts": {"daily": 20}}' }, usage.source);

    // Act
    const report = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((alert) => alert.account)).toEqual([ALPHA]);
    expect(d.publisher.alerts[0]?.message.email).toContain(`managed account ${ALPHA} reached its daily limit`);
    expect(d.log.named('Managed account names could not be read; the alerts name the user_id')).toHaveLength(1);
    expect(report.failures).toEqual([]);
  });

  it("makes an unreadable product's accounts incomplete as for the key's own: an error alert, no account alert, a failed run", async () => {
    // Prepare: the managed accounts' read of messaging fails; the key's own read does not
    const failing = new TelnyxServerError('Telnyx failed to answer for messaging usage (HTTP 503)', 503, 'messaging');
    const usage = usageOf(
      { own: { messaging: '1' }, accounts: { messaging: { [ALPHA]: '25' } } },
      { fail: (query) => (query.managedAccounts ? failing : undefined) },
    );
    const d = check({ messaging: '{"daily": 50, "managedAccounts": {"daily": 20}}' }, usage.source);

    // Act
    const report = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((alert) => [alert.severity, alert.product, alert.message.subject])).toEqual([
      ['error', 'messaging', "[ERROR] Telnyx cost alert, messaging: Managed accounts' usage could not be read"],
    ]);
    expect(report.accounts).toEqual([]);
    expect(report.evaluations.map((evaluation) => evaluation.product)).toEqual(['messaging']);
    expect(report.failures).toContain('messaging managed accounts daily: not evaluated, some of their usage could not be read');
  });

  it('sends one outage alert, and no account alert, when Telnyx fails every read', async () => {
    // Prepare
    const usage = usageOf(
      { accounts: { messaging: { [ALPHA]: '25' }, voice: { [ALPHA]: '25' } } },
      { fail: (query) => new TelnyxServerError(`Telnyx failed to answer for ${query.product} usage (HTTP 503)`, 503, query.product) },
    );
    const d = check({ total: '{"managedAccounts": {"daily": 20}}' }, usage.source);

    // Act
    await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((alert) => [alert.severity, alert.product, alert.message.subject])).toEqual([
      ['error', 'all', '[ERROR] Telnyx cost alert, all: Telnyx server errors'],
    ]);
    expect(d.publisher.alerts[0]?.message.email).toContain("the managed accounts' usage of messaging, voice could not be read");
  });

  it('refuses to evaluate rows without a user_id (a server that ignored managed_accounts): an error alert, no account alert', async () => {
    // Prepare: the managed accounts' query answered with the key's own rows
    const fake = fakeUsage(['messaging'], () => [row('messaging', '500')]);
    const d = check({ messaging: '{"managedAccounts": {"daily": 20}}' }, fake.source);

    // Act
    const report = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((alert) => alert.message.subject)).toEqual(["[ERROR] Telnyx cost alert, messaging: Managed accounts' usage without user_id"]);
    expect(report.failures).toContain('messaging managed accounts: 1 row(s) without a user_id');
  });
});
