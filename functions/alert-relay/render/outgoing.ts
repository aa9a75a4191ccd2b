/** An HTTP request a destination is sent, as the renderers build it (the sender adds nothing to it but retries). */

export interface OutgoingRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The exact bytes sent: a webhook's signature covers them. */
  readonly body: string;
}

export const USER_AGENT = 'telnyx-cost-alert-relay';

export function jsonRequest(url: URL | string, body: string, headers: Readonly<Record<string, string>> = {}): OutgoingRequest {
  return {
    url: url.toString(),
    headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': USER_AGENT, ...headers },
    body,
  };
}
