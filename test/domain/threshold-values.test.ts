import { parseThresholdValue } from '../../functions/cost-alert/domain/threshold-values';
import type { Threshold } from '../../functions/cost-alert/domain/types';
import { PATH, parseOne, USD } from './threshold-fixtures';

describe('parseThresholds: valid values', () => {
  it('reads a plain number as a daily limit in USD', () => {
    // Act
    const { thresholds, problems } = parseOne('50');

    // Assess
    expect(problems).toEqual([]);
    expect(thresholds).toEqual<Threshold[]>([
      {
        product: 'messaging',
        parameterName: `${PATH}/messaging`,
        daily: USD(50),
        warnAtPpm: [],
        currency: 'USD',
        filter: {},
        enabled: true,
      },
    ]);
  });

  it('reads a plain decimal exactly', () => {
    // Act
    const { thresholds } = parseOne(' 12.345678901 ');

    // Assess
    expect(thresholds[0]?.daily).toBe(12_345_678_901n);
  });

  it('reads JSON with every field', () => {
    // Act
    const { thresholds, problems } = parseOne(
      '{"daily": 50, "monthly": 900.5, "warnAt": [0.9, 0.8, 0.9], "currency": "eur", "filter": {"direction": "outbound"}, "enabled": false}',
    );

    // Assess
    expect(problems).toEqual([]);
    expect(thresholds).toEqual<Threshold[]>([
      {
        product: 'messaging',
        parameterName: `${PATH}/messaging`,
        daily: USD(50),
        monthly: 900_500_000_000n,
        warnAtPpm: [800_000, 900_000],
        currency: 'EUR',
        filter: { direction: 'outbound' },
        enabled: false,
      },
    ]);
  });

  it('reads numeric strings and a single warnAt number exactly', () => {
    // Act
    const { thresholds, problems } = parseOne('{"monthly": "900.10", "warnAt": "0.123456"}');

    // Assess
    expect(problems).toEqual([]);
    expect(thresholds[0]?.monthly).toBe(900_100_000_000n);
    expect(thresholds[0]?.daily).toBeUndefined();
    expect(thresholds[0]?.warnAtPpm).toEqual([123_456]);
  });

  it('reads warnAt fractions from their decimal text, not through float multiplication', () => {
    // Prepare: 0.29 * 1e6 is 289999.99999999994 in floating point.

    // Act
    const { thresholds } = parseOne('{"daily": 1, "warnAt": [0.29, 0.57]}');

    // Assess
    expect(thresholds[0]?.warnAtPpm).toEqual([290_000, 570_000]);
  });
});

describe('parseThresholds: invalid values', () => {
  it.each([
    ['not a number', 'fifty', 'must be an amount'],
    ['zero', '0', 'must be positive'],
    ['negative', '-5', 'must be positive'],
    ['a JSON array', '[50]', 'must be an amount or a JSON object'],
    ['bad JSON', '{"daily": 50,}', 'is not valid JSON'],
    ['empty', '  ', 'is empty'],
    ['neither limit', '{"warnAt": [0.8]}', 'needs a "daily" or a "monthly" limit'],
    ['a zero daily limit', '{"daily": 0}', '"daily" must be positive'],
    ['a negative monthly limit', '{"monthly": "-3"}', '"monthly" must be positive'],
    ['a limit that is not a number', '{"daily": "lots"}', '"daily" must be a positive amount, e.g. 50 or "50.00"; got "lots".'],
    ['a limit that is null', '{"daily": null}', '"daily" must be a positive amount'],
    ['a limit with more digits than a double holds', '{"daily": 12345678901234567.5}', 'at most 12 digits before the decimal point'],
    ['an unknown key (a typo)', '{"dayly": 50}', 'Unknown key "dayly": did you mean "daily"?'],
    ['warnAt above 1', '{"daily": 50, "warnAt": [1.5]}', '"warnAt" must be fractions between 0 and 1 (exclusive), e.g. [0.8]; got [1.5].'],
    ['warnAt of exactly 1', '{"daily": 50, "warnAt": [1]}', 'between 0 and 1 (exclusive)'],
    ['warnAt of 0', '{"daily": 50, "warnAt": 0}', 'between 0 and 1 (exclusive)'],
    ['warnAt negative', '{"daily": 50, "warnAt": [-0.5]}', 'between 0 and 1 (exclusive)'],
    ['warnAt as a percentage', '{"daily": 50, "warnAt": [80]}', '(for 80% write 0.8)'],
    ['warnAt not numbers', '{"daily": 50, "warnAt": ["soon"]}', '"warnAt" must be a list of numbers'],
    ['warnAt an object', '{"daily": 50, "warnAt": {"at": 0.8}}', '"warnAt" must be a list of numbers'],
    ['warnAt with 7 decimals', '{"daily": 50, "warnAt": [0.1234567]}', 'at most 6 decimals'],
    ['a bad currency', '{"daily": 50, "currency": "US$"}', '"currency" must be a 3-letter ISO 4217 code'],
    ['a currency that is not a string', '{"daily": 50, "currency": 840}', '"currency" must be a 3-letter ISO 4217 code'],
    ['a filter with a number', '{"daily": 50, "filter": {"direction": 1}}', '"filter" must be an object of dimension names to non-empty strings'],
    ['a filter with an empty value', '{"daily": 50, "filter": {"direction": " "}}', '"filter" must be an object'],
    ['a filter that is a string', '{"daily": 50, "filter": "outbound"}', '"filter" must be an object'],
    ['enabled as a string', '{"daily": 50, "enabled": "false"}', '"enabled" must be true or false (without quotes); got "false".'],
  ])('refuses %s, saying what is wrong and what is valid', (_case, value, expected) => {
    // Act
    const { thresholds, problems } = parseOne(value);

    // Assess
    expect(thresholds).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.parameterName).toBe(`${PATH}/messaging`);
    expect(problems[0]?.product).toBe('messaging');
    expect(problems[0]?.message).toContain(`${PATH}/messaging: `);
    expect(problems[0]?.message).toContain(expected);
    expect(problems[0]?.message).toContain('A valid value is 50 (a daily limit in USD) or {"daily": 50, "monthly": 900, "warnAt": [0.8]');
  });

  it('gives the exact message of the brief for a warnAt outside (0,1)', () => {
    // Act
    const { problems } = parseOne('{"daily": 50, "warnAt": [1.5]}');

    // Assess
    expect(problems[0]?.message).toBe(
      '/telnyx-cost-alert/thresholds/messaging: "warnAt" must be fractions between 0 and 1 (exclusive), e.g. [0.8]; got [1.5]. ' +
        'A valid value is 50 (a daily limit in USD) or {"daily": 50, "monthly": 900, "warnAt": [0.8], "filter": {"direction": "outbound"}}.',
    );
  });

  it('lists every issue of one value at once', () => {
    // Act
    const { problems } = parseOne('{"dayly": 50, "currency": "dollars"}');

    // Assess
    expect(problems[0]?.message).toContain('Unknown key "dayly"');
    expect(problems[0]?.message).toContain('"currency" must be');
    expect(problems[0]?.message).toContain('needs a "daily" or a "monthly" limit');
  });

  it('refuses a filter on total', () => {
    // Act
    const { thresholds, problems } = parseOne('{"daily": 50, "filter": {"direction": "outbound"}}', 'total');

    // Assess
    expect(thresholds).toEqual([]);
    expect(problems[0]?.product).toBe('total');
    expect(problems[0]?.message).toContain('"filter" is not allowed on "total"');
    expect(problems[0]?.message).not.toContain('"filter": {"direction"'); // the hint for total shows no filter
  });
});

describe('parseThresholdValue', () => {
  it('validates a single value for the CLI', () => {
    // Act
    const good = parseThresholdValue('{"daily": 50, "warnAt": 0.8}', 'messaging');
    const bad = parseThresholdValue('{"daily": 50, "filter": {"direction": "outbound"}}', 'total');

    // Assess
    expect(good).toEqual({
      ok: true,
      settings: { daily: USD(50), warnAtPpm: [800_000], currency: 'USD', filter: {}, enabled: true },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues).toEqual([expect.stringContaining('"filter" is not allowed on "total"')]);
  });
});

describe('currency: an ISO 4217 code known to Intl', () => {
  it('refuses "UDS" as an invalid threshold naming the parameter, and suggests USD', () => {
    // Act
    const { thresholds, problems } = parseOne('{"daily": 50, "currency": "UDS"}');

    // Assess
    expect(thresholds).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain(`${PATH}/messaging: "currency" "UDS" is not an ISO 4217 code; did you mean USD?`);
  });

  it('refuses a well-formed code no currency has, without a far-fetched suggestion', () => {
    // Act
    const { problems } = parseOne('{"daily": 50, "currency": "QQQ"}');

    // Assess
    expect(problems[0]?.message).toContain('"currency" "QQQ" is not an ISO 4217 code, e.g. "USD" or "EUR".');
  });

  it('accepts every code Intl knows, in any case, upper-cased', () => {
    // Act
    const codes = Intl.supportedValuesOf('currency');
    const parsed = codes.map((code) => parseOne(`{"daily": 50, "currency": "${code.toLowerCase()}"}`).thresholds[0]?.currency);

    // Assess
    expect(codes.length).toBeGreaterThan(100);
    expect(parsed).toEqual(codes);
  });
});

describe('numbers: finite, positive, at most 12 integer digits', () => {
  const tooLarge = (key: string, got: string) => `${key} must be below 1000000000000 (at most 12 digits before the decimal point); got ${got}.`;

  it.each([
    ['a JSON number past a double (JSON.parse makes it Infinity)', '{"daily": 1e400}', tooLarge('"daily"', '1e400')],
    ['a numeric string with a huge exponent', '{"monthly": "1e300"}', tooLarge('"monthly"', '"1e300"')],
    ['an exponent beyond any parser limit', '{"daily": 1e999999}', tooLarge('"daily"', '1e999999')],
    ['13 integer digits', '{"daily": 1000000000000}', tooLarge('"daily"', '1000000000000')],
    ['a whole number a double holds exactly but too large', '{"monthly": 1000000000000000000}', tooLarge('"monthly"', '1000000000000000000')],
    ['a plain value with a huge exponent', '1e300', tooLarge('The limit', '"1e300"')],
    ['a plain value of 13 digits', '1000000000000', tooLarge('The limit', '"1000000000000"')],
  ])('refuses %s with the bound in the message', (_case, value, expected) => {
    // Act
    const { thresholds, problems } = parseOne(value);

    // Assess
    expect(thresholds).toEqual([]);
    expect(problems[0]?.message).toContain(`${PATH}/messaging: ${expected}`);
  });

  it('accepts the largest amount the rule allows, exactly, even as a JSON number', () => {
    // Act
    const { thresholds, problems } = parseOne('{"daily": 999999999999.999999999, "monthly": "999999999999.5"}');

    // Assess
    expect(problems).toEqual([]);
    expect(thresholds[0]?.daily).toBe(999_999_999_999_999_999_999n);
    expect(thresholds[0]?.monthly).toBe(999_999_999_999_500_000_000n);
  });

  it('reads a JSON number from its text, so no digit is lost to floating point', () => {
    // Act: 17 significant digits, more than a double holds
    const { thresholds, problems } = parseOne('{"daily": 12345678.123456789}');

    // Assess
    expect(problems).toEqual([]);
    expect(thresholds[0]?.daily).toBe(12_345_678_123_456_789n);
  });

  it('still refuses a negative amount as not positive, however large', () => {
    // Act
    const { problems } = parseOne('{"daily": -1e400}');

    // Assess
    expect(problems[0]?.message).toContain('"daily" must be positive (above 0.000000001); got -1e400.');
  });
});
