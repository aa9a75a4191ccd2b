import { describeThreshold, formatThresholdValue } from '../../functions/cost-alert/domain/threshold-text';
import type { Threshold } from '../../functions/cost-alert/domain/types';
import { PATH, parseOne, USD } from './threshold-fixtures';

const withoutUndefined = (t: object) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined));

describe('describing and writing thresholds', () => {
  const full: Threshold = {
    product: 'messaging',
    parameterName: `${PATH}/messaging`,
    daily: USD(50),
    monthly: USD(900),
    warnAtPpm: [800_000, 925_000],
    currency: 'USD',
    filter: { direction: 'outbound' },
    enabled: true,
  };

  it('describes a threshold for people', () => {
    expect(describeThreshold(full)).toBe('daily 50.00 USD, monthly 900.00 USD, warn at 80%, 92.5%, outbound only');
    expect(describeThreshold({ ...full, monthly: undefined, warnAtPpm: [], filter: {}, enabled: false })).toBe('daily 50.00 USD, disabled');
  });

  it('writes a value that reads back as the same threshold', () => {
    // Prepare
    const variants: Threshold[] = [
      full,
      { ...full, monthly: undefined, warnAtPpm: [], filter: {} },
      { ...full, daily: undefined, monthly: 1_234_567_891n, currency: 'EUR', enabled: false },
    ];

    // Act
    const texts = variants.map(formatThresholdValue);
    const parsed = texts.map((text) => parseOne(text).thresholds[0]);

    // Assess
    expect(texts[1]).toBe('50');
    expect(parsed).toEqual(variants.map(withoutUndefined));
  });
});
