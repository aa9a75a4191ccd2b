/** The body each subscriber of the alert topic receives, by protocol (SNS's MessageStructure 'json'). */
import { bigintAsText, deliveryPayload } from './alert-payload';
import { alertView } from './alert-view';
import { chatNotification } from './chat-notification';
import type { Alert } from './types';

/**
 * The body each protocol receives (MessageStructure 'json': every value is itself a string). Machines (sqs, lambda:
 * the relay) get the payload; https is where Chatbot subscribes, so it gets Chatbot's custom notification.
 */
export function messageBodies(alert: Alert): Record<'default' | 'email' | 'sms' | 'sqs' | 'lambda' | 'https', string> {
  const { message } = alert;
  const fields = deliveryPayload(alert);
  const payload = JSON.stringify(fields, bigintAsText);
  return {
    default: message.default,
    email: message.email,
    sms: message.sms,
    sqs: payload,
    lambda: payload,
    https: JSON.stringify(chatNotification(alertView(JSON.parse(payload) as Record<string, unknown>), `${alert.key}#${alert.rank}`)),
  };
}
