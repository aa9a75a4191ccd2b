import { limitsFor } from '../../functions/cost-alert/domain/account-limits';
import { PARAMETER_BYTES, parameterSizeProblem } from '../../functions/cost-alert/domain/parameter-size';
import { fieldChanges } from '../../functions/cost-alert/domain/threshold-plan';
import { describeThreshold, formatThresholdValue } from '../../functions/cost-alert/domain/threshold-text';
import { parseThresholdValue } from '../../functions/cost-alert/domain/threshold-values';
import type { ManagedAccountLimits } from '../../functions/cost-alert/domain/types';
import { parseOne, USD } from './threshold-fixtures';

const ALPHA = '3ca7bd3d-7d82-4e07-9df4-009123068320';
const BETA = 'f1d2c3b4-5a69-4788-9c0d-1e2f3a4b5c6d';
/** The issue's example, as operators write it. */
const EXAMPLE = `{"daily": 20, "monthly": 300, "warnAt": [0.8], "overrides": {"${ALPHA}": {"daily": 100}, "${BETA}": false}}`;

function managedOf(value: string, product = 'messaging'): ManagedAccountLimits {
  const { thresholds, problems } = parseOne(value, product === 'total' ? 'total' : product);
  expect(problems).toEqual([]);
  const managed = thresholds[0]?.managedAccounts;
  if (!managed) throw new Error('no managedAccounts parsed');
  return managed;
}

function issuesOf(value: string, product = 'messaging'): string[] {
  const parsed = parseThresholdValue(value, product);
  return parsed.ok ? [] : [...parsed.issues];
}

describe('the managedAccounts field of a threshold', () => {
  it('reads the default limits, the overrides and the exemptions of the issue example', () => {
    // Act
    const managed = managedOf(`{"daily": 50, "managedAccounts": ${EXAMPLE}}`);

    // Assess
    expect(managed.daily).toBe(USD(20));
    expect(managed.monthly).toBe(USD(300));
    expect(managed.warnAtPpm).toEqual([800_000]);
    expect(managed.overrides.get(ALPHA)).toEqual({ daily: USD(100), warnAtPpm: [] });
    expect(managed.overrides.get(BETA)).toBe(false);
  });

  it("keeps the threshold's own limits for the key's own account", () => {
    // Act
    const { thresholds } = parseOne(`{"daily": 50, "warnAt": [0.5], "managedAccounts": {"daily": 20}}`);

    // Assess
    expect(thresholds[0]).toMatchObject({ daily: USD(50), warnAtPpm: [500_000], managedAccounts: { daily: USD(20), warnAtPpm: [] } });
  });

  it('accepts a threshold with managedAccounts alone, on a product and on total', () => {
    // Act
    const product = parseOne('{"managedAccounts": {"daily": 20}}');
    const total = parseOne('{"managedAccounts": {"monthly": 300, "warnAt": [0.8]}}', 'total');

    // Assess
    expect(product.problems).toEqual([]);
    expect(product.thresholds[0]?.daily).toBeUndefined();
    expect(product.thresholds[0]?.monthly).toBeUndefined();
    expect(total.problems).toEqual([]);
    expect(total.thresholds[0]?.managedAccounts?.monthly).toBe(USD(300));
  });

  it('gives every account the defaults, an override its own limits (keeping the default warnAt), and an exempt account none', () => {
    // Prepare
    const managed = managedOf(`{"managedAccounts": ${EXAMPLE}}`);

    // Act / Assess
    expect(limitsFor(managed, 'any-other-account')).toEqual({ daily: USD(20), monthly: USD(300), warnAtPpm: [800_000], source: 'default' });
    expect(limitsFor(managed, ALPHA)).toEqual({ daily: USD(100), monthly: undefined, warnAtPpm: [800_000], source: 'override' });
    expect(limitsFor(managed, BETA)).toBeUndefined();
  });

  it.each([
    ['{"managedAccounts": {"dayly": 20}}', 'Unknown key "managedAccounts.dayly": did you mean "daily"?'],
    ['{"managedAccounts": {"warnAt": [0.8]}}', '"managedAccounts" needs a "daily" or a "monthly" limit (or both).'],
    ['{"managedAccounts": {"daily": 0}}', '"managedAccounts.daily" must be positive (above 0.000000001); got 0.'],
    ['{"managedAccounts": {"daily": "lots"}}', '"managedAccounts.daily" must be a positive amount, e.g. 50 or "50.00"; got "lots".'],
    ['{"managedAccounts": {"daily": 1e13}}', '"managedAccounts.daily" must be below 1000000000000'],
    ['{"managedAccounts": {"daily": 20, "warnAt": [80]}}', 'In "managedAccounts": "warnAt" must be fractions between 0 and 1 (exclusive)'],
    ['{"managedAccounts": 20}', '"managedAccounts" must be an object, e.g. {"daily": 20'],
    ['{"managedAccounts": {"daily": 20, "overrides": []}}', '"managedAccounts.overrides" must be an object of user_id to limits or false'],
    [
      `{"managedAccounts": {"daily": 20, "overrides": {"${ALPHA}": true}}}`,
      `"managedAccounts.overrides.${ALPHA}" must be limits, e.g. {"daily": 100}, or false`,
    ],
    [
      `{"managedAccounts": {"daily": 20, "overrides": {"${ALPHA}": {"dialy": 5}}}}`,
      `Unknown key "managedAccounts.overrides.${ALPHA}.dialy": did you mean "daily"?`,
    ],
    [`{"managedAccounts": {"daily": 20, "overrides": {"${ALPHA}": {}}}}`, `"managedAccounts.overrides.${ALPHA}" needs a "daily" or a "monthly" limit`],
    ['{"managedAccounts": {"daily": 20, "overrides": {" ": false}}}', 'which is no user_id'],
    ['{"managedAcounts": {"daily": 20}}', 'Unknown key "managedAcounts": did you mean "managedAccounts"?'],
  ])('refuses %s, saying what is wrong', (value, issue) => {
    // Act
    const issues = issuesOf(value);

    // Assess
    expect(issues.join('\n')).toContain(issue);
  });

  it('refuses a filter on total whatever managedAccounts says, and keeps one on a product for its accounts too', () => {
    // Act
    const total = issuesOf('{"managedAccounts": {"daily": 20}, "filter": {"direction": "outbound"}}', 'total');
    const product = parseOne('{"managedAccounts": {"daily": 20}, "filter": {"direction": "outbound"}}');

    // Assess
    expect(total.join(' ')).toContain('"filter" is not allowed on "total"');
    expect(product.thresholds[0]?.filter).toEqual({ direction: 'outbound' });
  });

  it('writes the field back as a value that reads as the same limits, and describes it for people', () => {
    // Prepare
    const settings = parseThresholdValue(`{"daily": 50, "managedAccounts": ${EXAMPLE}}`, 'messaging');
    if (!settings.ok) throw new Error(settings.message);

    // Act
    const text = formatThresholdValue(settings.settings);
    const again = parseThresholdValue(text, 'messaging');

    // Assess
    expect(text).toBe(`{"daily": 50, "managedAccounts": ${EXAMPLE}}`);
    expect(again.ok && again.settings).toEqual(settings.settings);
    expect(describeThreshold(settings.settings)).toBe(
      'daily 50.00 USD, managed accounts daily 20.00 USD, monthly 300.00 USD, warn at 80%, 1 override, 1 exempt',
    );
  });

  it('counts a change of managedAccounts alone as a change (set and apply must write it)', () => {
    // Act
    const changes = fieldChanges('{"daily": 50, "managedAccounts": {"daily": 20}}', '{"daily": 50, "managedAccounts": {"daily": 25}}');
    const reordered = fieldChanges(
      `{"managedAccounts": {"daily": 20, "overrides": {"${ALPHA}": false, "${BETA}": false}}}`,
      `{"managedAccounts": {"daily": 20, "overrides": {"${BETA}": false, "${ALPHA}": false}}}`,
    );

    // Assess
    expect(changes).toEqual([{ field: 'managedAccounts', from: '{"daily": 20}', to: '{"daily": 25}' }]);
    expect(reordered).toEqual([]);
  });
});

describe('the size of a threshold parameter', () => {
  it('fits the standard tier up to 4096 bytes and the advanced up to 8192, and says what to do past that', () => {
    // Prepare: an override of a UUID account is 56 bytes: about 70 fit a standard parameter, 140 an advanced one
    const overrides = (count: number) =>
      Array.from({ length: count }, (_, index) => `"${index.toString(16).padStart(8, '0')}-7d82-4e07-9df4-009123068320": {"daily": 100}`).join(', ');
    const value = (count: number) => `{"daily": 50, "managedAccounts": {"daily": 20, "overrides": {${overrides(count)}}}}`;

    // Act / Assess
    expect(Buffer.byteLength(value(70))).toBeLessThanOrEqual(PARAMETER_BYTES.Standard);
    expect(parameterSizeProblem(value(70), 'Standard')).toBeUndefined();
    expect(parameterSizeProblem(value(80), 'Standard')).toMatch(
      /^the value is \d+ bytes, more than the 4096 an SSM String parameter of the standard tier holds: write it to the advanced tier \(8192 bytes; thresholds set --advanced\)/,
    );
    expect(parameterSizeProblem(value(140), 'Advanced')).toBeUndefined();
    expect(parameterSizeProblem(value(150), 'Advanced')).toContain(
      "more than the 8192 an SSM String parameter of the advanced tier holds: put the overrides of managed accounts on each product's parameter",
    );
  });
});
