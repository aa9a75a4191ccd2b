import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signedWebhook } from '../../functions/alert-relay/render/webhook';
import { criticalAlert, messageOf } from './fixtures';

/** The Standard Webhooks verification, as its specification words it: HMAC-SHA256 over `id.timestamp.body`, keyed by the secret's base64-decoded bytes. */
function verifiedBySpecification(secret: string, headers: Readonly<Record<string, string>>, body: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest();
  return (headers['webhook-signature'] ?? '').split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const URL_ = new URL('https://receiver.example.com/hooks/telnyx');

describe('signedWebhook', () => {
  it("matches the specification's published example signature", () => {
    // Act
    const request = signedWebhook(URL_, SECRET, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '{"test": 2432232314}', new Date(1614265330_000));
    // Assess
    expect(request.headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('POSTs the machine payload exactly as published, with id, timestamp and a signature the specification verifies', () => {
    // Prepare
    const message = messageOf(criticalAlert);
    const now = new Date('2026-11-26T13:05:11.500Z');
    // Act
    const request = signedWebhook(URL_, SECRET, message.messageId, message.payloadText, now);
    // Assess
    expect(request.body).toBe(message.payloadText);
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': message.messageId, 'webhook-timestamp': '1795698311' });
    expect(verifiedBySpecification(SECRET, request.headers, request.body)).toBe(true);
    expect(verifiedBySpecification(SECRET, request.headers, request.body.replace('55.00', '5.00'))).toBe(false);
  });

  it("verifies with the specification's reference library too", () => {
    // Prepare
    const message = messageOf(criticalAlert);
    // Act
    const request = signedWebhook(URL_, SECRET, message.messageId, message.payloadText, new Date());
    // Assess
    expect(new Webhook(SECRET).verify(request.body, { ...request.headers })).toMatchObject({ alertKey: criticalAlert.key });
  });
});
