/**
 * What one destination is sent for one message: one request (one per recipient for `telnyx-sms`), each with the id
 * the relay remembers it by and the secrets that must never appear in what is logged about it.
 */
import type { Destination } from './destinations';
import type { RelayMessage } from './relay-message';
import type { OutgoingRequest } from './render/outgoing';
import { jsonRequest } from './render/outgoing';
import { pagerDutyEvent } from './render/pagerduty';
import { slackMessage } from './render/slack';
import { teamsMessage } from './render/teams';
import { telnyxSmsRequest } from './render/telnyx-sms';
import { signedWebhook } from './render/webhook';

export interface Delivery {
  /** Which destination (and recipient) it is, stable across invocations: `<fingerprint>` or `<fingerprint>:<number>`. */
  readonly id: string;
  /** How logs and errors name it; never a secret. */
  readonly label: string;
  readonly request: OutgoingRequest;
  /** Texts to mask wherever an answer or an error might echo them. */
  readonly secrets: readonly string[];
}

export interface DeliveryContext {
  readonly now: Date;
  /** Telnyx API base URL for `telnyx-sms` items without their own `url`. */
  readonly telnyxBaseUrl: string;
  /** The Telnyx API key, read only when a `telnyx-sms` destination wants the message. */
  readonly apiKey: () => Promise<string>;
}

/** A URL's secret parts: Slack's and Teams' webhook URLs carry their token in the path and the query. */
function urlSecrets(url: URL): string[] {
  return [url.toString(), `${url.pathname}${url.search}`].filter((part) => part.length > 1);
}

export async function deliveriesFor(destination: Destination, message: RelayMessage, context: DeliveryContext): Promise<Delivery[]> {
  const one = (request: OutgoingRequest, secrets: readonly string[]): Delivery[] => [
    { id: destination.fingerprint, label: destination.label, request, secrets },
  ];
  switch (destination.type) {
    case 'slack':
      return one(jsonRequest(destination.url, JSON.stringify(slackMessage(message.view))), urlSecrets(destination.url));
    case 'teams':
      return one(jsonRequest(destination.url, JSON.stringify(teamsMessage(message.view))), urlSecrets(destination.url));
    case 'pagerduty':
      return one(jsonRequest(destination.url, JSON.stringify(pagerDutyEvent(message, destination.routingKey))), [destination.routingKey]);
    case 'webhook':
      return one(signedWebhook(destination.url, destination.secret, message.messageId, message.payloadText, context.now), [
        destination.secret,
        ...urlSecrets(destination.url),
      ]);
    case 'telnyx-sms': {
      const apiKey = await context.apiKey();
      const baseUrl = destination.url?.toString() ?? context.telnyxBaseUrl;
      return destination.to.map((to) => ({
        id: `${destination.fingerprint}:${to}`,
        label: `${destination.label} to ${to}`,
        request: telnyxSmsRequest(baseUrl, apiKey, destination, to, message.view.sms),
        secrets: [apiKey],
      }));
    }
  }
}
