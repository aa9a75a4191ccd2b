/**
 * The machine payload POSTed to a webhook, signed per the Standard Webhooks specification: `webhook-id` (the SNS
 * message id, the same on every retry, so a receiver can drop repeats), `webhook-timestamp` (seconds) and
 * `webhook-signature` (`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the secret's bytes), computed by
 * the specification's own TypeScript library.
 */
import { Webhook } from 'standardwebhooks';
import { jsonRequest, type OutgoingRequest } from './outgoing';

export function signedWebhook(url: URL, secret: string, webhookId: string, body: string, now: Date): OutgoingRequest {
  const signature = new Webhook(secret).sign(webhookId, now, body);
  return jsonRequest(url, body, {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signature,
  });
}
