import { explainSignalFields } from '../../functions/cost-alert/domain/signal-config';
import { describeThreshold, formatThresholdValue } from '../../functions/cost-alert/domain/threshold-text';
import { parseThresholdValue } from '../../functions/cost-alert/domain/threshold-values';

const NANO = 1_000_000_000n;

function issuesOf(text: string): readonly string[] {
  const result = parseThresholdValue(text, 'messaging');
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  return result.issues;
}

describe('the threshold fields forecast and spike', () => {
  it('reads "forecast": true beside a limit, and leaves both signals off by default', () => {
    const on = parseThresholdValue('{"daily": 50, "forecast": true}');
    const off = parseThresholdValue('{"daily": 50}');

    expect(on.ok && on.settings.forecast).toBe(true);
    expect(off.ok && off.settings).not.toHaveProperty('forecast');
    expect(off.ok && off.settings).not.toHaveProperty('spike');
  });

  it('reads "spike": true as factor 5 and 5 an hour, and allows a spike-only threshold', () => {
    const result = parseThresholdValue('{"spike": true}');

    expect(result.ok && result.settings.spike).toEqual({ factorNanos: 5n * NANO, minimumPerHour: 5n * NANO });
    expect(result.ok && result.settings).not.toHaveProperty('daily');
  });

  it('reads explicit spike settings exactly, an amount given as a string too', () => {
    const result = parseThresholdValue('{"monthly": 900, "spike": {"factor": 3.5, "minimumPerHour": "2.50"}, "currency": "EUR"}');

    expect(result.ok && result.settings.spike).toEqual({ factorNanos: 3_500_000_000n, minimumPerHour: 2_500_000_000n });
  });

  it('reads a long JSON number as written, not as a double rounded it (the same rule as the limits)', () => {
    const result = parseThresholdValue('{"daily": 5, "spike": {"factor": 5.000000001, "minimumPerHour": 2.12345678901234567}}');

    expect(result.ok && result.settings.spike).toEqual({ factorNanos: 5_000_000_001n, minimumPerHour: 2_123_456_789n });
  });

  it.each([
    ['{"daily": 5, "spike": {"factor": 1}}', '"spike.factor" must be above 1 (5 means five times the usual hourly spend); got 1.'],
    ['{"daily": 5, "spike": {"factor": "many"}}', '"spike.factor" must be a number above 1, e.g. 5; got "many".'],
    // The one rule for numbers: a factor of 1e400 (a spike that can never fire) is refused, not kept as 401 digits.
    ['{"daily": 5, "spike": {"factor": 1e400}}', '"spike.factor" must be below 1000000000000 (at most 12 digits before the decimal point); got 1e400.'],
    ['{"daily": 5, "spike": {"factor": "1e20"}}', '"spike.factor" must be below 1000000000000 (at most 12 digits before the decimal point); got "1e20".'],
    ['{"daily": 5, "spike": {"minimumPerHour": 0}}', '"spike.minimumPerHour" must be positive (above 0.000000001); got 0.'],
    ['{"daily": 5, "spike": {"minimumPerHour": -1}}', '"spike.minimumPerHour" must be positive (above 0.000000001); got -1.'],
    ['{"daily": 5, "spike": {"minimumPerHour": "five"}}', '"spike.minimumPerHour" must be a positive amount, e.g. 50 or "50.00"; got "five".'],
    [
      '{"daily": 5, "spike": {"minimumPerHour": 1e400}}',
      '"spike.minimumPerHour" must be below 1000000000000 (at most 12 digits before the decimal point); got 1e400.',
    ],
    ['{"daily": 5, "spike": {"facter": 3}}', 'Unknown key "spike.facter": did you mean "factor"? The keys of "spike" are "factor", "minimumPerHour".'],
    [
      '{"daily": 5, "spike": 5}',
      '"spike" must be true, false or an object, e.g. "spike": true (factor 5, minimumPerHour 5) or "spike": {"factor": 5, "minimumPerHour": 5}; got 5.',
    ],
    ['{"daily": 5, "forecast": "yes"}', '"forecast" must be true or false (without quotes); got "yes".'],
    [
      '{"daily": 5, "forcast": true}',
      'Unknown key "forcast": did you mean "forecast"? The keys are "daily", "monthly", "warnAt", "currency", "filter", "enabled", "managedAccounts", "forecast", "spike".',
    ],
  ])('refuses %s', (value, issue) => {
    expect(issuesOf(value)).toContain(issue);
  });

  it('refuses a forecast without a limit to project against, and a threshold with neither limit nor spike', () => {
    expect(issuesOf('{"forecast": true, "spike": true}')).toEqual([
      '"forecast": true needs a "daily" or a "monthly" limit to project against, e.g. {"daily": 50, "forecast": true}.',
    ]);
    expect(issuesOf('{"spike": false}')).toEqual(['The value needs a "daily" or a "monthly" limit (or both), "spike": true, or "managedAccounts".']);
  });

  it('writes the fields back so that they read the same, and describes them', () => {
    for (const text of [
      '{"daily": 50, "forecast": true}',
      '{"spike": true}',
      '{"daily": 5, "forecast": true, "spike": {"factor": 3.5, "minimumPerHour": 2.5}}',
    ]) {
      const parsed = parseThresholdValue(text);
      if (!parsed.ok) throw new Error(parsed.message);
      expect(formatThresholdValue(parsed.settings)).toBe(text);
      const again = parseThresholdValue(formatThresholdValue(parsed.settings));
      expect(again.ok && again.settings).toEqual(parsed.settings);
    }
    const parsed = parseThresholdValue('{"daily": 50, "forecast": true, "spike": true}');
    expect(parsed.ok && describeThreshold(parsed.settings)).toBe('daily 50.00 USD, forecast, spike at 5x the usual hourly spend and 5.00 USD/h');
  });

  it('explains what each signal does for `thresholds validate`', () => {
    const parsed = parseThresholdValue('{"daily": 50, "forecast": true, "spike": {"factor": 4, "minimumPerHour": 2}}');
    if (!parsed.ok) throw new Error(parsed.message);

    const lines = explainSignalFields(parsed.settings, 'USD');

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^forecast: a warning when the spend projected to the end of the day \(month\) reaches its limit/);
    expect(lines[0]).toContain("each hour's mean without its highest, so one unusual hour does not set the pace");
    expect(lines[1]).toBe(
      "spike: a critical alert when the last hour's spend is at least 4x the usual hourly spend (the largest of that hour's mean without its highest and a typical hour" +
        ' over the previous 7 days, and the median of the 6 hours before) and at least 2.00 USD, unless hours of about that size came on earlier days;' +
        ' the 6 hours before the last are read again, for usage Telnyx reports late. Once per local day.',
    );
  });
});
