/** Phase 2 of the check, listProducts: which products have a cost metric (the total's members), with their dimensions. */
import type { ProductOptions } from '../telnyx/types';
import { describeError, type Run } from './run';
import { isKeyRefused, reportKeyRefused } from './usage-errors';

export interface ProductList {
  /** Products with a cost metric; undefined when they could not be listed. */
  readonly names?: readonly string[];
  /** The options entries themselves (product, dimensions, metrics): what thresholds are judged against. */
  readonly options?: readonly ProductOptions[];
  /** Telnyx refused the key (or it could not be read): nothing more is queried this run. */
  readonly keyRefused: boolean;
  /** Why the list could not be read (reported with the usage reads, so that one outage is one alert). */
  readonly error?: unknown;
}

export async function listProducts(run: Run): Promise<ProductList> {
  try {
    const options = await run.deps.usage.costProductOptions({ deadline: run.usageDeadline });
    return {
      names: options.map((entry) => entry.product),
      options,
      keyRefused: false,
    };
  } catch (error) {
    run.deps.log.error('Could not list Telnyx products with a cost metric', { error: describeError(error) });
    if (isKeyRefused(error)) {
      reportKeyRefused(run, error);
      return { keyRefused: true, error };
    }
    return { keyRefused: false, error };
  }
}
