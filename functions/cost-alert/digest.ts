/**
 * The second use case beside the check: the daily digest. Same ports, another flow:
 * claim `digest#<local date>` -> read one hourly series per product -> render -> publish -> confirm.
 *
 * The claim comes first, so a second invocation on the same day costs no Telnyx request and sends nothing.
 * A product that cannot be read is named in the digest ("Not read: wireless") rather than dropping it; when
 * nothing at all can be read, the claim is released and the run fails (the function's error alarm speaks).
 */
import { isKeyRefused } from './check/usage-errors';
import { type CheckDependencies, claimLeaseUntil, messageOf, usageDeadlineOf } from './check/run';
import { HourlyRead } from './check/signals';
import { filtersByProduct } from './check/usage';
import { type DigestCalendar, type DigestInput, type DigestShare, digestCalendar, type ProductDigest, productDigests } from './domain/digest-figures';
import { digestAlert } from './domain/digest-render';
import { digestKey, expiresAtFor } from './domain/alert-keys';
import { queryWindows } from './domain/periods';
import { judgeThresholds } from './domain/threshold-judge';
import { type Alert, type Threshold, TOTAL } from './domain/types';
import type { ProductOptions } from './telnyx/types';

/** The check's ports and settings that the digest uses too (it has no late-usage grace time and no confirm retry). */
export type DigestDependencies = Pick<
  CheckDependencies,
  'thresholds' | 'usage' | 'ledger' | 'publisher' | 'clock' | 'log' | 'timeZone' | 'deadline' | 'publishReserveMs'
>;

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
  const now = new Date(deps.clock());
  const calendar = digestCalendar(now, deps.timeZone);
  const key = digestKey(calendar.today.key);
  const base = { sentAt: now, timeZone: deps.timeZone, key };
  const usageDeadline = usageDeadlineOf(deps);
  const leaseUntil = claimLeaseUntil(deps.deadline, now);

  // 1. Claim the day first: a retry or a second invocation stops here, before any Telnyx request.
  let claimed;
  try {
    claimed = await deps.ledger.claim({ key, rank: 1, now, leaseUntil, expiresAt: expiresAtFor(calendar.today) });
  } catch (error) {
    // Without the ledger we cannot know whether today's digest went out: sending risks a repeat.
    throw new DigestFailedError(
      `The digest was not sent: the alert ledger could not be read to claim ${key} (${messageOf(error)}). The next scheduled digest tries again.`,
      false,
      { cause: error },
    );
  }
  if (claimed.status !== 'claimed') {
    deps.log.info('Digest already handled', { key, status: claimed.status });
    return { ...base, outcome: claimed.status, failures: [], queries: 0 };
  }
  const release = async () => {
    try {
      await deps.ledger.release(claimed.claim);
    } catch (error) {
      deps.log.error('Could not release the digest claim; it lapses with its lease', { key, error: messageOf(error) });
    }
  };

  let read: Awaited<ReturnType<typeof readUsage>>;
  try {
    read = await readUsage(deps, calendar, usageDeadline);
  } catch (error) {
    await release();
    throw error;
  }

  // 3. Render and publish once; confirm so that the rest of the day sends nothing.
  const alert = digestAlert(read.input);
  try {
    await deps.publisher.publish(alert);
  } catch (error) {
    await release();
    throw new DigestFailedError(
      `The digest was not sent: ${messageOf(error)}. The claim was released: invoke the function with {"action": "digest"} to send it today (the schedule does not retry a failed run).`,
      false,
      { cause: error },
    );
  }
  try {
    await deps.ledger.confirm(claimed.claim, new Date(deps.clock()));
  } catch (error) {
    // Sent but not recorded: at worst a retry after the lease sends it again; never lost.
    deps.log.warn('Digest published but not confirmed in the ledger', { key, error: messageOf(error) });
  }
  deps.log.info('Alert published', { severity: alert.severity, signal: alert.signal, product: alert.product, key });
  return { ...base, outcome: 'published', alert, failures: read.failures, queries: read.queries };
}

/** 2. Products, thresholds and one hourly series per product, into the digest's figures. Throws when nothing can be read. */
async function readUsage(deps: DigestDependencies, calendar: DigestCalendar, deadline: number | undefined) {
  const failures: string[] = [];
  let queries = 0;

  let options: ProductOptions[];
  try {
    options = await deps.usage.costProductOptions({ deadline });
  } catch (error) {
    throw new DigestFailedError(`The digest was not sent: no Telnyx usage could be read (${messageOf(error)}).`, isKeyRefused(error), { cause: error });
  }

  let thresholds: Threshold[] = [];
  let thresholdsProblem: string | undefined;
  try {
    // The check's judge; invalid thresholds are the check's to report (it alerts on them), the digest shows the valid ones.
    const parsed = judgeThresholds(await deps.thresholds.load(), deps.thresholds, options);
    thresholds = parsed.thresholds.filter((threshold) => threshold.enabled);
  } catch (error) {
    thresholdsProblem = `the thresholds could not be read (${messageOf(error)})`;
    failures.push(thresholdsProblem);
    deps.log.error('Could not read thresholds', { error: messageOf(error) });
  }
  const filters = filtersByProduct(thresholds);

  const reads: HourlyRead[] = [];
  const notRead = new Map<string, string>();
  let usageBlocked: unknown;
  // Split only if the span exceeds the API's 31 days (a 31-day month with a DST change, widened to whole hours).
  const windows = queryWindows({ ...calendar.month, kind: 'monthly', start: calendar.window.start, end: calendar.window.end }, calendar.window.end);
  await Promise.all(
    options.map(async ({ product }) => {
      const read = new HourlyRead(product, filters.get(product) ?? {}, windows);
      try {
        for (const query of read.queries) {
          if (usageBlocked !== undefined) throw usageBlocked;
          queries++;
          for await (const rows of deps.usage.pages(query, { deadline })) read.add(rows);
        }
        if (read.unparseable > 0) {
          throw new Error(`${read.unparseable} usage row(s) have a date_time Telnyx did not write as ISO 8601 (e.g. "${read.all.firstUnparseable}")`);
        }
        reads.push(read);
      } catch (error) {
        if (isKeyRefused(error)) usageBlocked ??= error;
        notRead.set(product, messageOf(error));
      }
    }),
  );
  for (const [product, reason] of [...notRead].sort(([a], [b]) => a.localeCompare(b))) {
    failures.push(`${product}: ${reason}`);
    deps.log.error('Could not read usage for the digest', { product, error: reason });
  }
  if (reads.length === 0) {
    const reasons = [...notRead].map(([product, reason]) => `${product}: ${reason}`).join('; ');
    throw new DigestFailedError(`The digest was not sent: no product's usage could be read (${reasons}).`, usageBlocked !== undefined, { cause: usageBlocked });
  }

  reads.sort((a, b) => a.product.localeCompare(b.product));
  const figures = reads.flatMap((entry) => productDigests(entry.product, entry.all, calendar));
  const input: DigestInput = {
    sentAt: new Date(deps.clock()),
    calendar,
    products: figures,
    quietProducts: reads.filter((entry) => !figures.some((figure) => figure.product === entry.product)).map((entry) => entry.product),
    notRead: [...notRead.keys()].sort(),
    shares: thresholdShares(thresholds, reads, calendar, notRead.size === 0),
    monthlyTotal: monthlyTotalOf(thresholds),
    thresholdsProblem,
  };
  return { input, failures, queries };
}

/** Each limit against the spend it watches: daily limits against yesterday, monthly against the month to date. */
function thresholdShares(thresholds: readonly Threshold[], reads: readonly HourlyRead[], calendar: DigestCalendar, everyProductRead: boolean): DigestShare[] {
  const shares: DigestShare[] = [];
  // Products by name, the total last: the order a reader scans for one product.
  const ordered = [...thresholds].sort((a, b) => Number(a.product === TOTAL) - Number(b.product === TOTAL) || a.product.localeCompare(b.product));
  for (const threshold of ordered) {
    const isTotal = threshold.product === TOTAL;
    const sources = isTotal ? reads.map((entry) => entry.all) : reads.filter((entry) => entry.product === threshold.product).map((entry) => entry.filtered);
    const figures: ProductDigest[] = sources
      .flatMap((spend) => productDigests(threshold.product, spend, calendar))
      .filter((figure) => figure.currency === threshold.currency);
    const complete = isTotal ? everyProductRead : sources.length > 0;
    for (const period of ['daily', 'monthly'] as const) {
      const limit = threshold[period];
      if (limit === undefined) continue;
      const spend = figures.reduce((sum, figure) => sum + (period === 'daily' ? (figure.days[figure.days.length - 1] ?? 0n) : figure.monthToDate), 0n);
      shares.push({ product: threshold.product, period, currency: threshold.currency, spend, limit, filter: threshold.filter, complete });
    }
  }
  return shares;
}

function monthlyTotalOf(thresholds: readonly Threshold[]): DigestInput['monthlyTotal'] {
  const total = thresholds.find((threshold) => threshold.product === TOTAL && threshold.monthly !== undefined);
  return total?.monthly === undefined ? undefined : { currency: total.currency, limit: total.monthly };
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

/**
 * The digest as the Lambda runs it: logs `Digest finished` (durationMs, telnyxRequests, failureCount,
 * alertsPublished) whatever happens, and rethrows when nothing was sent because of a failure.
 */
export async function runDigestInvocation(
  deps: DigestDependencies,
  onUsageBlocked: () => void = () => undefined,
  /** The Telnyx client's own counts for this run (requests and retries), when the usage source keeps them. */
  counted: () => { telnyxRequests?: number; telnyxRetries?: number } = () => ({}),
): Promise<DigestResult> {
  const started = deps.clock();
  try {
    const report = await runDigest(deps);
    deps.log.info('Digest finished', {
      key: report.key,
      outcome: report.outcome,
      durationMs: deps.clock() - started,
      // The product list plus the usage queries; none when the day's digest was already handled.
      telnyxRequests: report.outcome === 'published' ? report.queries + 1 : 0,
      ...counted(),
      failureCount: report.failures.length,
      alertsPublished: report.outcome === 'published' ? 1 : 0,
      failures: report.failures,
    });
    return {
      action: 'digest',
      checkedAt: report.sentAt.toISOString(),
      key: report.key,
      evaluated: 0,
      alerts: { [report.outcome]: 1 },
      queries: report.queries,
      failures: report.failures,
    };
  } catch (error) {
    if (error instanceof DigestFailedError && error.usageBlocked) onUsageBlocked();
    deps.log.error('Digest finished', { durationMs: deps.clock() - started, ...counted(), failureCount: 1, alertsPublished: 0, failures: [messageOf(error)] });
    throw error;
  }
}
