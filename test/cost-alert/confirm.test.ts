/**
 * Confirming a published alert: retried with backoff within the run's deadline, and a final failure fails
 * the run while the alert still counts as published. Time is pinned: the sleep advances a fake clock.
 */
import type { RunLog as CheckLog } from '../../functions/cost-alert/ports';
import type { CheckDependencies } from '../../functions/cost-alert/use-cases/check/check-run';
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { runDigest } from '../../functions/cost-alert/use-cases/digest/run-digest';
import { CONFIRM_RETRY_DELAYS_MS, ConfirmFailedError, confirmWithRetry } from '../../functions/cost-alert/use-cases/confirm';
import { parseNanos } from '../../functions/cost-alert/domain/money';
import { RecordingPublisher } from '../../functions/cost-alert/local/console-publisher';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { AlertClaim, AlertLedger, ClaimRequest, UsageSource } from '../../functions/cost-alert/ports';

const NOW = Date.parse('2026-11-26T14:00:00Z');
const PATH = '/telnyx-cost-alert/thresholds';

/** A memory ledger whose first `failures` confirms fail, as a throttled or unreachable table would. */
class FlakyConfirmLedger implements AlertLedger {
  readonly inner = new MemoryAlertLedger();
  confirms = 0;
  constructor(private failures: number) {}
  claim(request: ClaimRequest) {
    return this.inner.claim(request);
  }
  async confirm(claim: AlertClaim, now: Date) {
    this.confirms++;
    if (this.failures-- > 0) throw new Error('DynamoDB throttled the request');
    return this.inner.confirm(claim, now);
  }
  release(claim: AlertClaim) {
    return this.inner.release(claim);
  }
  recallAccounts(key: string) {
    return this.inner.recallAccounts(key);
  }
  rememberAccounts(...args: Parameters<MemoryAlertLedger['rememberAccounts']>) {
    return this.inner.rememberAccounts(...args);
  }
}

/** A clock that only the injected sleep moves. */
function pinnedTime(start = NOW) {
  let now = start;
  const slept: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const usage: UsageSource = {
  costProductOptions: async () => [{ product: 'messaging', dimensions: ['currency'], metrics: ['cost'] }],
  pages: () =>
    (async function* () {
      yield [{ product: 'messaging', values: { currency: 'USD', cost: '60' }, cost: parseNanos('60') }];
    })(),
};

const quiet: CheckLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

function deps(ledger: AlertLedger, time: ReturnType<typeof pinnedTime>, extra: Partial<CheckDependencies> = {}) {
  const publisher = new RecordingPublisher();
  const d: CheckDependencies = {
    thresholds: { path: PATH, describe: (p) => `${PATH}/${p}`, load: async () => [{ name: `${PATH}/messaging`, value: '50' }] },
    usage,
    ledger,
    publisher,
    clock: time.clock,
    log: quiet,
    timeZone: 'UTC',
    sleep: time.sleep,
    ...extra,
  };
  return { d, publisher };
}

describe('confirmWithRetry', () => {
  const claim: AlertClaim = { key: 'k', rank: 1, token: 't' };

  it('retries with growing waits and stops at the first success', async () => {
    // Prepare
    const time = pinnedTime();
    let calls = 0;
    const confirm = async () => {
      if (++calls < 3) throw new Error('throttled');
    };
    const ledger = { confirm } as unknown as AlertLedger;
    const retries: number[] = [];
    // Act
    await confirmWithRetry(ledger, claim, { clock: time.clock, sleep: time.sleep, onRetry: ({ attempt }) => retries.push(attempt) });
    // Assess
    expect(calls).toBe(3);
    expect(time.slept).toEqual([200, 400]);
    expect(retries).toEqual([1, 2]);
  });

  it('gives up after the last wait with a ConfirmFailedError carrying the cause', async () => {
    // Prepare
    const time = pinnedTime();
    const cause = new Error('no table');
    const ledger = { confirm: () => Promise.reject(cause) } as unknown as AlertLedger;
    // Act
    const confirming = confirmWithRetry(ledger, claim, { clock: time.clock, sleep: time.sleep });
    // Assess
    await expect(confirming).rejects.toBeInstanceOf(ConfirmFailedError);
    await expect(confirming).rejects.toMatchObject({
      attempts: CONFIRM_RETRY_DELAYS_MS.length + 1,
      cause,
      message: 'could not record k as sent after 6 tries: no table',
    });
    expect(time.slept).toEqual([...CONFIRM_RETRY_DELAYS_MS]);
  });

  it('starts no try that could not finish before the deadline', async () => {
    // Prepare: 2 s left: the waits of 200 and 400 ms fit (with 1 s for the try), 800 does not
    const time = pinnedTime();
    const ledger = { confirm: () => Promise.reject(new Error('unreachable')) } as unknown as AlertLedger;
    // Act
    const confirming = confirmWithRetry(ledger, claim, { clock: time.clock, sleep: time.sleep, deadline: NOW + 2_000 });
    // Assess
    await expect(confirming).rejects.toThrow('could not record k as sent after 3 tries (no time left before the deadline): unreachable');
    expect(time.slept).toEqual([200, 400]);
  });
});

describe('runCheck confirming a published alert', () => {
  it('retries a failed confirm, so the alert does not go out again after its lease', async () => {
    // Prepare: the first two confirms fail
    const time = pinnedTime();
    const ledger = new FlakyConfirmLedger(2);
    const first = deps(ledger, time);
    // Act: this run, and one long after its lease
    const report = await runCheck(first.d);
    time.advance(60 * 60_000);
    const later = deps(ledger, time);
    const next = await runCheck(later.d);
    // Assess
    expect(report.alerts.map((a) => a.outcome)).toEqual(['published']);
    expect(report.failures).toEqual([]);
    expect(ledger.confirms).toBe(3);
    expect(time.slept).toEqual([200, 400]);
    expect(next.alerts.map((a) => a.outcome)).toEqual(['already-sent']);
    expect(later.publisher.alerts).toHaveLength(0);
  });

  it('fails the run when the confirm keeps failing; the alert still counts as published', async () => {
    // Prepare
    const time = pinnedTime();
    const ledger = new FlakyConfirmLedger(100);
    const { d, publisher } = deps(ledger, time, { deadline: NOW + 60_000 });
    // Act
    const report = await runCheck(d);
    // Assess
    expect(publisher.alerts).toHaveLength(1);
    expect(report.alerts.map((a) => a.outcome)).toEqual(['published']);
    expect(report.failures).toEqual([
      expect.stringMatching(
        /^alert published but not recorded as sent, so it may go out again after .*: \[CRITICAL\].*could not record .* as sent after 6 tries: DynamoDB throttled the request\)$/,
      ),
    ]);
  });

  it('does not retry past the run deadline', async () => {
    // Prepare: the run has 1.1 s left when it confirms: a 200 ms wait and a 1 s try do not fit
    const time = pinnedTime();
    const ledger = new FlakyConfirmLedger(100);
    const { d } = deps(ledger, time, { deadline: NOW + 1_100 });
    // Act
    const report = await runCheck(d);
    // Assess
    expect(ledger.confirms).toBe(1);
    expect(time.slept).toEqual([]);
    expect(report.failures).toEqual([expect.stringContaining('(no time left before the deadline)')]);
  });
});

describe('runDigest confirming the published digest', () => {
  const hourly: UsageSource = {
    costProductOptions: usage.costProductOptions,
    pages: () =>
      (async function* () {
        yield [{ product: 'messaging', values: { currency: 'USD', cost: '6', date_time: '2026-11-25T10:00:00Z' }, cost: parseNanos('6') }];
      })(),
  };

  it('retries a failed confirm as the check does, so the day is recorded and a later run sends nothing', async () => {
    // Prepare: the first two confirms fail
    const time = pinnedTime();
    const ledger = new FlakyConfirmLedger(2);
    const { d, publisher } = deps(ledger, time, { usage: hourly });
    // Act
    const report = await runDigest(d);
    const again = await runDigest(d);
    // Assess
    expect([report.outcome, again.outcome]).toEqual(['published', 'already-sent']);
    expect(report.failures).toEqual([]);
    expect(time.slept).toEqual([200, 400]);
    expect(publisher.alerts).toHaveLength(1);
  });

  it('counts a confirm that keeps failing as a failure of the run; the digest still went out', async () => {
    // Prepare
    const time = pinnedTime();
    const { d, publisher } = deps(new FlakyConfirmLedger(100), time, { usage: hourly, deadline: NOW + 60_000 });
    // Act
    const report = await runDigest(d);
    // Assess
    expect(report.outcome).toBe('published');
    expect(publisher.alerts).toHaveLength(1);
    expect(report.failures).toEqual([expect.stringMatching(/^alert published but not recorded as sent, so it may go out again after .*: Telnyx spend digest/)]);
  });
});
