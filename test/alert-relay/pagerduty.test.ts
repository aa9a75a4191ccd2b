import { dedupKeyOf, pagerDutyEvent } from '../../functions/alert-relay/render/pagerduty';
import { criticalAlert, digest, messageOf, warningAlert } from './fixtures';

const ROUTING_KEY = 'R0123456789abcdefghijklmnopqrstu';

describe('pagerDutyEvent', () => {
  it('triggers with the routing key, the ledger key as dedup_key and the machine payload as custom_details', () => {
    // Prepare
    const message = messageOf(criticalAlert);
    // Act
    const event = pagerDutyEvent(message, ROUTING_KEY);
    // Assess
    expect(event).toMatchObject({ routing_key: ROUTING_KEY, event_action: 'trigger', dedup_key: criticalAlert.key });
    expect(event.payload).toMatchObject({
      summary: criticalAlert.message.subject,
      source: 'telnyx-cost-alert',
      severity: 'critical',
      component: 'messaging',
      group: 'limit',
      class: 'daily',
      timestamp: '2026-11-26T13:05:09.000Z',
    });
    expect(event.payload.custom_details).toEqual(JSON.parse(message.payloadText));
  });

  it('maps severities to PagerDuty: a warning stays a warning, the digest is info', () => {
    // Assess
    expect(pagerDutyEvent(messageOf(warningAlert), ROUTING_KEY).payload.severity).toBe('warning');
    expect(pagerDutyEvent(messageOf(digest), ROUTING_KEY).payload.severity).toBe('info');
  });

  it('gives the same dedup_key to a repeat delivery of the same alert, whatever its SNS message id', () => {
    // Act
    const first = pagerDutyEvent(messageOf(criticalAlert, 'message-1'), ROUTING_KEY);
    const again = pagerDutyEvent(messageOf(criticalAlert, 'message-2'), ROUTING_KEY);
    // Assess
    expect(again.dedup_key).toBe(first.dedup_key);
  });

  it('keeps a dedup_key within 255 characters, distinct for distinct long keys', () => {
    // Act
    const a = dedupKeyOf(`breach|${'x'.repeat(300)}|a`);
    const b = dedupKeyOf(`breach|${'x'.repeat(300)}|b`);
    // Assess
    expect(a.length).toBe(255);
    expect(a).not.toBe(b);
    expect(dedupKeyOf('breach|short')).toBe('breach|short');
  });
});
