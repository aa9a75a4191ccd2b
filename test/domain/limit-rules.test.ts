import { breachOf, levelsOf } from '../../functions/cost-alert/domain/limit-rules';
import type { Period, Threshold } from '../../functions/cost-alert/domain/types';

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

describe('breachOf', () => {
  it('finds no breach below the first warning', () => {
    expect(breachOf(threshold, today, 25n * UNIT - 1n)).toBeUndefined();
  });

  it('reports a warning once spend reaches its level', () => {
    // Act
    const breach = breachOf(threshold, today, 25n * UNIT);

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
    const breach = breachOf(threshold, today, 45n * UNIT);

    // Assess
    expect(breach?.level).toEqual({ severity: 'warning', rankPpm: 800_000, at: 40n * UNIT });
  });

  it('is critical when spend reaches the limit exactly', () => {
    // Act
    const atLimit = breachOf(threshold, today, 50n * UNIT);
    const justBelow = breachOf(threshold, today, 50n * UNIT - 1n);

    // Assess
    expect(atLimit?.level.severity).toBe('critical');
    expect(justBelow?.level.severity).toBe('warning');
  });

  it('judges a monthly period against the monthly limit', () => {
    // Act
    const breach = breachOf(threshold, thisMonth, 100n * UNIT);

    // Assess
    expect(breach).toBeUndefined();
    expect(breachOf(threshold, thisMonth, 900n * UNIT)?.limit).toEqual({ nanos: 900n * UNIT, currency: 'USD' });
  });

  it('never breaches a disabled threshold or a period it sets no limit for', () => {
    expect(breachOf({ ...threshold, enabled: false }, today, 1000n * UNIT)).toBeUndefined();
    expect(breachOf({ ...threshold, monthly: undefined }, thisMonth, 1000n * UNIT)).toBeUndefined();
  });
});
