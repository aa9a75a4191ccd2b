/**
 * Phase 4b of the check, reportUsageFailures: what could not be read, as few alerts as say it all.
 * Running out of time is one problem of the run, not one per product still queued.
 */
import { ALL } from '../domain/types';
import { TelnyxDeadlineError } from '../telnyx/errors';
import type { ProductList } from './products';
import { describeError, messageOf, type Run } from './run';
import type { ReadTask, UsageReads } from './usage';
import { isKeyRefused } from './usage-errors';

export function reportUsageFailures(run: Run, products: ProductList, tasks: readonly ReadTask[], usage: UsageReads): void {
  if (products.keyRefused) return;
  const failedProducts = new Map<string, unknown>();
  for (const task of tasks) {
    if (task.ok || isKeyRefused(task.error) || failedProducts.has(task.product)) continue;
    failedProducts.set(task.product, task.error);
  }
  if (usage.keyRefused) return;

  if (products.error !== undefined) {
    run.problem(
      { product: ALL, title: 'Telnyx products could not be listed', detail: `${messageOf(products.error)}. Per-product thresholds are still checked; the total is not.` },
      messageOf(products.error),
    );
  }
  const late = [...failedProducts].filter(([, error]) => error instanceof TelnyxDeadlineError).map(([product]) => product);
  if (late.length > 0) {
    const detail = `Telnyx answered too slowly: the usage of ${late.join(', ')} could not be read before the check's deadline. Their thresholds were not checked this time; if this repeats, raise the function's timeout or TELNYX_MAX_CONCURRENCY.`;
    run.problem({ product: ALL, title: 'Telnyx too slow for the check', detail }, `not read before the deadline: ${late.join(', ')}`);
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
