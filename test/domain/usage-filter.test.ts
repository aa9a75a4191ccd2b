import { matchesFilter } from '../../functions/cost-alert/domain/usage-filter';

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
