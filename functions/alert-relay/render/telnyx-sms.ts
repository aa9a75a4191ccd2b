/**
 * The alert's SMS text sent from your own Telnyx number: one `POST /v2/messages` per recipient (Telnyx takes one `to`
 * per request), with the API key the check uses. Sending costs money and counts toward messaging usage.
 */
import { jsonRequest, type OutgoingRequest } from './outgoing';

export interface TelnyxSmsSender {
  readonly from?: string;
  readonly messagingProfileId?: string;
}

export function telnyxSmsRequest(baseUrl: string, apiKey: string, sender: TelnyxSmsSender, to: string, text: string): OutgoingRequest {
  const body = {
    ...(sender.from === undefined ? {} : { from: sender.from }),
    ...(sender.messagingProfileId === undefined ? {} : { messaging_profile_id: sender.messagingProfileId }),
    to,
    text,
  };
  const base = baseUrl.replace(/\/+$/, '');
  // An item's url may name the API (https://api.telnyx.com/v2) or the endpoint itself (.../v2/messages).
  const url = base.endsWith('/messages') ? base : `${base}/messages`;
  return jsonRequest(url, JSON.stringify(body), { authorization: `Bearer ${apiKey}` });
}
