/**
 * The sweep: every traffic pattern of traffic-patterns.ts replayed with a check every 15 minutes for 28 days
 * (replay.ts), forecasts and spikes counted as the ledger sends them (one per key). Pure domain evaluation, a few
 * seconds in all. The table in docs/signals.md comes from `npx tsx test/signals/sweep-table.ts`.
 */
import { CHECK_INTERVAL_MS, replay, SWEEP_DAYS } from './replay';
import { CHANGE_PATTERNS, LIMIT_PATTERNS, QUIET_PATTERNS } from './traffic-patterns';

const CHECKS = (SWEEP_DAYS * 86_400_000) / CHECK_INTERVAL_MS;

describe('forecasts and spikes over 28 days of checks every 15 minutes', () => {
  it.each(QUIET_PATTERNS.map((pattern) => [pattern.name, pattern] as const))('%s: no forecast and no spike', (_, pattern) => {
    const outcome = replay(pattern);

    expect(outcome.checks).toBe(CHECKS);
    expect({ forecasts: outcome.falseForecasts, spikes: outcome.falseSpikes }).toEqual({ forecasts: [], spikes: [] });
  });

  it.each(CHANGE_PATTERNS.map((pattern) => [pattern.name, pattern] as const))('%s: the change alerts within one check, nothing else does', (_, pattern) => {
    const outcome = replay(pattern);

    expect({ forecasts: outcome.falseForecasts, spikes: outcome.falseSpikes }).toEqual({ forecasts: [], spikes: [] });
    expect(outcome.caught.length).toBeGreaterThan(0);
    for (const caught of outcome.caught)
      expect({ change: caught.change, withinOneCheck: caught.latency !== undefined && caught.latency <= 1 }).toEqual({
        change: caught.change,
        withinOneCheck: true,
      });
  });

  it.each(LIMIT_PATTERNS.map((pattern) => [pattern.name, pattern] as const))(
    '%s: no spike; only month forecasts, projected high by the share refunded',
    (_, pattern) => {
      const outcome = replay(pattern);

      expect(outcome.falseSpikes).toEqual([]);
      expect(outcome.falseForecasts.every((key) => key.startsWith('forecast|sweep|monthly|'))).toBe(true);
    },
  );
});
