/** Who hears the alerts: email addresses, SMS numbers, and the severities that reach SMS. */
import { CONTEXT_DEFAULTS, CONTEXT_KEYS, ContextError, type ContextReader, readItems } from './context-reader';

// `info` is the daily digest's severity: SMS subscribers opt in to it with smsSeverities=critical,error,info.
export const SEVERITIES = ['info', 'warning', 'critical', 'error'] as const;
export type AlertSeverity = (typeof SEVERITIES)[number];

// A shape check, not RFC 5322: SNS sends a confirmation mail, which is the real test.
const EMAIL = /^[^\s@,;"<>]+@[^\s@,;"<>]+\.[A-Za-z]{2,}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

export function readAlertEmails(context: ContextReader): string[] {
  return readContacts(context, CONTEXT_KEYS.alertEmails, EMAIL, 'an email address like ops@example.com');
}

export function readAlertSmsNumbers(context: ContextReader): string[] {
  return readContacts(context, CONTEXT_KEYS.alertSmsNumbers, E164, 'an E.164 number like +15555550100 (a plus, the country code, then digits only)');
}

/** A contact list: each item must match `shape`, or the error names its position (never the item: it may be a secret). */
function readContacts(context: ContextReader, key: string, shape: RegExp, expected: string): string[] {
  return readItems(context, key).map(({ item, position }) => {
    if (!shape.test(item)) throw new ContextError(key, `item ${position} of ${key} is not ${expected}`);
    return item;
  });
}

export function readSmsSeverities(context: ContextReader): AlertSeverity[] {
  const key = CONTEXT_KEYS.smsSeverities;
  const given = readItems(context, key).map(({ item }) => item);
  const values = given.length > 0 ? given : CONTEXT_DEFAULTS.smsSeverities.split(',');
  return values.map((value) => {
    const severity = SEVERITIES.find((known) => known === value);
    if (severity === undefined) {
      throw new ContextError(key, `"${value}" is not a severity; use some of ${SEVERITIES.join(', ')}`);
    }
    return severity;
  });
}
