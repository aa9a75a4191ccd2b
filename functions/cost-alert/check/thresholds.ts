/** Phase 3 of the check, loadThresholds: every parameter read fresh and parsed; a bad one is its own error alert. */
import { parseThresholds } from '../domain/thresholds';
import { ALL, type Threshold } from '../domain/types';
import type { ProductList } from './products';
import { describeError, messageOf, type Run } from './run';

/** The enabled thresholds. Invalid parameters, an empty store or an unreadable store are reported on the run. */
export async function loadThresholds(run: Run, products: ProductList): Promise<Threshold[]> {
  const store = run.deps.thresholds;
  try {
    const raw = await store.load();
    const parsed = parseThresholds(raw, {
      path: store.path,
      knownProducts: products.names ? new Set(products.names) : undefined,
      productDimensions: products.dimensions,
    });
    const thresholds = parsed.thresholds.filter((threshold) => threshold.enabled);
    for (const p of parsed.problems) {
      // Where to fix it, as the store names it (a file key locally); a parameter nested too deep is named as is.
      const location = p.parameterName === `${store.path}/${p.product}` ? store.describe(p.product) : p.parameterName;
      run.problem({ product: p.product, title: 'Invalid threshold', detail: p.message, parameterLocation: location }, p.message);
    }
    if (raw.length === 0) {
      run.problem(
        {
          product: ALL,
          title: 'No thresholds configured',
          detail: `Nothing is being watched: there are no parameters under ${store.path}. Add one per product, e.g. ${store.path}/messaging = 50 (a daily limit in USD).`,
        },
        `no thresholds under ${store.path}`,
      );
    }
    run.deps.log.info('Thresholds loaded', { parameters: raw.length, enabled: thresholds.length, invalid: parsed.problems.length });
    return thresholds;
  } catch (error) {
    run.problem({ product: ALL, title: 'Thresholds could not be read', detail: messageOf(error) }, messageOf(error));
    run.deps.log.error('Could not read thresholds', { error: describeError(error) });
    return [];
  }
}
