/** The threshold parameters' path and products the threshold tests judge against. */
import { parseThresholds } from '../../functions/cost-alert/domain/threshold-judge';

export const PATH = '/telnyx-cost-alert/thresholds';
export const KNOWN = new Set(['messaging', 'sip-trunking', 'call-control']);
export const USD = (units: number) => BigInt(units) * 1_000_000_000n;

/** One parameter `PATH/product` with `value`, judged against the known products. */
export function parseOne(value: string, product = 'messaging', options: { knownProducts: ReadonlySet<string> | undefined } = { knownProducts: KNOWN }) {
  return parseThresholds([{ name: `${PATH}/${product}`, value }], { path: PATH, knownProducts: options.knownProducts });
}
