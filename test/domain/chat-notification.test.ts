import { bigintAsText, deliveryPayload } from '../../functions/cost-alert/domain/alert-payload';
import { alertView } from '../../functions/cost-alert/domain/alert-view';
import { toAlert } from '../../functions/cost-alert/domain/breach-alert';
import { chatNotification, DESCRIPTION_MAX } from '../../functions/cost-alert/domain/chat-notification';
import type { Alert } from '../../functions/cost-alert/domain/types';
import { breachOf, context, critical, PARAMETER, UNIT, warning } from './alert-fixtures';

const viewOf = (alert: Alert) => alertView(JSON.parse(JSON.stringify(deliveryPayload(alert), bigintAsText)) as Record<string, unknown>);

describe('chatNotification', () => {
  const alert = toAlert(breachOf(55n * UNIT, critical), context);

  it("follows AWS Chatbot's custom notification schema: version 1.0, source custom, client-markdown content", () => {
    // Act
    const notification = chatNotification(viewOf(alert), 'id-1');
    // Assess
    expect(Object.keys(notification).sort()).toEqual(['content', 'id', 'metadata', 'source', 'version']);
    expect(notification).toMatchObject({ version: '1.0', source: 'custom', id: 'id-1', content: { textType: 'client-markdown' } });
    expect(Object.keys(notification.content).sort()).toEqual(['description', 'keywords', 'nextSteps', 'textType', 'title']);
    expect(Object.keys(notification.metadata).sort()).toEqual(['additionalContext', 'eventType', 'relatedResources', 'summary', 'threadId']);
    // The schema's additionalContext holds strings only.
    for (const value of Object.values(notification.metadata.additionalContext)) expect(typeof value).toBe('string');
  });

  it('titles the alert with its subject, describes spend, limit and share, and names the parameter to edit', () => {
    // Act
    const { content, metadata } = chatNotification(viewOf(alert));
    // Assess
    expect(content.title).toBe(alert.message.subject);
    expect(content.description).toContain('Spend: 55.00 USD');
    expect(content.description).toContain('Limit: 50.00 USD');
    expect(content.description).toContain('Share: 110.0% of the limit');
    expect(content.nextSteps).toContain(`To change the threshold, edit the SSM parameter \`${PARAMETER}\``);
    expect(content.keywords).toEqual(['critical', 'limit', 'messaging']);
    expect(metadata.relatedResources).toEqual([PARAMETER]);
  });

  it('threads a warning and the critical that follows it together, by the ledger key', () => {
    // Act
    const first = chatNotification(viewOf(toAlert(breachOf(41n * UNIT, warning), context)));
    const second = chatNotification(viewOf(alert));
    // Assess
    expect(first.metadata.threadId).toBe(alert.key);
    expect(second.metadata.threadId).toBe(alert.key);
  });

  it('keeps a long description within what a chat section shows', () => {
    // Prepare
    const view = { ...viewOf(alert), summary: 'x'.repeat(5000) };
    // Act
    const { content } = chatNotification(view);
    // Assess
    expect(content.description.length).toBe(DESCRIPTION_MAX);
    expect(content.description.endsWith('...')).toBe(true);
  });
});
