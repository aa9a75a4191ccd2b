/**
 * What counts as a breach: spend of a period, in the threshold's currency, at or above a level.
 * Levels of a limit L are a warning at floor(L x warnAt) for each warnAt, and critical at L itself.
 */
import type { Breach, Level, Period, PeriodKind, Threshold } from './types';

const PPM = 1_000_000;
const PPM_BIG = 1_000_000n;

/**
 * The levels of `threshold` for a period kind, lowest first; empty when it sets no limit for that kind.
 * A warning that would sit at zero spend (a limit of a few nano-units) is left out: it would fire on no usage.
 */
export function levelsOf(threshold: Pick<Threshold, 'daily' | 'monthly' | 'warnAtPpm'>, kind: PeriodKind): Level[] {
  const limit = threshold[kind];
  if (limit === undefined) return [];
  const levels: Level[] = [];
  for (const ppm of threshold.warnAtPpm) {
    const at = (limit * BigInt(ppm)) / PPM_BIG;
    if (at > 0n) levels.push({ severity: 'warning', rankPpm: ppm, at });
  }
  levels.push({ severity: 'critical', rankPpm: PPM, at: limit });
  return levels;
}

/**
 * The breach of `threshold` in `period`: the highest level that `spendNanos` (in `threshold.currency`) reached,
 * or undefined. Reaching the limit exactly is critical. A disabled threshold never breaches.
 */
export function breachOf(threshold: Threshold, period: Period, spendNanos: bigint): Breach | undefined {
  if (!threshold.enabled) return undefined;
  const limit = threshold[period.kind];
  if (limit === undefined) return undefined;
  let reached: Level | undefined;
  for (const level of levelsOf(threshold, period.kind)) {
    if (spendNanos >= level.at && (reached === undefined || level.rankPpm > reached.rankPpm)) reached = level;
  }
  if (reached === undefined) return undefined;
  return {
    threshold,
    period,
    spend: { nanos: spendNanos, currency: threshold.currency },
    limit: { nanos: limit, currency: threshold.currency },
    level: reached,
  };
}
