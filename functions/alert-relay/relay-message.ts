/**
 * One SNS notification as the relay delivers it. Everything on the alert topic reaches the relay: the check's and the
 * digest's alerts (their `lambda` body, the machine payload), `test-alert`'s message, CloudWatch alarm notifications
 * (JSON of their own) and EventBridge's plain-text "recovered" notices. Each becomes a view people read and a payload
 * machines get; none is dropped for being unexpected.
 */
import { SUMMARY_MAX } from '../cost-alert/domain/alert-payload';
import { type AlertView, alertView } from '../cost-alert/domain/alert-view';
import { SMS_MAX, toGsm7, truncate } from '../cost-alert/domain/channel-text';
import { PAYLOAD_VERSION } from '../cost-alert/domain/message-parts';
import { isOwnAlarm } from './own-alarms';

/** What the relay needs of an SNS record (SNSEventRecord['Sns']). */
export interface SnsNotification {
  readonly MessageId: string;
  readonly Message: string;
  readonly Subject?: string | null;
  readonly Timestamp?: string;
  readonly MessageAttributes?: Readonly<Record<string, { readonly Type?: string; readonly Value?: string }>>;
}

export interface RelayMessage {
  /** SNS's id for the notification: the same when SNS or Lambda delivers it again. */
  readonly messageId: string;
  readonly view: AlertView;
  /** The JSON body webhooks receive (exactly as published, for an alert) and PagerDuty's custom_details. */
  readonly payloadText: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** One series, one key: PagerDuty's dedup_key. */
  readonly dedupKey: string;
  /** Delivered once, never retried: one of the relay's own alarms (own-alarms.ts). */
  readonly bestEffort?: boolean;
}

type Json = Record<string, unknown>;

export function relayMessage(given: SnsNotification): RelayMessage {
  const notification = unwrapped(given);
  const parsed = parseObject(notification.Message);
  if (parsed !== undefined && typeof parsed['signal'] === 'string' && typeof parsed['version'] === 'number') {
    const view = alertView(parsed);
    return {
      messageId: notification.MessageId,
      view,
      payloadText: notification.Message,
      payload: parsed,
      dedupKey: view.alertKey ?? `sns|${notification.MessageId}`,
    };
  }
  if (parsed !== undefined && typeof parsed['AlarmName'] === 'string' && typeof parsed['NewStateValue'] === 'string') {
    const message = madePayload(notification.MessageId, alarmView(parsed), { alarm: parsed });
    return isOwnAlarm(String(parsed['AlarmName'])) ? { ...message, bestEffort: true } : message;
  }
  return madePayload(notification.MessageId, noticeView(notification), { text: notification.Message });
}

/**
 * SNS delivers a Lambda subscriber only the `lambda` value of a MessageStructure-json message; an event made from the
 * published message itself (as an emulator records it) holds every protocol's body: the `lambda` one is the message.
 */
function unwrapped(notification: SnsNotification): SnsNotification {
  const envelope = parseObject(notification.Message);
  const lambda = envelope?.['lambda'];
  return typeof lambda === 'string' && typeof envelope?.['default'] === 'string' ? { ...notification, Message: lambda } : notification;
}

function parseObject(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** A payload in the alerts' shape for a message that had none, so that every receiver parses one format. */
function madePayload(messageId: string, view: AlertView & { readonly alertKey: string }, extra: Json): RelayMessage {
  const payload: Json = {
    version: PAYLOAD_VERSION,
    severity: view.severity,
    signal: view.signal,
    product: view.product,
    alertKey: view.alertKey,
    subject: view.title,
    summary: view.summary,
    sms: view.sms,
    ...(view.at === undefined ? {} : { checkedAt: view.at }),
    ...extra,
  };
  return { messageId, view, payloadText: JSON.stringify(payload), payload, dedupKey: view.alertKey };
}

function field(json: Json, name: string): string | undefined {
  const value = json[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A CloudWatch alarm of the stack (the check failed or stopped, an event went undelivered): an error while in ALARM. */
function alarmView(alarm: Json): AlertView & { readonly alertKey: string } {
  const name = field(alarm, 'AlarmName') ?? 'unknown alarm';
  const state = field(alarm, 'NewStateValue') ?? 'unknown';
  const description = field(alarm, 'AlarmDescription');
  const reason = field(alarm, 'NewStateReason');
  const at = field(alarm, 'StateChangeTime');
  const title = truncate(`[${state}] Telnyx cost alert alarm ${name}`, 250);
  return {
    severity: state === 'ALARM' ? 'error' : 'info',
    signal: 'alarm',
    product: 'all',
    // One PagerDuty alert per alarm while it stays open, as PagerDuty's own CloudWatch integration groups them.
    alertKey: `alarm|${name}`,
    title,
    summary: truncate(description ?? reason ?? title, SUMMARY_MAX),
    facts: [['State', state] as const, ...(reason ? [['Reason', truncate(reason, 500)] as const] : []), ...(at ? [['Changed at', at] as const] : [])],
    nextSteps: ["What the alarm means and what to do: docs/alarms.md in telnyx-cost-alert; the function's log group has the details"],
    sms: toGsm7(`Telnyx cost alert ${state}: ${name}. ${description ?? ''}`.trim(), SMS_MAX),
    ...(at === undefined ? {} : { at }),
  };
}

/** Any other message: EventBridge's "recovered" notices, a test message published by an older CLI. */
function noticeView(notification: SnsNotification): AlertView & { readonly alertKey: string } {
  const attribute = (name: string) => notification.MessageAttributes?.[name]?.Value;
  const text = notification.Message.trim();
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '(empty message)';
  const title = truncate(notification.Subject?.trim() || firstLine, 250);
  return {
    severity: attribute('severity') ?? 'info',
    signal: attribute('signal') ?? 'notice',
    product: attribute('product') ?? 'all',
    alertKey: `notice|${notification.MessageId}`,
    title,
    summary: truncate(firstLine, SUMMARY_MAX),
    facts: text === firstLine ? [] : [['Message', truncate(text, 1500)] as const],
    nextSteps: [],
    sms: toGsm7(title, SMS_MAX),
    ...(notification.Timestamp === undefined ? {} : { at: notification.Timestamp }),
  };
}
