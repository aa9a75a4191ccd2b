/** The products with a cost metric (the total's members), with their dimensions: the first Telnyx call of every use case. */
import type { ProductOptions } from '../domain/usage';
import { describeError, isKeyRefused } from './errors';
import type { Run } from './run';

export interface ProductList {
  /** Products with a cost metric; undefined when they could not be listed. */
  readonly names?: readonly string[];
  /** The options entries themselves (product, dimensions, metrics): what thresholds are judged against. */
  readonly options?: readonly ProductOptions[];
  /** Telnyx refused the key (or it could not be read): nothing more is queried this run. */
  readonly keyRefused: boolean;
  /** Why the list could not be read; each use case says it its own way (the check with its read failures). */
  readonly error?: unknown;
}

export async function listProducts(run: Run): Promise<ProductList> {
  try {
    const options = await run.deps.usage.costProductOptions({ deadline: run.usageDeadline });
    return { names: options.map((entry) => entry.product), options, keyRefused: false };
  } catch (error) {
    run.deps.log.error('Could not list Telnyx products with a cost metric', { error: describeError(error) });
    return { keyRefused: isKeyRefused(error), error };
  }
}
