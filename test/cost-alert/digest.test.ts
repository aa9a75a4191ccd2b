/**
 * The digest use case with in-memory ports: once a day, one query per product, what a failure does.
 * (The handler on the simulator and moto is in test/integration/digest.test.ts.)
 */
import type { RunLog as CheckLog } from '../../functions/cost-alert/ports';
import { DigestFailedError, type DigestDependencies, digestUseCase, isDigestEvent, runDigest } from '../../functions/cost-alert/use-cases/digest/run-digest';
import { invoke } from '../../functions/cost-alert/use-cases/invoke';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { AlertLedger, ThresholdStore, UsageSource } from '../../functions/cost-alert/ports';
import { TelnyxAuthError, TelnyxServerError } from '../../functions/cost-alert/telnyx/errors';
import { checkDependencies, fakeUsage, PATH, row, thresholdStore } from './fakes';

const NOW = Date.parse('2026-11-27T08:00:00Z');
type Rows = Array<[dateTime: string, cost: string, currency?: string, direction?: string]>;

function usage(byProduct: Record<string, Rows>, failures: Record<string, Error> = {}) {
  return fakeUsage(Object.keys(byProduct), (query) => {
    // Rows in the query's window, as Telnyx answers (a date_time it cannot place is always sent).
    const inWindow = ([dateTime]: Rows[number]) => {
      const at = Date.parse(dateTime);
      return Number.isNaN(at) || !query.window || (at >= query.window.start.getTime() && at < query.window.end.getTime());
    };
    const rows = (byProduct[query.product] ?? []).filter(inWindow);
    return (
      failures[query.product] ??
      rows.map(([dateTime, cost, currency = 'USD', direction = 'outbound']) => row(query.product, cost, currency, { date_time: dateTime, direction }))
    );
  });
}

const quiet: CheckLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const noMetrics = { addMetric: () => undefined };

function deps(overrides: Partial<DigestDependencies> = {}) {
  return checkDependencies({ at: new Date(NOW).toISOString(), usage: usage({ messaging: [['2026-11-26T10:00:00Z', '5']] }).source, log: quiet, ...overrides });
}

describe('runDigest', () => {
  it('sends one digest a local day: a second run the same day sends nothing and asks Telnyx nothing', async () => {
    // Prepare
    const { source, queries } = usage({ messaging: [['2026-11-26T10:00:00Z', '5']] });
    const d = deps({ usage: source });

    // Act
    const first = await runDigest(d);
    const second = await runDigest(d);
    const nextDay = await runDigest({ ...d, clock: () => NOW + 24 * 3_600_000 });

    // Assess
    expect([first.outcome, second.outcome, nextDay.outcome]).toEqual(['published', 'already-sent', 'published']);
    expect(d.publisher.alerts.map((alert) => alert.key)).toEqual(['digest#2026-11-27', 'digest#2026-11-28']);
    expect(second.queries).toBe(0);
    expect(queries).toHaveLength(2);
  });

  it('keys the day in the configured time zone', async () => {
    // 23:30 UTC on the 26th is already the 27th in Berlin
    const d = deps({ clock: () => Date.parse('2026-11-26T23:30:00Z'), timeZone: 'Europe/Berlin' });
    const report = await runDigest(d);
    expect(report.key).toBe('digest#2026-11-27');
  });

  it('asks one hourly query per product over the month and the 14 days, and publishes one info message', async () => {
    // Prepare
    const { source, queries } = usage({ messaging: [['2026-11-26T10:00:00Z', '5']], wireless: [['2026-11-20T10:00:00Z', '2']] });
    const d = deps({ usage: source });

    // Act
    const report = await runDigest(d);

    // Assess
    expect(queries.map((query) => [query.product, query.dimensions, query.metrics, query.window])).toEqual([
      ['messaging', ['date_time', 'currency'], ['cost'], { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-27T00:00:00Z') }],
      ['wireless', ['date_time', 'currency'], ['cost'], { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-27T00:00:00Z') }],
    ]);
    expect(report.queries).toBe(2);
    expect(d.publisher.alerts).toEqual([expect.objectContaining({ severity: 'info', signal: 'digest', product: 'all' })]);
    expect(d.publisher.alerts[0]?.period).toBeUndefined();
  });

  it('splits the window only when it exceeds 31 days: 1 November in Berlin reads October, 31 days and an hour', async () => {
    // Prepare: October 2026 in Berlin starts at 22:00 UTC on 30 September and ends at 23:00 UTC on 31 October
    const { source, queries } = usage({ messaging: [['2026-10-31T22:30:00Z', '3']] });
    const d = deps({ usage: source, clock: () => Date.parse('2026-11-01T07:00:00Z'), timeZone: 'Europe/Berlin' });

    // Act
    await runDigest(d);

    // Assess
    expect(queries.map((query) => query.window)).toEqual([
      { start: new Date('2026-09-30T22:00:00Z'), end: new Date('2026-10-31T22:00:00Z') },
      { start: new Date('2026-10-31T22:00:00Z'), end: new Date('2026-10-31T23:00:00Z') },
    ]);
    // The last hour of 31 October (23:00 local), read in the second window, is still October's.
    expect(d.publisher.alerts[0]?.message.sms).toBe('Telnyx yesterday 3.00 USD; month 3.00 USD.');
  });

  it("reads a threshold's filtered spend from the same query, and the total over every product", async () => {
    // Prepare
    const { source, queries } = usage({
      messaging: [
        ['2026-11-26T10:00:00Z', '40', 'USD', 'outbound'],
        ['2026-11-26T11:00:00Z', '5', 'USD', 'inbound'],
        ['2026-11-26T12:00:00Z', '9', 'EUR', 'outbound'],
      ],
      wireless: [['2026-11-03T10:00:00Z', '100']],
    });
    const thresholds = thresholdStore({ messaging: '{"daily": 50, "filter": {"direction": "outbound"}}', total: '{"monthly": 1500}' });
    const d = deps({ usage: source, thresholds });

    // Act
    await runDigest(d);

    // Assess
    expect(queries.find((query) => query.product === 'messaging')?.dimensions).toEqual(['date_time', 'currency', 'direction']);
    const payload = d.publisher.alerts[0]?.message.payload as { thresholds: unknown[] };
    expect(payload.thresholds).toEqual([
      { product: 'messaging', period: 'daily', currency: 'USD', spend: '40.00', limit: '50.00', filter: { direction: 'outbound' }, complete: true },
      { product: 'total', period: 'monthly', currency: 'USD', spend: '145.00', limit: '1500.00', filter: {}, complete: true },
    ]);
    expect(d.publisher.alerts[0]?.message.sms).toBe('Telnyx yesterday 45.00 USD; month 145.00 USD, 9% of 1500.00. 9.00 EUR yesterday, month 9.00 EUR.');
  });

  it('names a product that cannot be read and still sends the digest', async () => {
    // Prepare
    const { source } = usage(
      { messaging: [['2026-11-26T10:00:00Z', '5']], wireless: [] },
      { wireless: new TelnyxServerError('Telnyx answered HTTP 503 for wireless', 503, 'wireless') },
    );
    const d = deps({ usage: source });

    // Act
    const report = await runDigest(d);

    // Assess
    expect(report.outcome).toBe('published');
    expect(report.failures).toEqual(['wireless: Telnyx answered HTTP 503 for wireless']);
    expect(d.publisher.alerts[0]?.message.email).toContain('Not read: wireless.');
    expect(d.publisher.alerts[0]?.message.sms).toContain('Not read: wireless.');
  });

  it('counts a product whose date_time cannot be read as not read, never as a quiet day', async () => {
    const { source } = usage({ messaging: [['2026-11-26T10:00:00Z', '5']], wireless: [['26/11/2026 10:00', '7']] });
    const report = await runDigest(deps({ usage: source }));
    expect(report.failures).toEqual([expect.stringMatching(/^wireless: 1 usage row\(s\) have a date_time .*"26\/11\/2026 10:00"/)]);
  });

  it('sends nothing, releases the day and fails when nothing can be read', async () => {
    // Prepare
    const ledger = new MemoryAlertLedger();
    const broken = usage(
      { messaging: [], wireless: [] },
      { messaging: new TelnyxServerError('HTTP 500', 500, 'messaging'), wireless: new TelnyxServerError('HTTP 500', 500, 'wireless') },
    );
    const d = deps({ ledger, usage: broken.source });

    // Act / Assess
    await expect(runDigest(d)).rejects.toThrow(DigestFailedError);
    await expect(runDigest(d)).rejects.toThrow("The digest was not sent: no product's usage could be read (messaging: HTTP 500; wireless: HTTP 500).");
    expect(d.publisher.alerts).toEqual([]);
    // The day was released: once Telnyx answers, the same day's digest goes out.
    const retried = await runDigest({ ...d, usage: usage({ messaging: [] }).source });
    expect(retried.outcome).toBe('published');
  });

  it('fails with the reason when Telnyx refuses the key, and says the key was refused', async () => {
    const refused: UsageSource = {
      costProductOptions: () => Promise.reject(new TelnyxAuthError('Telnyx refused the API key (HTTP 401)', 401, undefined)),
      pages: () => (async function* () {})(),
    };
    const blocked = jest.fn();
    await expect(invoke(digestUseCase, deps({ usage: refused }), { metrics: noMetrics, onKeyRefused: blocked })).rejects.toThrow(
      /no Telnyx usage could be read \(Telnyx refused the API key \(HTTP 401\)\)/,
    );
    expect(blocked).toHaveBeenCalledTimes(1);
  });

  it('releases the day when the publish fails, so a retry sends it', async () => {
    // Prepare
    const d = deps();
    d.publisher.failNext();

    // Act / Assess
    await expect(runDigest(d)).rejects.toThrow(/The digest was not sent: publishing digest#2026-11-27 failed/);
    expect((await runDigest(d)).outcome).toBe('published');
    expect(d.publisher.alerts).toHaveLength(1);
  });

  it('sends nothing when the ledger cannot be read (a repeat would be possible)', async () => {
    const ledger: AlertLedger = {
      claim: () => Promise.reject(new Error('DynamoDB unavailable')),
      confirm: async () => undefined,
      release: async () => undefined,
      recallAccounts: () => Promise.reject(new Error('DynamoDB unavailable')),
      rememberAccounts: async () => undefined,
    };
    const d = deps({ ledger });
    await expect(runDigest(d)).rejects.toThrow(
      'The digest was not sent: the alert ledger could not be read to claim digest#2026-11-27 (DynamoDB unavailable).',
    );
    expect(d.publisher.alerts).toEqual([]);
  });

  it('still sends the digest without the threshold section when thresholds cannot be read', async () => {
    const thresholds: ThresholdStore = { path: PATH, describe: (p) => p, load: () => Promise.reject(new Error('AccessDenied')) };
    const d = deps({ thresholds });
    const report = await runDigest(d);
    expect(report.failures).toEqual(['the thresholds could not be read (AccessDenied)']);
    expect(d.publisher.alerts[0]?.message.email).toContain('Not shown: the thresholds could not be read (AccessDenied)');
  });
});

describe('the digest as the Lambda runs it', () => {
  it("logs 'Digest finished' with the shared fields", async () => {
    // Prepare
    const info = jest.fn();
    let now = NOW;
    const d = deps({ log: { ...quiet, info }, clock: () => (now += 250) });

    // Act
    const result = await invoke(digestUseCase, d, { metrics: noMetrics, onKeyRefused: () => undefined });

    // Assess
    expect(info).toHaveBeenCalledWith(
      'Digest finished',
      expect.objectContaining({ telnyxRequests: 2, failureCount: 0, alertsPublished: 1, durationMs: expect.any(Number) }),
    );
    expect(result).toEqual(expect.objectContaining({ action: 'digest', key: 'digest#2026-11-27', evaluated: 0, alerts: { published: 1 }, queries: 1 }));
  });
});

describe('isDigestEvent', () => {
  it('is the {"action": "digest"} event only', () => {
    expect(isDigestEvent({ action: 'digest' })).toBe(true);
    expect([{}, { action: 'check' }, null, 'digest', { 'detail-type': 'Scheduled Event' }].map(isDigestEvent)).toEqual([false, false, false, false, false]);
  });
});
