/**
 * The JSON payload machine subscribers receive (the `sqs` and `lambda` bodies, the relay, signed webhooks): the
 * rendered message's payload, plus what a relay needs to deliver the alert on its own, without the other bodies:
 * the alert's ledger key (PagerDuty's dedup key, the chat thread), the subject, a one-line summary and the SMS text.
 * Additive only: every field a payload already had keeps its name and value.
 */
import { truncate } from './channel-text';
import type { Alert, RenderedMessage } from './types';

/** The longest `summary`: one line a chat client or a pager shows in full. */
export const SUMMARY_MAX = 300;

export function deliveryPayload(alert: Alert): Record<string, unknown> {
  const { message } = alert;
  return {
    // What the alert's attributes say, for payloads that do not repeat it (they all do today).
    severity: alert.severity,
    signal: alert.signal,
    product: alert.product,
    ...(alert.period === undefined ? {} : { period: alert.period }),
    ...(alert.account === undefined ? {} : { account: alert.account }),
    ...message.payload,
    alertKey: alert.key,
    subject: message.subject,
    summary: summaryOf(message),
    sms: message.sms,
  };
}

/** The email's first line: what happened, in one sentence. */
export function summaryOf(message: Pick<RenderedMessage, 'email' | 'subject'>): string {
  const first = message.email.split('\n').find((line) => line.trim() !== '');
  return truncate((first ?? message.subject).trim(), SUMMARY_MAX);
}

/** Amounts are bigint nano-units in the domain; JSON has no bigint, so machines get the exact digits as text. */
export function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
