/**
 * The test alert `test-alert` sends: clearly marked, with the attributes real alerts carry (signal=test,
 * product=all, the severity given), and a machine payload like theirs, so that it goes through every route a real
 * alert takes: email, SMS, chat channels (its `https` body), the relay and its destinations (its `lambda` body).
 */
import { expiresAtFor } from './alert-keys';
import { PAYLOAD_VERSION } from './message-parts';
import { DAY_MS } from './time';
import { ALL, type Alert, type Severity } from './types';

export function testAlert(severity: Severity, at: Date): Alert {
  const when = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    // One series per test: each test is new to PagerDuty and to a chat thread.
    key: `test|${when}`,
    rank: 1,
    severity,
    signal: 'test',
    product: ALL,
    expiresAt: expiresAtFor({ end: new Date(at.getTime() + DAY_MS) }),
    message: {
      subject: `[TEST] Telnyx cost alert: test message (${severity})`,
      email: [
        `This is a test message from telnyx-cost-alert, sent at ${when} with \`test-alert\`.`,
        '',
        'Nothing is wrong with your Telnyx spend. If you read this, email alerts reach you.',
        `It carries the attributes signal=test, severity=${severity}, product=all, so subscription filter policies treat it as a ${severity} alert.`,
      ].join('\n'),
      sms: `Telnyx cost alert TEST (${severity}) at ${when}: SMS alerts reach you. Nothing is wrong.`,
      default: `Telnyx cost alert TEST (${severity}) at ${when}: nothing is wrong; this proves delivery.`,
      payload: { version: PAYLOAD_VERSION, severity, signal: 'test', product: ALL, test: true, sentAt: at.toISOString() },
    },
  };
}
