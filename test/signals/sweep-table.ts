/**
 * Prints the sweep's table (docs/signals.md, "The sweep"): `npx tsx test/signals/sweep-table.ts`.
 * The assertions are in sweep.test.ts; this only shows the figures.
 */
import { performance } from 'node:perf_hooks';
import { replay, type SweepOutcome } from './replay';
import { CHANGE_PATTERNS, LIMIT_PATTERNS, QUIET_PATTERNS } from './traffic-patterns';

function caughtText(outcome: SweepOutcome): string {
  if (outcome.caught.length === 0) return '-';
  return outcome.caught
    .map(({ change, latency }) =>
      latency === undefined ? `${change}: missed` : `${change}: ${latency === 0 ? 'at the first check' : `${latency} check(s) later`}`,
    )
    .join('; ');
}

const started = performance.now();
const lines = ['| pattern | false forecasts | false spikes | real change caught |', '|---|---|---|---|'];
const patterns = [...QUIET_PATTERNS, ...CHANGE_PATTERNS, ...LIMIT_PATTERNS];
for (const pattern of patterns) {
  const outcome = replay(pattern);
  lines.push(`| ${outcome.pattern} | ${outcome.falseForecasts.length} | ${outcome.falseSpikes.length} | ${caughtText(outcome)} |`);
}
process.stdout.write(`${lines.join('\n')}\n\n${patterns.length} patterns, ${(performance.now() - started).toFixed(0)} ms\n`);
