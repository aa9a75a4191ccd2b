import { bigintAsText, deliveryPayload } from '../../functions/cost-alert/domain/alert-payload';
import { alertView } from '../../functions/cost-alert/domain/alert-view';
import { toAlert } from '../../functions/cost-alert/domain/breach-alert';
import { digestAlert } from '../../functions/cost-alert/domain/digest-render';
import { problemToAlert } from '../../functions/cost-alert/domain/problem-alert';
import type { Alert } from '../../functions/cost-alert/domain/types';
import { breachOf, context, critical, PARAMETER, UNIT, warning } from './alert-fixtures';
import { input, product } from './digest-fixtures';

/** The payload as a relay reads it off the topic: JSON, bigints as digits. */
const published = (alert: Alert) => JSON.parse(JSON.stringify(deliveryPayload(alert), bigintAsText)) as Record<string, unknown>;

describe('the delivery payload', () => {
  it('adds the ledger key, subject, one-line summary and SMS text to what the payload already had', () => {
    // Prepare
    const alert = toAlert(breachOf(55n * UNIT, critical), context);
    // Act
    const payload = deliveryPayload(alert);
    // Assess
    expect(payload).toMatchObject({ ...alert.message.payload, alertKey: alert.key, subject: alert.message.subject, sms: alert.message.sms });
    expect(payload['summary']).toBe('Telnyx messaging spend reached its daily limit.');
  });

  it('keeps a warning and its critical in one series: the same alertKey', () => {
    // Act
    const first = deliveryPayload(toAlert(breachOf(41n * UNIT, warning), context));
    const second = deliveryPayload(toAlert(breachOf(55n * UNIT, critical), context));
    // Assess
    expect(first['alertKey']).toBe(second['alertKey']);
    expect([first['severity'], second['severity']]).toEqual(['warning', 'critical']);
  });
});

describe('alertView', () => {
  it('gives a limit alert its spend, limit and share in cents, and the parameter to edit', () => {
    // Act
    const view = alertView(published(toAlert(breachOf(55n * UNIT, critical), context)));
    // Assess
    expect(view).toMatchObject({ severity: 'critical', signal: 'limit', product: 'messaging', parameter: PARAMETER });
    expect(view.facts).toEqual([
      ['Spend', '55.00 USD'],
      ['Limit', '50.00 USD'],
      ['Share', '110.0% of the limit'],
      ['Period', 'daily 2026-11-26 (Europe/Berlin)'],
    ]);
    expect(view.nextSteps).toContain(`To change the threshold, edit the SSM parameter \`${PARAMETER}\``);
  });

  it('says the spend is a lower bound when some usage could not be read', () => {
    // Act
    const view = alertView(published(toAlert(breachOf(55n * UNIT, critical), { ...context, incomplete: { notRead: ['voice'] } })));
    // Assess
    expect(view.facts[0]).toEqual(['Spend', 'at least 55.00 USD (some usage could not be read)']);
  });

  it('gives an error alert its problem and detail, and how to check the fix', () => {
    // Prepare
    const alert = problemToAlert(
      { product: 'fax', title: 'Invalid threshold', detail: 'daily must be a positive amount', parameterLocation: '/telnyx-cost-alert/thresholds/fax' },
      new Date('2026-11-26T13:00:00Z'),
      'UTC',
    );
    // Act
    const view = alertView(published(alert));
    // Assess
    expect(view.facts).toEqual([
      ['Problem', 'Invalid threshold'],
      ['Detail', 'daily must be a positive amount'],
      ['Parameter', '/telnyx-cost-alert/thresholds/fax'],
    ]);
    expect(view.nextSteps[0]).toMatch(/thresholds validate/);
  });

  it("gives the digest yesterday's and the month's totals, at info severity", () => {
    // Act
    const view = alertView(published(digestAlert(input({ products: [product('messaging', 'USD', '12.5', '10', '250')] }))));
    // Assess
    expect(view.severity).toBe('info');
    expect(view.facts).toEqual(expect.arrayContaining([['Yesterday (USD)', '12.50 USD']]));
    expect(view.facts.find(([label]) => label === 'Month to date (USD)')?.[1]).toMatch(/^250\.00 USD/);
  });

  it('reads a payload missing fields without inventing them', () => {
    // Act
    const view = alertView({ version: 1, signal: 'limit' });
    // Assess
    expect(view).toMatchObject({ severity: 'unknown', product: 'all', facts: [] });
    expect(view.alertKey).toBeUndefined();
  });
});
