import { evaluate, levelsOf, matchesFilter, NO_CURRENCY, SpendTally } from '../../functions/cost-alert/domain/evaluate';
import type { Period, Threshold } from '../../functions/cost-alert/domain/types';
import type { UsageRow } from '../../functions/cost-alert/telnyx/types';

const UNIT = 1_000_000_000n;

const threshold: Threshold = {
  product: 'messaging',
  parameterName: '/telnyx-cost-alert/thresholds/messaging',
  daily: 50n * UNIT,
  monthly: 900n * UNIT,
  warnAtPpm: [500_000, 800_000],
  currency: 'USD',
  filter: {},
  enabled: true,
};

const today: Period = {
  kind: 'daily',
  key: '2026-11-26',
  timeZone: 'UTC',
  start: new Date('2026-11-26T00:00:00Z'),
  end: new Date('2026-11-27T00:00:00Z'),
};
const thisMonth: Period = { ...today, kind: 'monthly', key: '2026-11', start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };

const row = (cost: bigint | undefined, values: Record<string, unknown>): UsageRow => ({
  product: 'messaging',
  values,
  ...(cost === undefined ? {} : { cost }),
});

describe('levelsOf', () => {
  it('puts warnings at the floor of limit x fraction and critical at the limit', () => {
    // Act
    const levels = levelsOf({ daily: 10n, warnAtPpm: [333_333, 800_000] }, 'daily');

    // Assess
    expect(levels).toEqual([
      { severity: 'warning', rankPpm: 333_333, at: 3n }, // 3.33333 floored
      { severity: 'warning', rankPpm: 800_000, at: 8n },
      { severity: 'critical', rankPpm: 1_000_000, at: 10n },
    ]);
  });

  it('has no levels for a period without a limit', () => {
    expect(levelsOf({ daily: 10n, warnAtPpm: [800_000] }, 'monthly')).toEqual([]);
  });

  it('leaves out a warning that would fire at zero spend', () => {
    expect(levelsOf({ daily: 1n, warnAtPpm: [500_000] }, 'daily')).toEqual([{ severity: 'critical', rankPpm: 1_000_000, at: 1n }]);
  });
});

describe('evaluate', () => {
  it('finds no breach below the first warning', () => {
    expect(evaluate(threshold, today, 25n * UNIT - 1n)).toBeUndefined();
  });

  it('reports a warning once spend reaches its level', () => {
    // Act
    const breach = evaluate(threshold, today, 25n * UNIT);

    // Assess
    expect(breach).toEqual({
      threshold,
      period: today,
      spend: { nanos: 25n * UNIT, currency: 'USD' },
      limit: { nanos: 50n * UNIT, currency: 'USD' },
      level: { severity: 'warning', rankPpm: 500_000, at: 25n * UNIT },
    });
  });

  it('reports only the highest of several levels crossed', () => {
    // Act
    const breach = evaluate(threshold, today, 45n * UNIT);

    // Assess
    expect(breach?.level).toEqual({ severity: 'warning', rankPpm: 800_000, at: 40n * UNIT });
  });

  it('is critical when spend reaches the limit exactly', () => {
    // Act
    const atLimit = evaluate(threshold, today, 50n * UNIT);
    const justBelow = evaluate(threshold, today, 50n * UNIT - 1n);

    // Assess
    expect(atLimit?.level.severity).toBe('critical');
    expect(justBelow?.level.severity).toBe('warning');
  });

  it('judges a monthly period against the monthly limit', () => {
    // Act
    const breach = evaluate(threshold, thisMonth, 100n * UNIT);

    // Assess
    expect(breach).toBeUndefined();
    expect(evaluate(threshold, thisMonth, 900n * UNIT)?.limit).toEqual({ nanos: 900n * UNIT, currency: 'USD' });
  });

  it('never breaches a disabled threshold or a period it sets no limit for', () => {
    expect(evaluate({ ...threshold, enabled: false }, today, 1000n * UNIT)).toBeUndefined();
    expect(evaluate({ ...threshold, monthly: undefined }, thisMonth, 1000n * UNIT)).toBeUndefined();
  });
});

describe('matchesFilter', () => {
  it('matches when every filtered dimension has the wanted value, ignoring case', () => {
    expect(matchesFilter({ direction: 'outbound', country_iso: 'US' }, { direction: 'outbound' })).toBe(true);
    expect(matchesFilter({ direction: 'Outbound', country_iso: 'us' }, { direction: 'OUTBOUND', country_iso: 'US' })).toBe(true);
    expect(matchesFilter({ direction: 'outbound' }, {})).toBe(true);
  });

  it('does not match another value, a missing dimension or a non-string value', () => {
    expect(matchesFilter({ direction: 'inbound' }, { direction: 'outbound' })).toBe(false);
    expect(matchesFilter({ country_iso: 'US' }, { direction: 'outbound' })).toBe(false);
    expect(matchesFilter({ direction: 1 }, { direction: '1' })).toBe(false);
    expect(matchesFilter({ direction: 'outbound', country_iso: 'DE' }, { direction: 'outbound', country_iso: 'US' })).toBe(false);
  });
});

describe('SpendTally', () => {
  it('keeps currencies apart: EUR rows never count toward USD', () => {
    // Prepare
    const tally = new SpendTally();

    // Act
    tally.add([row(10n, { currency: 'USD' }), row(7n, { currency: 'EUR' }), row(5n, { currency: 'usd' })]);
    tally.add([row(1n, { currency: 'EUR' })]);

    // Assess
    expect(tally.total('USD')).toBe(15n);
    expect(tally.total('EUR')).toBe(8n);
    expect(tally.total('GBP')).toBe(0n);
    expect(tally.currencies()).toEqual(['EUR', 'USD']);
  });

  it('sums rows without a currency apart and counts them', () => {
    // Prepare
    const tally = new SpendTally();

    // Act
    tally.add([row(3n, {}), row(4n, { currency: 'USD' }), row(2n, { currency: '' }), row(6n, { currency: null })]);

    // Assess
    expect(tally.total('USD')).toBe(4n);
    expect(tally.total(NO_CURRENCY)).toBe(11n);
    expect(tally.withoutCurrency).toBe(3);
    expect(tally.currencies()).toEqual([NO_CURRENCY, 'USD']);
  });

  it('skips and counts rows without a cost', () => {
    // Prepare
    const tally = new SpendTally();

    // Act
    tally.add([row(undefined, { currency: 'USD' }), row(9n, { currency: 'USD' })]);

    // Assess
    expect(tally.total('USD')).toBe(9n);
    expect(tally.withoutCost).toBe(1);
    expect(tally.counted).toBe(1);
  });

  it('counts only rows that match its filter', () => {
    // Prepare
    const tally = new SpendTally({ direction: 'outbound' });

    // Act
    tally.add([
      row(100n, { currency: 'USD', direction: 'outbound' }),
      row(200n, { currency: 'USD', direction: 'inbound' }),
      row(300n, { currency: 'USD' }),
      row(400n, { currency: 'USD', direction: 'OUTBOUND' }),
    ]);

    // Assess
    expect(tally.total('USD')).toBe(500n);
    expect(tally.filteredOut).toBe(2);
  });

  it('sums a million rows exactly (speed is measured by npm run bench, not here)', () => {
    // Prepare: a month of a busy account, 5000-row pages with currencies interleaved.
    const page: UsageRow[] = Array.from({ length: 5000 }, (_, i) => row(800_000n, { currency: i % 10 === 0 ? 'EUR' : 'USD', direction: 'outbound' }));
    const tally = new SpendTally({ direction: 'outbound' });

    // Act
    for (let i = 0; i < 200; i++) tally.add(page);

    // Assess
    expect(tally.counted).toBe(1_000_000);
    expect(tally.total('USD')).toBe(900_000n * 800_000n);
    expect(tally.total('EUR')).toBe(100_000n * 800_000n);
  });
});
