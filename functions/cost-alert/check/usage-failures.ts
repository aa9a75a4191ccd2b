/**
 * Phase 4b of the check, reportUsageFailures: what could not be read, in as few alerts as say it all.
 *
 * One outage is one alert: when every read failed (the product list too, if it failed) with the same kind of
 * cause (unreachable, TLS, timeouts, 5xx everywhere, 429 everywhere, the deadline), the run sends one error
 * alert for `all` naming the cause and the products. Otherwise each product that could not be read is its
 * own error alert, except running out of time, which is one problem of the run (not one per product queued).
 */
import { ALL } from '../domain/types';
import { TelnyxDeadlineError } from '../telnyx/errors';
import type { ProductList } from './products';
import { describeError, messageOf, type Run } from './run';
import type { ReadTask, UsageReads } from './usage';
import { causeCode } from '../telnyx/errors';
import { describeOutage, isKeyRefused, type OutageCause, outageCause } from './usage-errors';

/** The title of the deadline alert predates the outage rule; kept, since it is part of the alert's ledger key. */
const OUTAGE_TITLE: Readonly<Record<OutageCause, string>> = {
  unreachable: 'Telnyx unreachable',
  tls: 'TLS connection to Telnyx failed',
  timeout: 'Telnyx did not answer in time',
  server: 'Telnyx server errors',
  'rate-limit': 'Telnyx rate limit',
  deadline: 'Telnyx too slow for the check',
};

export function reportUsageFailures(run: Run, products: ProductList, tasks: readonly ReadTask[], usage: UsageReads): void {
  if (products.keyRefused || usage.keyRefused) return;
  const failedProducts = new Map<string, unknown>();
  for (const task of tasks) {
    if (task.ok || isKeyRefused(task.error) || failedProducts.has(task.product)) continue;
    failedProducts.set(task.product, task.error);
  }
  if (reportOutage(run, products, tasks, failedProducts)) return;

  if (products.error !== undefined) {
    run.problem(
      {
        product: ALL,
        title: 'Telnyx products could not be listed',
        detail: `${messageOf(products.error)}. Per-product thresholds are still checked; the total is not.`,
      },
      messageOf(products.error),
    );
  }
  const late = [...failedProducts].filter(([, error]) => error instanceof TelnyxDeadlineError).map(([product]) => product);
  if (late.length > 0) {
    const detail = `Telnyx answered too slowly: the usage of ${late.join(', ')} could not be read before the check's deadline. Their thresholds were not checked this time; if this repeats, raise the function's timeout or TELNYX_MAX_CONCURRENCY.`;
    run.problem({ product: ALL, title: OUTAGE_TITLE.deadline, detail }, `not read before the deadline: ${late.join(', ')}`);
    run.deps.log.error('Usage not read before the deadline', { products: late });
  }
  for (const [product, error] of failedProducts) {
    if (error instanceof TelnyxDeadlineError) continue;
    run.problem(
      { product, title: 'Usage could not be read', detail: `${messageOf(error)}. Its thresholds were not checked this time; the next run tries again.` },
      `${product}: ${messageOf(error)}`,
    );
    run.deps.log.error('Could not read usage', { product, error: describeError(error) });
  }
}

/** One alert for all when nothing was read and every failure has one cause; false when that is not the case. */
function reportOutage(run: Run, products: ProductList, tasks: readonly ReadTask[], failedProducts: ReadonlyMap<string, unknown>): boolean {
  if (tasks.some((task) => task.ok)) return false;
  const errors = [...failedProducts.values(), ...(products.error === undefined ? [] : [products.error])];
  // A single failure (one product, or only the list) is already one alert, and says more as it is.
  if (errors.length < 2) return false;
  const causes = new Set(errors.map(outageCause));
  const [cause] = causes;
  if (causes.size !== 1 || cause === undefined) return false;

  const names = [...failedProducts.keys()];
  const what = [names.length > 0 ? `the usage of ${names.join(', ')}` : '', products.error === undefined ? '' : 'the list of products']
    .filter(Boolean)
    .join(' and ');
  const hint =
    cause === 'deadline'
      ? "if this repeats, raise the function's timeout or TELNYX_MAX_CONCURRENCY"
      : cause === 'rate-limit'
        ? 'if this repeats, lower TELNYX_MAX_CONCURRENCY or run the check less often'
        : 'the next run tries again';
  const code = causeCode(errors[0]);
  const detail = `${describeOutage(cause)}: ${what} could not be read. No limit was checked this time; ${hint}. First error: ${messageOf(errors[0])}${code ? ` (${code})` : ''}`;
  run.problem({ product: ALL, title: OUTAGE_TITLE[cause], detail }, `${OUTAGE_TITLE[cause]}: ${what} not read`);
  run.deps.log.error('Telnyx usage could not be read at all', {
    cause,
    products: names,
    productListFailed: products.error !== undefined,
    error: describeError(errors[0]),
  });
  return true;
}
