/**
 * Traffic patterns for the signal sweep (replay.ts): hourly spend an account could really show, from
 * 20 February to 1 May 2026, so that every check of the sweep (8 March to 5 April, through the DST changes of
 * New York, Berlin and Sydney) has its 7 days of history and every month its true total. Random parts come from
 * a seeded generator: the same seed gives the same hours.
 */
import { HOUR_MS } from '../../functions/cost-alert/domain/time';

export const DATA_START = Date.parse('2026-02-20T00:00:00Z');
export const DATA_END = Date.parse('2026-05-02T00:00:00Z');

export interface TrafficPattern {
  readonly name: string;
  /** The operator's TIME_ZONE for this account. */
  readonly timeZone: string;
  /** Spend of the UTC hour starting at `hour`; undefined when Telnyx has no row for it (no usage yet). */
  readonly spend: (hour: number) => bigint | undefined;
  /** Usage is reported this long after it happened (late rows); 0 when on time. */
  readonly lagMs: number;
  /** Limits, when the pattern names them; otherwise 1.25 x the largest true day and month. */
  readonly limits?: { readonly daily: bigint; readonly monthly: bigint };
  /** Hours that are a real change: a spike keyed on their local day is expected, within one check. */
  readonly realSpikes: readonly number[];
  /** Local days that really end over the daily limit because traffic changed: a forecast is expected, within one check. */
  readonly realForecastDays: readonly string[];
}

/** Whole cents as nano-units (test data only: amounts are generated, then made exact). */
export const usd = (amount: number): bigint => BigInt(Math.round(amount * 100)) * 10_000_000n;

/** mulberry32: a small seeded generator, uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A rule per hour, computed once over the data range (so that random draws never depend on the order of reads). */
function tabulate(rule: (hour: number, random: () => number) => number | undefined, seed: number): (hour: number) => bigint | undefined {
  const random = seeded(seed);
  const values: Array<bigint | undefined> = [];
  for (let hour = DATA_START; hour < DATA_END; hour += HOUR_MS) {
    const amount = rule(hour, random);
    values.push(amount === undefined ? undefined : usd(amount));
  }
  return (hour) => (hour < DATA_START || hour >= DATA_END ? undefined : values[(hour - DATA_START) / HOUR_MS]);
}

const clocks = new Map<string, Intl.DateTimeFormat>();
/** The local weekday (0 Sunday) and hour (0-23) at `instant`. */
export function localClock(instant: number, timeZone: string): { weekday: number; hour: number } {
  let format = clocks.get(timeZone);
  if (!format) clocks.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' })));
  const parts = format.formatToParts(instant);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.find((part) => part.type === 'weekday')?.value ?? '');
  return { weekday, hour: Number(parts.find((part) => part.type === 'hour')?.value) };
}

/** An hourly amount with +-20 % noise, as real hours vary. */
const noisy = (amount: number, random: () => number) => amount * (0.8 + 0.4 * random());

const at = (iso: string) => Date.parse(iso);

function pattern(
  name: string,
  rule: (hour: number, random: () => number) => number | undefined,
  options: Partial<TrafficPattern> & { seed?: number } = {},
): TrafficPattern {
  let seed = options.seed ?? 0;
  if (options.seed === undefined) for (const char of name) seed = (Math.imul(seed, 31) + char.charCodeAt(0)) >>> 0;
  return { name, timeZone: 'UTC', lagMs: 0, realSpikes: [], realForecastDays: [], ...options, spend: tabulate(rule, seed) };
}

/** 1 USD/h, and on 2 days of 3 (at random) one 8 USD hour at a random time: bursts that are part of the traffic. */
function stationaryBursts(seed: number): TrafficPattern {
  let burstHour = -1;
  return pattern(
    `stationary bursts: 1 USD/h, an 8 USD hour on 2 days of 3 (seed ${seed})`,
    (hour, random) => {
      const hourOfDay = new Date(hour).getUTCHours();
      if (hourOfDay === 0) burstHour = random() < 2 / 3 ? Math.floor(random() * 24) : -1;
      return noisy(hourOfDay === burstHour ? 8 : 1, random);
    },
    { seed },
  );
}

function businessHours(timeZone: string): (hour: number, random: () => number) => number {
  return (hour, random) => {
    const local = localClock(hour, timeZone);
    const working = local.weekday >= 1 && local.weekday <= 5 && local.hour >= 9 && local.hour < 17;
    return noisy(working ? 6 : 0.2, random);
  };
}

/** Patterns without a real change: every forecast or spike they raise is a false alarm. */
export const QUIET_PATTERNS: readonly TrafficPattern[] = [
  pattern('flat 2 USD/h', (_, random) => noisy(2, random)),
  pattern('weekdays 3 USD/h, weekends 0.60', (hour, random) => {
    const { weekday } = localClock(hour, 'UTC');
    return noisy(weekday === 0 || weekday === 6 ? 0.6 : 3, random);
  }),
  pattern('business hours, New York (DST 8 March)', businessHours('America/New_York'), { timeZone: 'America/New_York' }),
  pattern('business hours, Berlin (DST 29 March)', businessHours('Europe/Berlin'), { timeZone: 'Europe/Berlin' }),
  pattern('business hours, Sydney (DST ends 5 April)', businessHours('Australia/Sydney'), { timeZone: 'Australia/Sydney' }),
  pattern('business hours, Kolkata (UTC+05:30)', businessHours('Asia/Kolkata'), { timeZone: 'Asia/Kolkata' }),
  // A batch at 02:00 UTC, read on a New York clock: its local hour moves from 21:00 to 22:00 on 8 March.
  pattern('daily batch 60 USD at 02:00 UTC, New York clock', (hour, random) => (new Date(hour).getUTCHours() === 2 ? noisy(60, random) : noisy(0.5, random)), {
    timeZone: 'America/New_York',
  }),
  pattern('refunds: 2 USD/h, a 40 USD credit each week', (hour, random) => ((hour - DATA_START) % (168 * HOUR_MS) === 87 * HOUR_MS ? -40 : noisy(2, random))),
  pattern('late rows: 2 USD/h reported 2.5 h late', (_, random) => noisy(2, random), { lagMs: 2.5 * HOUR_MS }),
  pattern('new product: first used 14 March 21:00, 8 USD/h since', (hour, random) => (hour < at('2026-03-14T21:00:00Z') ? undefined : noisy(8, random))),
  stationaryBursts(1),
  stationaryBursts(2),
  stationaryBursts(3),
  pattern('growth: 1 USD/h, 3 % more each day', (hour, random) => noisy(1.03 ** ((hour - DATA_START) / 86_400_000), random)),
  pattern('sparse: a few 2 USD hours a day, no rows otherwise', (_, random) => (random() < 0.15 ? noisy(2, random) : undefined)),
];

/** Patterns with a real change: it must alert within one check, and nothing else may. */
export const CHANGE_PATTERNS: readonly TrafficPattern[] = [
  pattern('one outlier hour: 2 USD/h, 300 USD on 10 March 13:00', (hour) => (hour === at('2026-03-10T13:00:00Z') ? 300 : 2), {
    limits: { daily: usd(60), monthly: usd(1800) },
    realSpikes: [at('2026-03-10T13:00:00Z')],
  }),
  pattern('30x hour: 1 USD/h, 30 USD on 20 March 13:00', (hour, random) => (hour === at('2026-03-20T13:00:00Z') ? 30 : noisy(1, random)), {
    realSpikes: [at('2026-03-20T13:00:00Z')],
  }),
  pattern(
    '30x hour reported late: 1 USD/h, 30 USD on 22 March 13:00, 2.5 h late',
    (hour, random) => (hour === at('2026-03-22T13:00:00Z') ? 30 : noisy(1, random)),
    {
      lagMs: 2.5 * HOUR_MS,
      realSpikes: [at('2026-03-22T13:00:00Z')],
    },
  ),
  pattern(
    '30x hour at night in business hours, New York',
    (hour, random) => (hour === at('2026-03-18T08:00:00Z') ? 60 : businessHours('America/New_York')(hour, random)),
    {
      timeZone: 'America/New_York',
      realSpikes: [at('2026-03-18T08:00:00Z')],
    },
  ),
  pattern('zero-cost rows, then 8 USD/h from 14 March 21:00', (hour, random) => (hour < at('2026-03-14T21:00:00Z') ? 0 : noisy(8, random)), {
    realSpikes: [at('2026-03-14T21:00:00Z')],
  }),
  pattern(
    'a day over its limit: 2 USD/h, 5 USD/h from 20 March 10:00 to midnight',
    (hour) => (hour >= at('2026-03-20T10:00:00Z') && hour < at('2026-03-21T00:00:00Z') ? 5 : 2),
    {
      limits: { daily: usd(60), monthly: usd(1800) },
      realForecastDays: ['2026-03-20'],
    },
  ),
];

/**
 * Where the method knowingly errs, shown in the table: credits count as zero in the history (a refund is not
 * usage and does not repeat), so an account refunded a quarter of its spend every few days is projected high
 * for the month, by the share refunded. Its spikes stay quiet.
 */
export const LIMIT_PATTERNS: readonly TrafficPattern[] = [
  pattern('heavy refunds: 2 USD/h, a 40 USD credit every third day', (hour, random) =>
    (hour - DATA_START) % (72 * HOUR_MS) === 15 * HOUR_MS ? -40 : noisy(2, random),
  ),
];
