/**
 * `POST /v2/messages` (sending an SMS), as far as a sender of alerts needs it: the request is checked as Telnyx checks
 * it (a `to` in E.164, a `text`, a `from` number or a `messaging_profile_id`), recorded for the tests to read, and
 * answered with a queued message. Nothing is sent anywhere.
 */
import { randomUUID } from 'node:crypto';
import { type ErrorRecordInput, SimulatorRequestError } from './telnyx-error';

/** One message the simulator accepted. */
export interface SentMessage {
  readonly id: string;
  readonly from?: string;
  readonly messagingProfileId?: string;
  readonly to: string;
  readonly text: string;
  readonly receivedAt: Date;
}

const E164 = /^\+[1-9]\d{6,14}$/;

function invalid(parameter: string, detail: string): SimulatorRequestError {
  const record: ErrorRecordInput = { code: '10004', title: 'Missing or invalid parameter', detail, parameter };
  return new SimulatorRequestError(422, [record]);
}

/** Accepts (and records in `sent`) one message, or throws the error Telnyx would answer with. */
export function sendMessage(body: string, sent: SentMessage[], now: Date): { status: number; body: string } {
  let request: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    request = parsed as Record<string, unknown>;
  } catch {
    throw new SimulatorRequestError(400, [{ code: '10015', title: 'Bad Request', detail: 'The request body is not a JSON object.' }]);
  }
  const { from, to, text } = request;
  const profile = request['messaging_profile_id'];
  if (typeof to !== 'string' || !E164.test(to)) throw invalid('to', 'to must be one phone number in E.164 format.');
  if (typeof text !== 'string' || text === '') throw invalid('text', 'text is required.');
  if (from === undefined && profile === undefined) throw invalid('from', 'from or messaging_profile_id is required.');
  if (from !== undefined && (typeof from !== 'string' || !E164.test(from))) throw invalid('from', 'from must be a phone number in E.164 format.');
  const message: SentMessage = {
    id: randomUUID(),
    ...(typeof from === 'string' ? { from } : {}),
    ...(typeof profile === 'string' ? { messagingProfileId: profile } : {}),
    to,
    text,
    receivedAt: now,
  };
  sent.push(message);
  const data = {
    record_type: 'message',
    id: message.id,
    direction: 'outbound',
    type: 'SMS',
    from: { phone_number: message.from ?? null },
    to: [{ phone_number: to, status: 'queued' }],
    text,
    parts: 1,
    messaging_profile_id: message.messagingProfileId ?? null,
  };
  return { status: 200, body: JSON.stringify({ data }) };
}
