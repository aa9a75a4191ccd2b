import { exactNanos, formatMoney, formatNanos, parseNanos, parsePositiveAmount, percentOf } from '../../functions/cost-alert/domain/money';

describe('parseNanos', () => {
  it.each([
    [0.0008, 800_000n],
    ['0.000800', 800_000n],
    [12, 12_000_000_000n],
    ['12', 12_000_000_000n],
    [1e-7, 100n],
    ['1E+2', 100_000_000_000n],
    ['-0.5', -500_000_000n],
    [-0.5, -500_000_000n],
    [-12.25, -12_250_000_000n],
    [123.456789123, 123_456_789_123n],
    [0.1234567891, 123_456_789n], // ten decimals: the general path rounds
    [1.5e-10, 0n],
    ['.5', 500_000_000n],
    // float noise from a server that sums in binary floating point rounds away at the ninth decimal
    [0.1 + 0.2, 300_000_000n],
    ['0.0000000005', 0n], // half to even
    ['0.0000000015', 2n],
  ])('parses %p exactly', (input, expected) => {
    expect(parseNanos(input)).toBe(expected);
  });

  it.each([[''], ['abc'], ['1.2.3'], [Number.NaN], [Number.POSITIVE_INFINITY], [null], [undefined], [{}], ['0x10'], ['.']])('refuses %p', (input) => {
    expect(parseNanos(input)).toBeUndefined();
  });

  it('reads a JSON number by its arithmetic fast path exactly as by its decimal text, on 200,000 numbers of every shape', () => {
    // Prepare: a fixed pseudo-random sequence of amounts with 0 to 12 decimals, around the fast path's bound too
    let seed = 7;
    const next = (limit: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % limit;
    };
    const values = [0, -0, 0.1, 0.30000000000000004, 1e-9, 5e-10, 1.5e-9, 1125899.906842624, 1125899.906842623, 9007199.254740991, 1e21, 123456.789012345];
    for (let i = 0; i < 200_000; i++) {
      const decimals = next(13);
      const units = next(10) < 3 ? next(10) : next(10 ** (1 + next(7)));
      const fraction = String(next(10 ** Math.min(decimals, 9)) * 10 ** Math.max(0, decimals - 9) + next(10 ** Math.max(0, decimals - 9))).padStart(
        decimals,
        '0',
      );
      values.push(Number(`${next(10) === 0 ? '-' : ''}${units}${decimals > 0 ? `.${fraction}` : ''}`));
    }

    // Act: the number's nanos are its shortest decimal text's, and the fast path, when it answers, agrees. Each
    // disagreement is collected and asserted once: an expect() per number cost most of this test's time.
    let fast = 0;
    const disagreements: string[] = [];
    for (const value of values) {
      const byText = parseNanos(String(value));
      const byNumber = parseNanos(value);
      if (byNumber !== byText) disagreements.push(`parseNanos(${value}) = ${byNumber}, its text gives ${byText}`);
      const quick = exactNanos(value);
      if (quick !== undefined) {
        fast++;
        if (byText === undefined || BigInt(quick) !== byText) disagreements.push(`exactNanos(${value}) = ${quick}, its text gives ${byText}`);
      }
    }

    // Assess
    expect(disagreements).toEqual([]);
    expect(fast).toBeGreaterThan(100_000);
  });

  it('leaves to the decimal parse what the fast path cannot do exactly: more than 9 decimals, or amounts past 2^50 nano-units', () => {
    expect(exactNanos(0.1 + 0.2)).toBeUndefined();
    expect(exactNanos(0.1234567891)).toBeUndefined();
    expect(exactNanos(2_000_000)).toBeUndefined();
    expect(exactNanos(1_000_000.5)).toBe(1_000_000_500_000_000);
    expect(exactNanos(-12.25)).toBe(-12_250_000_000);
  });

  it('sums a thousand tenths to exactly 100', () => {
    let total = 0n;
    for (let i = 0; i < 1000; i++) total += parseNanos(0.1) ?? 0n;
    expect(total).toBe(100_000_000_000n);
  });
});

describe('money', () => {
  it('formats for people', () => {
    expect(formatNanos(12_500_000_000n)).toBe('12.50');
    expect(formatNanos(800_000n, 2)).toBe('0.0008');
    expect(formatMoney({ nanos: 12_345_000_000n, currency: 'USD' })).toBe('12.35 USD');
    expect(formatMoney({ nanos: 4_000_000n, currency: 'EUR' })).toBe('0.00 EUR');
    expect(percentOf(40_600_000_000n, 50_000_000_000n)).toBe(81.2);
  });
});

describe('parsePositiveAmount: the one rule for amounts an operator writes', () => {
  it.each<[string, unknown, string]>([
    ['the largest amount allowed', '999999999999.999999999', 'ok'],
    ['one trillion', '1000000000000', 'too-large'],
    ['1e12 as a JSON number', 1e12, 'too-large'],
    ['Infinity (JSON.parse of 1e400)', Number.POSITIVE_INFINITY, 'too-large'],
    ['an exponent far past any parser limit, decided without building it', '1e99999999999999999999', 'too-large'],
    ['minus infinity', Number.NEGATIVE_INFINITY, 'not-positive'],
    ['a negative huge amount', '-1e400', 'not-positive'],
    ['zero', '0.000', 'not-positive'],
    ['below a nano-unit (rounds to 0)', '1e-500', 'not-positive'],
    ['NaN', Number.NaN, 'not-a-number'],
    ['text', 'fifty', 'not-a-number'],
    ['null', null, 'not-a-number'],
  ])('judges %s', (_case, value, expected) => {
    // Act
    const amount = parsePositiveAmount(value);

    // Assess
    expect(amount.ok ? 'ok' : amount.problem).toBe(expected);
  });
});
