/** The product argument of `thresholds get | set | delete`: a name a parameter can have, spelt as Telnyx spells it. */
import { DOCUMENTED_PRODUCTS, productSpelling } from '../../../functions/cost-alert/domain/product-names';
import { UsageError } from '../cli-io';
import { checkProductName } from '../threshold-source';

/**
 * Refuses (exit code 2) a name in the wrong case or with `_` for `-` (`Messaging`, `sip_trunking`), naming the
 * right one: such a threshold would never match Telnyx's usage. Telnyx's live list joins the documented one when known.
 */
export function checkProductSpelling(product: string, live: Iterable<string> = []): string {
  checkProductName(product);
  const right = productSpelling(product, [...DOCUMENTED_PRODUCTS, ...live]);
  if (right !== undefined) {
    throw new UsageError(`"${product}" is not how Telnyx spells the product: use "${right}" (product names are lower case, with - between words)`);
  }
  return product;
}
