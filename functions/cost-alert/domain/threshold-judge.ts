/**
 * Judging a set of threshold parameters: which parameter is for which product, whether Telnyx has that product
 * and the dimensions its filter names, and each value (threshold-values.ts). One bad parameter never affects
 * another; every problem starts with where the operator fixes it.
 */
import { closest } from './name-suggestion';
import { isReservedName, parseThresholdValue, validValueHint } from './threshold-values';
import { ALL, BALANCE, TOTAL } from './types';
import type { RawParameter, Threshold, ThresholdProblem } from './types';

/**
 * Turns the parameters under `options.path` into thresholds. The product is the parameter's name below the
 * path; with `knownProducts` (the products that have a cost metric), any other name but `total` is a problem.
 * With `productDimensions`, a filter on a dimension the product does not have is a problem too: Telnyx would
 * refuse the query, and the product's usage (and with it the total) could not be read at all.
 */
export function parseThresholds(
  params: readonly RawParameter[],
  options: {
    path: string;
    knownProducts: ReadonlySet<string> | undefined;
    productDimensions?: ReadonlyMap<string, readonly string[]>;
  },
): { thresholds: Threshold[]; problems: ThresholdProblem[] } {
  const path = options.path.replace(/\/+$/, '');
  const prefix = `${path}/`;
  const thresholds: Threshold[] = [];
  const problems: ThresholdProblem[] = [];

  for (const { name, value, location = name } of params) {
    // Messages start with where the operator fixes it: the SSM parameter, or the file and key.
    const problem = (product: string, message: string) => problems.push({ parameterName: name, location, product, message: `${location}: ${message}` });
    const lastSegment = name.split('/').filter(Boolean).pop() ?? ALL;
    const relative = name.startsWith(prefix) ? name.slice(prefix.length) : undefined;

    if (relative === undefined || relative === '' || relative.includes('/')) {
      problem(
        lastSegment,
        location === name
          ? `a threshold parameter must sit directly under ${prefix}, named after the product (e.g. ${prefix}messaging or ${prefix}${TOTAL}); this one is ignored.`
          : `a key must be one product's name (e.g. "messaging") or "${TOTAL}", without "/"; this one is ignored.`,
      );
      continue;
    }
    const product = relative;

    if (!isReservedName(product) && options.knownProducts && !options.knownProducts.has(product)) {
      const suggestion = closest(product, [...options.knownProducts, TOTAL, BALANCE]);
      const known = [...options.knownProducts].sort();
      const listed = known.length > 12 ? `${known.slice(0, 12).join(', ')}, ...` : known.join(', ');
      const advice = suggestion
        ? `did you mean "${suggestion}"?`
        : `the products with a cost are ${listed || '(none)'}, "${TOTAL}" for their sum and "${BALANCE}" for the available credit.`;
      problem(product, `"${product}" is not a Telnyx product with a cost metric: ${advice}`);
      continue;
    }

    const result = parseThresholdValue(value, product);
    if (!result.ok) {
      problem(product, result.message);
      continue;
    }
    const dimensions = options.productDimensions?.get(product);
    const unknown = dimensions && dimensions.length > 0 ? Object.keys(result.settings.filter).filter((d) => !dimensions.includes(d)) : [];
    if (unknown.length > 0) {
      const wrong = unknown[0] as string;
      const suggestion = closest(wrong, new Set(dimensions));
      problem(
        product,
        `"filter" names "${wrong}", which is not a dimension of ${product}${suggestion ? `: did you mean "${suggestion}"?` : '.'} Its dimensions are ${[...(dimensions ?? [])].sort().join(', ')}. ${validValueHint(product)}`,
      );
      continue;
    }
    thresholds.push({ product, parameterName: name, ...result.settings });
  }
  return { thresholds, problems };
}

/** A product as the options endpoint describes it, as far as thresholds care. */
export interface ProductCatalogEntry {
  readonly product: string;
  readonly dimensions: readonly string[];
}

/**
 * The one judge of threshold parameters, shared by the check and `thresholds validate` so that both accept and
 * refuse the same values. With `catalog` (Telnyx's products with a cost metric, and their dimensions), a product
 * name or a filter dimension Telnyx does not have is a problem too; without it, only the values are judged.
 */
export function judgeThresholds(
  params: readonly RawParameter[],
  store: { readonly path: string },
  catalog: readonly ProductCatalogEntry[] | undefined,
): { thresholds: Threshold[]; problems: ThresholdProblem[] } {
  return parseThresholds(params, {
    path: store.path,
    knownProducts: catalog && new Set(catalog.map((entry) => entry.product)),
    productDimensions: catalog && new Map(catalog.map((entry) => [entry.product, entry.dimensions])),
  });
}
