/** Relay messages built from real alerts, as the relay reads them off the topic (the published `lambda` body). */
import { messageBodies } from '../../functions/cost-alert/domain/message-bodies';
import { toAlert } from '../../functions/cost-alert/domain/breach-alert';
import { digestAlert } from '../../functions/cost-alert/domain/digest-render';
import type { Alert } from '../../functions/cost-alert/domain/types';
import { type RelayMessage, relayMessage, type SnsNotification } from '../../functions/alert-relay/relay-message';
import { breachOf, context, critical, UNIT, warning } from '../domain/alert-fixtures';
import { input, product } from '../domain/digest-fixtures';

export const criticalAlert: Alert = toAlert(breachOf(55n * UNIT, critical), context);
export const warningAlert: Alert = toAlert(breachOf(41n * UNIT, warning), context);
export const digest: Alert = digestAlert(input({ products: [product('messaging', 'USD', '12.5', '10', '250')] }));

/** The SNS record a Lambda subscriber gets for `alert` (its `lambda` body and its attributes). */
export function snsRecordOf(alert: Alert, messageId = 'a1b2c3d4-0000-4000-8000-000000000001'): SnsNotification {
  return {
    MessageId: messageId,
    Message: messageBodies(alert).lambda,
    Subject: alert.message.subject,
    Timestamp: '2026-11-26T13:05:10.000Z',
    MessageAttributes: {
      severity: { Type: 'String', Value: alert.severity },
      signal: { Type: 'String', Value: alert.signal },
      product: { Type: 'String', Value: alert.product },
    },
  };
}

export function messageOf(alert: Alert, messageId?: string): RelayMessage {
  return relayMessage(snsRecordOf(alert, messageId));
}
