/**
 * Each destination type's own fields and their rules. A problem says what is wrong and what a valid value looks
 * like, and never repeats a secret (a webhook URL, a routing key, a signing secret).
 */
import { Webhook } from 'standardwebhooks';
import { accepted, type Parsed, refused } from '../cost-alert/domain/parsed';
import { destinationUrl } from './destination-urls';

export const DESTINATION_TYPES = ['slack', 'teams', 'pagerduty', 'webhook', 'telnyx-sms'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/** PagerDuty's Events API v2 endpoint (EU service regions use https://events.eu.pagerduty.com/v2/enqueue). */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export type TypedFields =
  | { readonly type: 'slack' | 'teams'; readonly url: URL }
  | { readonly type: 'pagerduty'; readonly url: URL; readonly routingKey: string }
  | { readonly type: 'webhook'; readonly url: URL; readonly secret: string }
  | {
      readonly type: 'telnyx-sms';
      /** Telnyx API base URL when not the relay's (a proxy, the simulator). */
      readonly url?: URL;
      readonly from?: string;
      readonly messagingProfileId?: string;
      readonly to: readonly string[];
    };

export const FIELDS_BY_TYPE: Readonly<Record<DestinationType, readonly string[]>> = {
  slack: ['url'],
  teams: ['url'],
  pagerduty: ['routingKey', 'url'],
  webhook: ['url', 'secret'],
  'telnyx-sms': ['from', 'to', 'messagingProfileId', 'url'],
};

type Fields = Readonly<Record<string, unknown>>;

export function parseTypedFields(type: DestinationType, fields: Fields): Parsed<TypedFields> {
  switch (type) {
    case 'slack':
    case 'teams':
      return chatFields(type, fields);
    case 'pagerduty':
      return pagerDutyFields(fields);
    case 'webhook':
      return webhookFields(fields);
    case 'telnyx-sms':
      return telnyxSmsFields(fields);
  }
}

function chatFields(type: 'slack' | 'teams', fields: Fields): Parsed<TypedFields> {
  if (fields['url'] === undefined) {
    return refused(
      type === 'slack'
        ? 'needs "url": the Slack incoming webhook URL (https://hooks.slack.com/services/...)'
        : 'needs "url": the Teams workflow or incoming webhook URL',
    );
  }
  const url = destinationUrl(fields['url']);
  return url.ok ? accepted({ type, url: url.value }) : url;
}

// Integration and routing keys are 32 letters and digits today; any run of these characters is let through (PagerDuty
// itself refuses a wrong one), what is refused is what cannot be a key: spaces, a pasted URL, quotes.
const ROUTING_KEY = /^[A-Za-z0-9_-]{1,128}$/;

function pagerDutyFields(fields: Fields): Parsed<TypedFields> {
  const key = fields['routingKey'];
  if (key === undefined) return refused('needs "routingKey": the integration key of an Events API v2 integration (32 characters)');
  if (typeof key !== 'string' || !ROUTING_KEY.test(key.trim())) {
    return refused("routingKey is not an Events API v2 integration key (32 letters and digits, from the service's Integrations tab)");
  }
  const url = fields['url'] === undefined ? accepted(new URL(PAGERDUTY_EVENTS_URL)) : destinationUrl(fields['url']);
  return url.ok ? accepted({ type: 'pagerduty', url: url.value, routingKey: key.trim() }) : url;
}

/** The Standard Webhooks specification recommends secrets of 24 to 64 random bytes; what decodes is accepted. */
const SECRET_HINT = 'make one with: echo "whsec_$(openssl rand -base64 32)"';

function webhookFields(fields: Fields): Parsed<TypedFields> {
  if (fields['url'] === undefined) return refused('needs "url": where to POST the signed payload');
  const url = destinationUrl(fields['url']);
  if (!url.ok) return url;
  const secret = fields['secret'];
  if (secret === undefined) return refused(`needs "secret": the signing secret, "whsec_" and base64; ${SECRET_HINT}`);
  if (typeof secret !== 'string' || !secret.startsWith('whsec_')) return refused(`secret must start with "whsec_" followed by base64; ${SECRET_HINT}`);
  const bytes = secretBytes(secret);
  if (bytes === undefined || bytes === 0) return refused(`secret must be "whsec_" and the base64 of random bytes (24 to 64 recommended); ${SECRET_HINT}`);
  return accepted({ type: 'webhook', url: url.value, secret });
}

/** How many bytes the secret decodes to; undefined when it is not base64 (the signing library decodes it the same way). */
function secretBytes(secret: string): number | undefined {
  const base64 = secret.slice('whsec_'.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) return undefined;
  try {
    new Webhook(secret);
  } catch {
    return undefined;
  }
  return Buffer.from(base64, 'base64').length;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const PROFILE_ID = /^[A-Za-z0-9-]{8,64}$/;
/** Each number is one message (and one charge): a long list is more likely a mistake than a plan. */
const MAX_RECIPIENTS = 20;

function telnyxSmsFields(fields: Fields): Parsed<TypedFields> {
  const { from, to, messagingProfileId } = fields;
  if (from !== undefined && (typeof from !== 'string' || !E164.test(from))) {
    return refused('from must be one of your Telnyx numbers in E.164, like +15555550100');
  }
  if (messagingProfileId !== undefined && (typeof messagingProfileId !== 'string' || !PROFILE_ID.test(messagingProfileId))) {
    return refused('messagingProfileId must be the id of a Telnyx messaging profile (letters, digits and -)');
  }
  if (from === undefined && messagingProfileId === undefined) {
    return refused('needs "from" (one of your Telnyx numbers, +15555550100) or "messagingProfileId" (to send from its number pool)');
  }
  if (!Array.isArray(to) || to.length === 0) return refused('needs "to": a list of numbers in E.164, like ["+15555550123"]');
  if (to.length > MAX_RECIPIENTS) return refused(`to lists ${to.length} numbers; at most ${MAX_RECIPIENTS} (each is one SMS per alert)`);
  const bad = to.findIndex((number) => typeof number !== 'string' || !E164.test(number));
  if (bad >= 0) return refused(`to[${bad}] is not a number in E.164 (a plus, the country code, then digits only), like +15555550123`);
  const url = fields['url'] === undefined ? undefined : destinationUrl(fields['url']);
  if (url !== undefined && !url.ok) return url;
  return accepted({
    type: 'telnyx-sms',
    ...(url === undefined ? {} : { url: url.value }),
    ...(typeof from === 'string' ? { from } : {}),
    ...(typeof messagingProfileId === 'string' ? { messagingProfileId } : {}),
    to: [...new Set(to as string[])],
  });
}
