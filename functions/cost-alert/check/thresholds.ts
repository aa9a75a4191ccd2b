/** Phase 3 of the check, loadThresholds: every parameter read fresh and parsed; a bad one is its own error alert. */
import { judgeThresholds } from '../domain/thresholds';
import { ALL, type Threshold } from '../domain/types';
import type { ProductList } from './products';
import { describeError, messageOf, type Run } from './run';

/** The enabled thresholds. Invalid parameters, an empty store or an unreadable store are reported on the run. */
export async function loadThresholds(run: Run, products: ProductList): Promise<Threshold[]> {
  const store = run.deps.thresholds;
  try {
    const loaded = await store.load();
    // A parameter the store would not read (a SecureString, which may be a secret) is an error alert of its own,
    // with no suggestion to overwrite it; every other threshold is still checked.
    const raw = loaded.filter((parameter) => parameter.readError === undefined);
    for (const { name, readError } of loaded) {
      if (readError === undefined) continue;
      run.problem(
        {
          product: name.split('/').filter(Boolean).pop() ?? ALL,
          title: 'Threshold could not be read',
          detail: readError,
          parameterLocation: name,
          suggestOverwrite: false,
        },
        readError,
      );
    }
    // The same judge as `thresholds validate`.
    const parsed = judgeThresholds(raw, store, products.options);
    const thresholds = parsed.thresholds.filter((threshold) => threshold.enabled);
    for (const p of parsed.problems) {
      run.problem({ product: p.product, title: 'Invalid threshold', detail: p.message, parameterLocation: p.location }, p.message);
    }
    if (loaded.length === 0) {
      run.problem(
        {
          product: ALL,
          title: 'No thresholds configured',
          detail: `Nothing is being watched: there are no thresholds in ${store.label ?? store.path}. Add one per product, e.g. ${store.describe('messaging')} = 50 (a daily limit in USD).`,
        },
        `no thresholds in ${store.label ?? store.path}`,
      );
    }
    run.deps.log.info('Thresholds loaded', {
      parameters: loaded.length,
      unreadable: loaded.length - raw.length,
      enabled: thresholds.length,
      invalid: parsed.problems.length,
    });
    return thresholds;
  } catch (error) {
    run.problem({ product: ALL, title: 'Thresholds could not be read', detail: messageOf(error) }, messageOf(error));
    run.deps.log.error('Could not read thresholds', { error: describeError(error) });
    return [];
  }
}
