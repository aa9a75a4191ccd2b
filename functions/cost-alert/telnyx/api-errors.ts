/**
 * Telnyx's answers that were not a success, as the client's named errors (./errors.ts), each with its kind.
 *
 * Telnyx's error body is `{ errors: [ { code, title, detail, source: { parameter, pointer }, meta: { url } } ] }`
 * (10009 authentication failed on a 401, 10010 authorization failed on a 403, 10011 too many requests on a 429,
 * 10015 bad request; 10003 is used for invalid values and other things, so the parameter and title say more).
 *
 * Redaction by construction: a message quotes nothing of a body but these fields, each redacted (./redact.ts),
 * stripped of anything secret-shaped and cut to 300 characters; a body without error records is described by its
 * size, never quoted (a proxy's page may echo the request's headers). Causes are rebuilt from name, message and
 * code only.
 */
import { describeBytes } from './body';
import { isRecord } from './decode';
import type { TelnyxApiError } from './errors';
import {
  TelnyxAuthError,
  type TelnyxErrorRecord,
  TelnyxForbiddenError,
  TelnyxNetworkError,
  TelnyxProductForbiddenError,
  TelnyxRateLimitError,
  TelnyxRequestError,
  TelnyxResponseTooLargeError,
  TelnyxServerError,
} from './errors';
import { type Redactor, withholdSecretShaped } from './redact';
import type { Endpoint } from './throttle';

/** Where a request goes: a 403 means "key refused" from the options endpoint, "this product refused" from usage. */
export interface Target {
  readonly product: string | undefined;
  readonly endpoint: Endpoint;
  /** For messages: `page 2 of messaging usage`, `usage report options`. */
  readonly what: string;
  /** What failed, in a message, when not a product's usage or the options: `the balance`. */
  readonly subject?: string;
  /** The last page of a read under way (its meta says so): queued ahead of the other requests (./throttle.ts). */
  readonly lastPage?: boolean;
}

export interface ErrorWording {
  readonly redact: Redactor;
  /** Where the key came from, for the 401 message: e.g. 'the SSM parameter /telnyx-cost-alert/api-key'. */
  readonly apiKeySource: string;
}

/** The longest text taken from one of Telnyx's error fields into a message. */
const MAX_FIELD_CHARS = 300;
/** `source.parameter` and `source.pointer` are kept only when they name a field (`metrics`, `filter[currency]`, `/data/0`): nothing else of a body is quoted. */
const FIELD_NAME = /^[A-Za-z0-9_.[\]/-]{1,100}$/;

/** The error of a non-2xx answer; `body` is undefined when it was over the cap and not read. */
export function apiError(status: number, body: string | undefined, target: Target, wording: ErrorWording): TelnyxApiError {
  const { product } = target;
  const records = body === undefined ? [] : errorRecords(body).map((record) => cleanRecord(record, wording.redact));
  const first = records[0];
  const what = [first?.code ? `code ${first.code}` : undefined, first?.title].filter(Boolean).join(' ');
  const said = [first?.title, first?.detail].filter(Boolean).join(': ') || `HTTP ${status} with ${bodyNote(body)}`;
  const subject = subjectOf(target);
  const args = [status, product, records] as const;
  if (status === 401) {
    const message = `Telnyx did not accept the API key (HTTP 401${what ? `, ${what}` : ''}). Check ${wording.apiKeySource}: it must hold a current Telnyx API v2 key.`;
    return new TelnyxAuthError(message, ...args);
  }
  if (status === 403 && target.endpoint === 'usage' && product !== undefined) {
    const message = `Telnyx refused ${product} usage to this API key (HTTP 403${what ? `, ${what}` : ''}${first?.detail ? `: ${first.detail}` : ''}). The other products are still read; allow the key (${wording.apiKeySource}) to read ${product} usage reports, or remove the ${product} threshold.`;
    return new TelnyxProductForbiddenError(message, ...args);
  }
  if (status === 403 && target.endpoint === 'accounts') {
    const message = `Telnyx refused the list of managed accounts to this API key (HTTP 403${what ? `, ${what}` : ''}): alerts name managed accounts by user_id until the key (${wording.apiKeySource}) may list them.`;
    return new TelnyxProductForbiddenError(message, ...args);
  }
  if (status === 403) {
    const message = `Telnyx refused usage reports to this API key (HTTP 403${what ? `, ${what}` : ''}): use a key of an account allowed to read usage reports (${wording.apiKeySource}).`;
    return new TelnyxForbiddenError(message, ...args);
  }
  if (status === 429) return new TelnyxRateLimitError(`Telnyx is rate limiting usage reports (HTTP 429) for ${subject}: ${said}`, ...args);
  if (status >= 500 || status === 408 || status === 409)
    return new TelnyxServerError(`Telnyx failed to answer for ${subject} (HTTP ${status}): ${said}`, ...args);
  const parameter = first?.parameter ?? first?.title ?? 'the request';
  const detail = first?.detail ?? first?.title ?? bodyNote(body);
  return new TelnyxRequestError(`Telnyx rejected ${parameter} for ${product ?? 'the request'} (HTTP ${status}): ${detail}`, ...args);
}

/** No answer: connection refused, reset, TLS, or no answer within `timeoutMs`. */
export function networkError(error: unknown, target: Target, timeoutMs: number, redact: Redactor): TelnyxNetworkError {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const reason = timedOut ? `no answer within ${timeoutMs} ms` : networkReason(error);
  const subject = subjectOf(target);
  return new TelnyxNetworkError(redact(`Could not reach Telnyx for ${subject}: ${reason}`), target.product, { cause: redactError(error, redact), timedOut });
}

/** What a request was for, in messages: `messaging usage`, `usage report options`, `the managed accounts list`. */
function subjectOf(target: Target): string {
  if (target.subject !== undefined) return target.subject;
  if (target.endpoint === 'accounts') return 'the managed accounts list';
  return target.product === undefined ? 'usage report options' : `${target.product} usage`;
}

/** A 200 whose body passed the cap. */
export function tooLargeError(target: Target, bytes: number, limitBytes: number): TelnyxResponseTooLargeError {
  const product = target.product ?? 'the product list';
  return new TelnyxResponseTooLargeError(
    `Telnyx answered ${target.what} with more than ${describeBytes(limitBytes)} (at least ${describeBytes(bytes)}), more than the client reads for one page: ${product} was not read this time. A page of 5000 usage rows is under 1 MB; a server or proxy ignoring page[size] sends more.`,
    target.product,
    limitBytes,
  );
}

/** A cause without the key in it: rebuilt from name, message and code only (causes of fetch failures carry no headers, but make sure). */
export function redactError(error: unknown, redact: Redactor): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const inner = (error as { cause?: unknown }).cause;
  const copy = new Error(redact(error.message), inner === undefined ? undefined : { cause: redactError(inner, redact) });
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

/**
 * An error record as text people read: every field redacted, secret-shaped tokens dropped, then long ones cut (a
 * cut cannot uncover what is masked); a parameter or pointer that names no field is dropped.
 */
function cleanRecord(record: TelnyxErrorRecord, redact: Redactor): TelnyxErrorRecord {
  const clean = (text: string | undefined) => (text === undefined ? undefined : clip(withholdSecretShaped(redact(text))));
  const field = (text: string | undefined) => {
    const cleaned = clean(text);
    return cleaned !== undefined && FIELD_NAME.test(cleaned) ? cleaned : undefined;
  };
  return {
    code: clean(record.code),
    title: clean(record.title),
    detail: clean(record.detail),
    parameter: field(record.parameter),
    pointer: field(record.pointer),
  };
}

function errorRecords(body: string): TelnyxErrorRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const errors = isRecord(parsed) ? parsed['errors'] : undefined;
  if (!Array.isArray(errors)) return [];
  return errors.filter(isRecord).map((record) => {
    const source = isRecord(record['source']) ? record['source'] : {};
    return {
      code: optionalString(record['code']),
      title: optionalString(record['title']),
      detail: optionalString(record['detail']),
      parameter: optionalString(source['parameter']),
      pointer: optionalString(source['pointer']),
    };
  });
}

/** What a body that carries no error records was, without quoting it (it may echo the request headers). */
function bodyNote(body: string | undefined): string {
  if (body === undefined) return 'a body too large to read';
  const bytes = Buffer.byteLength(body);
  if (bytes === 0) return 'an empty body';
  try {
    JSON.parse(body);
    return `a JSON body of ${bytes} bytes without error details`;
  } catch {
    return `a non-JSON body of ${bytes} bytes`;
  }
}

function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = cause instanceof Error ? (cause as { code?: unknown }).code : undefined;
  return [error.message, typeof code === 'string' ? code : cause instanceof Error ? cause.message : undefined].filter(Boolean).join(': ');
}

function clip(text: string): string {
  return text.length <= MAX_FIELD_CHARS ? text : `${text.slice(0, MAX_FIELD_CHARS)}...`;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
