import { alertKeyFor, errorAlertKey, expiresAtFor } from '../../functions/cost-alert/domain/alert-keys';
import { breachOf, critical, today, UNIT, warning } from './alert-fixtures';

describe('alert keys', () => {
  it('gives a breach the same key across runs and levels, and a new one when the limit or filter changes', () => {
    // Act
    const warned = alertKeyFor(breachOf(41n * UNIT, warning));
    const escalated = alertKeyFor(breachOf(52n * UNIT, critical));
    const raised = alertKeyFor(breachOf(52n * UNIT, critical, { daily: 60n * UNIT }));
    const refiltered = alertKeyFor(breachOf(52n * UNIT, critical, { filter: { direction: 'inbound' } }));

    // Assess
    expect(warned).toBe('breach|messaging|daily|2026-11-26|50 USD|direction=outbound');
    expect(escalated).toBe(warned);
    expect(raised).toBe('breach|messaging|daily|2026-11-26|60 USD|direction=outbound');
    expect(refiltered).not.toBe(warned);
  });

  it('does not depend on the order or case of filter entries', () => {
    // Act
    const one = alertKeyFor(breachOf(52n * UNIT, critical, { filter: { direction: 'Outbound', country_iso: 'US' } }));
    const other = alertKeyFor(breachOf(52n * UNIT, critical, { filter: { country_iso: 'us', direction: 'outbound' } }));

    // Assess
    expect(one).toBe(other);
    expect(one).toBe('breach|messaging|daily|2026-11-26|50 USD|country_iso=us,direction=outbound');
  });

  it('keeps an error key for a local day and a title', () => {
    // Act
    const morning = errorAlertKey('messaging', 'Invalid threshold', new Date('2026-11-26T06:00:00Z'), 'Asia/Tokyo');
    const evening = errorAlertKey('messaging', 'Invalid threshold', new Date('2026-11-26T14:59:59Z'), 'Asia/Tokyo');
    const nextDay = errorAlertKey('messaging', 'Invalid threshold', new Date('2026-11-26T15:00:00Z'), 'Asia/Tokyo');
    const otherError = errorAlertKey('messaging', 'Usage could not be read', new Date('2026-11-26T06:00:00Z'), 'Asia/Tokyo');

    // Assess
    expect(morning).toMatch(/^error\|messaging\|2026-11-26\|[0-9a-f]{8}$/);
    expect(evening).toBe(morning);
    expect(nextDay).toMatch(/^error\|messaging\|2026-11-27\|/);
    expect(otherError).not.toBe(morning);
  });

  it('lets the ledger forget an alert a week after its period', () => {
    expect(expiresAtFor(today)).toEqual(new Date('2026-12-03T23:00:00Z'));
  });
});
