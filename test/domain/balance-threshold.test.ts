import { canonicalValue, editThresholdValue } from '../../functions/cost-alert/domain/threshold-edit';
import { parseThresholds } from '../../functions/cost-alert/domain/threshold-judge';
import { fieldChanges } from '../../functions/cost-alert/domain/threshold-plan';
import { describeThreshold, formatThresholdValue } from '../../functions/cost-alert/domain/threshold-text';
import { parseThresholdValue } from '../../functions/cost-alert/domain/threshold-values';
import { KNOWN, parseOne, PATH, USD } from './threshold-fixtures';

const balance = (value: string) => parseOne(value, 'balance');

describe('the balance threshold: valid values', () => {
  it('reads a plain amount as the minimum available credit in USD', () => {
    const { thresholds, problems } = balance('100');
    expect(problems).toEqual([]);
    expect(thresholds).toEqual([expect.objectContaining({ product: 'balance', balance: { minimum: USD(100) }, currency: 'USD', enabled: true })]);
    expect(thresholds[0]?.daily).toBeUndefined();
  });

  it('reads every field of the issue, exactly', () => {
    const { thresholds, problems } = balance('{"minimum": 100, "warnBelow": 250.000000001, "runwayHours": 24, "currency": "usd", "enabled": true}');
    expect(problems).toEqual([]);
    expect(thresholds[0]).toEqual(
      expect.objectContaining({ balance: { minimum: USD(100), warnBelow: USD(250) + 1n, runwayHours: 24 }, currency: 'USD', enabled: true }),
    );
  });

  it('needs only one of the three levels', () => {
    expect(balance('{"runwayHours": 720}').thresholds[0]?.balance).toEqual({ runwayHours: 720 });
    expect(balance('{"warnBelow": "250.50"}').thresholds[0]?.balance).toEqual({ warnBelow: USD(250) + 500_000_000n });
  });

  it('is a reserved name: never refused as an unknown product, whatever Telnyx lists', () => {
    const { thresholds, problems } = parseThresholds([{ name: `${PATH}/balance`, value: '100' }], { path: PATH, knownProducts: KNOWN });
    expect(problems).toEqual([]);
    expect(thresholds).toHaveLength(1);
  });

  it('suggests "balance" for a misspelt name', () => {
    expect(parseOne('100', 'balanse').problems[0]?.message).toContain('did you mean "balance"?');
  });
});

describe('the balance threshold: invalid values', () => {
  const problem = (value: string) => balance(value).problems[0]?.message;

  it('needs at least one level', () => {
    expect(problem('{"currency": "USD"}')).toContain(
      'The value needs at least one of "minimum" (critical below it), "warnBelow" (a warning below it) or "runwayHours".',
    );
  });

  it('refuses a runway that is not a whole number of hours from 1 to 720', () => {
    for (const hours of ['0', '721', '1.5', '-24', '"a day"', 'true']) {
      expect(problem(`{"runwayHours": ${hours}}`)).toContain('"runwayHours" must be a whole number of hours from 1 to 720, e.g. 24');
    }
  });

  it('holds the levels to the one amount rule', () => {
    expect(problem('{"minimum": 0}')).toContain('"minimum" must be positive');
    expect(problem('{"warnBelow": 1e13}')).toContain('"warnBelow" must be below 1000000000000');
    expect(problem('-5')).toContain('The minimum must be positive');
    expect(problem('"abc"')).toContain('The value must be an amount or a JSON object');
    expect(problem('abc')).toContain('The value must be an amount (the minimum available credit in USD) or a JSON object');
  });

  it('refuses a warning level at or under the minimum', () => {
    expect(problem('{"minimum": 100, "warnBelow": 100}')).toContain('"warnBelow" (100) must be above "minimum" (100)');
  });

  it('refuses an unknown key with a suggestion, and the fields of a product threshold', () => {
    expect(problem('{"minimun": 100}')).toContain('Unknown key "minimun": did you mean "minimum"?');
    expect(problem('{"minimum": 100, "daily": 5}')).toContain('Unknown key "daily"');
    expect(problem('{"minimum": 100, "filter": {"direction": "outbound"}}')).toContain('Unknown key "filter"');
  });

  it('closes each problem with what a valid balance value looks like', () => {
    expect(problem('{}')).toContain('A valid value is 100 (the minimum available credit in USD) or {"minimum": 100, "warnBelow": 250, "runwayHours": 24}.');
  });

  it('refuses the balance fields on a product threshold', () => {
    expect(parseOne('{"daily": 5, "minimum": 100}').problems[0]?.message).toContain('Unknown key "minimum"');
  });
});

describe('the balance threshold written back', () => {
  const settings = (value: string) => {
    const parsed = parseThresholdValue(value, 'balance');
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.settings;
  };

  it('describes the levels for people and writes the value that reads back the same', () => {
    const value = settings('{"minimum": 100, "warnBelow": 250, "runwayHours": 24, "currency": "EUR"}');
    expect(describeThreshold(value)).toBe('minimum 100.00 EUR, warn below 250.00 EUR, runway 24 h');
    expect(formatThresholdValue(value)).toBe('{"minimum": 100, "warnBelow": 250, "runwayHours": 24, "currency": "EUR"}');
    expect(formatThresholdValue(settings('100'))).toBe('100');
  });

  it('edits one level and keeps the others; a plain value is the minimum, JSON stays JSON', () => {
    expect(editThresholdValue('100', { runwayHours: '48' }, 'balance')).toEqual({ ok: true, text: '{"minimum": 100, "runwayHours": 48}' });
    expect(editThresholdValue('{"minimum": 100, "warnBelow": 250}', { warnBelow: false, minimum: '1e2' }, 'balance')).toEqual({
      ok: true,
      text: '{"minimum": 100}',
    });
    expect(canonicalValue('1e2', 'balance')).toBe('100');
  });

  it('compares values by what they mean: 100 and {"minimum": 100} are the same threshold', () => {
    expect(fieldChanges('100', '{"minimum": 100}', 'balance')).toEqual([]);
    expect(fieldChanges('100', '{"minimum": 100, "runwayHours": 24}', 'balance')).toEqual([{ field: 'runwayHours', from: '(none)', to: '24' }]);
  });
});
