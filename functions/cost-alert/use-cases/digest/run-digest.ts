/**
 * The daily digest, the second use case beside the check, as a pipeline of named phases over the same ports:
 * startRun -> claim the day -> listProducts -> readThresholds -> readUsage -> compose -> publishClaimed.
 *
 * The claim comes first, so a second invocation on the same day costs no Telnyx request and sends nothing.
 * A product that cannot be read is named in the digest ("Not read: wireless") rather than dropping it; when
 * nothing at all can be read, the claim is released and the run fails (the function's error alarm speaks).
 */
import { digestKey } from '../../domain/alert-keys';
import { type DigestCalendar, digestCalendar } from '../../domain/digest-figures';
import { digestAlert } from '../../domain/digest-render';
import { expiresAtFor } from '../../domain/alert-keys';
import { judgeThresholds } from '../../domain/threshold-judge';
import type { Alert, Threshold } from '../../domain/types';
import type { AlertClaim } from '../../ports';
import { claim, publishClaimed } from '../delivery';
import { describeError } from '../errors';
import { messageOf } from '../../domain/error-text';
import type { UseCase } from '../invoke';
import { type ProductList, listProducts } from '../products';
import { type Run, startRun, type UseCaseDependencies } from '../run';
import { readUsage } from '../usage-reads';
import { digestAccountReads, digestAccounts } from './digest-accounts';
import { digestBalanceOf, digestBalanceReads } from './digest-balance';
import { digestInputOf, digestReads, digestSeries } from './digest-figures';

export type DigestDependencies = UseCaseDependencies;

/** Nothing could be read, or the digest could not be claimed or published: nothing was sent (or it is not known). */
export class DigestFailedError extends Error {
  override readonly name = 'DigestFailedError';
  constructor(
    message: string,
    /** Telnyx refused the API key (or it could not be read). */
    readonly usageBlocked = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface DigestReport {
  readonly sentAt: Date;
  readonly timeZone: string;
  /** The ledger key claimed: `digest#<YYYY-MM-DD>` of the day the digest is sent. */
  readonly key: string;
  /** `published`, or why nothing was sent: it already went out today, or another run is sending it. */
  readonly outcome: 'published' | 'already-sent' | 'in-flight';
  /** The digest that was published. */
  readonly alert?: Alert;
  /** What went wrong without stopping the digest (a product not read, thresholds not read). */
  readonly failures: readonly string[];
  /** Telnyx usage queries sent (one per product, two when a window must be split). */
  readonly queries: number;
}

export async function runDigest(deps: DigestDependencies): Promise<DigestReport> {
  const run = startRun(deps);
  const calendar = digestCalendar(run.now, run.timeZone);
  const key = digestKey(calendar.today.key);
  const base = { sentAt: run.now, timeZone: run.timeZone, key };
  const claimed = await claim(run, { key, rank: 1, expiresAt: expiresAtFor(calendar.today) });
  if (claimed.status === 'failed') {
    const reason = `the alert ledger could not be read to claim ${key} (${messageOf(claimed.error)})`;
    throw new DigestFailedError(`The digest was not sent: ${reason}. The next scheduled digest tries again.`, false, { cause: claimed.error });
  }
  if (claimed.status !== 'claimed') {
    deps.log.info('Alert already handled', { key, status: claimed.status });
    return { ...base, outcome: claimed.status, failures: [], queries: 0 };
  }
  const { alert, queries } = await releasedOnFailure(run, claimed.claim, () => composeDigest(run, calendar));
  const published = await publishClaimed(run, claimed.claim, alert);
  if (published.status === 'failed') {
    throw new DigestFailedError(
      `The digest was not sent: ${messageOf(published.error)}. The claim was released: invoke the function with {"action": "digest"} to send it today (the schedule does not retry a failed run).`,
      false,
      { cause: published.error },
    );
  }
  return { ...base, outcome: 'published', alert, failures: run.failures, queries };
}

/** Runs `compose`; when it throws, the day's claim is released first, so that a later invocation sends the digest. */
async function releasedOnFailure<T>(run: Run, claimed: AlertClaim, compose: () => Promise<T>): Promise<T> {
  try {
    return await compose();
  } catch (error) {
    await run.deps.ledger.release(claimed).catch((releaseError: unknown) => {
      run.deps.log.error('Could not release the digest claim; it lapses with its lease', { key: claimed.key, error: describeError(releaseError) });
    });
    throw error;
  }
}

/** Products, thresholds and one hourly series per product, into the digest. Throws when nothing can be read. */
async function composeDigest(run: Run, calendar: DigestCalendar): Promise<{ alert: Alert; queries: number }> {
  const products = await listProducts(run);
  if (products.options === undefined) {
    const reason = messageOf(products.error);
    throw new DigestFailedError(`The digest was not sent: no Telnyx usage could be read (${reason}).`, products.keyRefused, { cause: products.error });
  }
  const thresholds = await readThresholds(run, products);
  const reads = digestReads(products.options, thresholds.valid, calendar);
  const accountReads = digestAccountReads(thresholds.valid, products.options, calendar, run.now);
  const usage = await readUsage(run, [...reads, ...accountReads.flatMap((planned) => planned.reads), ...digestBalanceReads(thresholds.valid)]);
  const series = digestSeries(run, reads, usage);
  if (series.read.length === 0) {
    const reasons = [...series.notRead].map(([product, reason]) => `${product}: ${reason}`).join('; ');
    throw new DigestFailedError(`The digest was not sent: no product's usage could be read (${reasons}).`, usage.keyRefused, { cause: usage.refusal });
  }
  const accounts = await digestAccounts(run, accountReads, usage);
  const balance = digestBalanceOf(run, thresholds.valid, usage, reads, calendar.window.end);
  const extras = { ...(accounts ? { accounts } : {}), ...(balance ? { balance } : {}) };
  return { alert: digestAlert({ ...digestInputOf(run, calendar, thresholds, series), ...extras }), queries: usage.queries };
}

/** The valid thresholds, judged as the check judges them; the check alerts on the invalid ones, the digest shows the rest. */
async function readThresholds(run: Run, products: ProductList): Promise<{ valid: Threshold[]; problem?: string }> {
  try {
    const parsed = judgeThresholds(await run.deps.thresholds.load(), run.deps.thresholds, products.options);
    return { valid: parsed.thresholds.filter((threshold) => threshold.enabled) };
  } catch (error) {
    const problem = `the thresholds could not be read (${messageOf(error)})`;
    run.problem({ failure: problem });
    run.deps.log.error('Could not read thresholds', { error: describeError(error) });
    return { valid: [], problem };
  }
}

/** The event that asks the function for the digest (EventBridge Scheduler's second schedule sends it). */
export function isDigestEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { action?: unknown }).action === 'digest';
}

/** What the handler returns for a digest: the check's result shape (alerts by outcome), plus the day's key. */
export interface DigestResult {
  readonly action: 'digest';
  readonly checkedAt: string;
  readonly key: string;
  /** Thresholds evaluated: none (the digest checks no limit). */
  readonly evaluated: 0;
  readonly alerts: Record<string, number>;
  readonly queries: number;
  readonly failures: readonly string[];
}

/** The digest as the Lambda runs it: `Digest finished` (with the key and outcome) whatever happens; no metrics. */
export const digestUseCase: UseCase<DigestDependencies, DigestReport, DigestResult> = {
  name: 'Digest',
  run: runDigest,
  finished(report) {
    const published = report.outcome === 'published';
    return {
      result: {
        action: 'digest',
        checkedAt: report.sentAt.toISOString(),
        key: report.key,
        evaluated: 0,
        alerts: { [report.outcome]: 1 },
        queries: report.queries,
        failures: report.failures,
      },
      fields: { key: report.key, outcome: report.outcome },
      failures: report.failures,
      alertsPublished: published ? 1 : 0,
      // The product list plus the usage queries; none when the day's digest was already handled.
      usageCalls: published ? report.queries + 1 : 0,
      metrics: {},
      keyRefused: false,
    };
  },
};
