/** Phase 3 of the check, loadThresholds: every parameter read fresh and parsed; a bad one is its own error alert. */
import { judgeThresholds } from '../../domain/threshold-judge';
import { ALL, type Threshold } from '../../domain/types';
import { describeError } from '../errors';
import { messageOf } from '../../domain/error-text';
import type { StoredParameter } from '../../ports';
import type { ProductList } from '../products';
import type { Run } from '../run';

/**
 * The enabled thresholds. Invalid parameters, an empty store or an unreadable store are reported on the run.
 * `loading`: the store's read, when the caller started it earlier (the check reads it while Telnyx lists the products).
 */
export async function loadThresholds(run: Run, products: ProductList, loading: Promise<StoredParameter[]> = run.deps.thresholds.load()): Promise<Threshold[]> {
  const store = run.deps.thresholds;
  try {
    const loaded = await loading;
    // A parameter the store would not read (a SecureString, which may be a secret) is an error alert of its own,
    // with no suggestion to overwrite it; every other threshold is still checked.
    const raw = loaded.filter((parameter) => parameter.readError === undefined);
    for (const { name, readError } of loaded) {
      if (readError === undefined) continue;
      const product = name.split('/').filter(Boolean).pop() ?? ALL;
      run.problem({
        alert: { product, title: 'Threshold could not be read', detail: readError, parameterLocation: name, suggestOverwrite: false },
        failure: readError,
      });
    }
    // The same judge as `thresholds validate`.
    const parsed = judgeThresholds(raw, store, products.options);
    const thresholds = parsed.thresholds.filter((threshold) => threshold.enabled);
    for (const p of parsed.problems) {
      run.problem({ alert: { product: p.product, title: 'Invalid threshold', detail: p.message, parameterLocation: p.location }, failure: p.message });
    }
    if (loaded.length === 0) {
      const where = store.label ?? store.path;
      const detail = `Nothing is being watched: there are no thresholds in ${where}. Add one per product, e.g. ${store.describe('messaging')} = 50 (a daily limit in USD).`;
      run.problem({ alert: { product: ALL, title: 'No thresholds configured', detail }, failure: `no thresholds in ${where}` });
    }
    run.deps.log.info('Thresholds loaded', {
      parameters: loaded.length,
      unreadable: loaded.length - raw.length,
      enabled: thresholds.length,
      invalid: parsed.problems.length,
    });
    return thresholds;
  } catch (error) {
    run.problem({ alert: { product: ALL, title: 'Thresholds could not be read', detail: messageOf(error) }, failure: messageOf(error) });
    run.deps.log.error('Could not read thresholds', { error: describeError(error) });
    return [];
  }
}
