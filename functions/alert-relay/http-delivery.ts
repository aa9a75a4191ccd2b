/**
 * Sends one delivery, with a short retry inside the invocation when the receiver is busy or briefly down (429, 408,
 * 5xx, no connection, no answer): the next try waits what Retry-After asks (at most 10 s) or 1 s, then 2 s, and never
 * past the invocation's deadline. Anything else (a 4xx, a redirect) is final: trying again would only repeat it.
 * What it reports names the destination by its label and masks every secret the receiver might echo.
 */
import { keyRedactor } from '../cost-alert/telnyx/redact';
import type { Delivery } from './deliveries';

export type SendOutcome =
  | { readonly ok: true; readonly status: number; readonly attempts: number }
  | { readonly ok: false; readonly attempts: number; readonly status?: number; readonly reason: string };

export interface SendOptions {
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** Epoch ms by which the relay must have finished (the Lambda timeout, less a margin). */
  readonly deadline?: number;
  readonly attemptTimeoutMs?: number;
  readonly maxAttempts?: number;
}

const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_ATTEMPTS = 3;
const MAX_RETRY_AFTER_MS = 10_000;
const SNIPPET_MAX = 200;

type Attempt =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly retry: boolean; readonly status?: number; readonly reason: string; readonly waitMs?: number };

export async function send(delivery: Delivery, options: SendOptions): Promise<SendOutcome> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const timeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const redact = redactorOf(delivery.secrets);
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const attempt = await attemptOnce(delivery, timeoutMs);
    if (attempt.ok) return { ok: true, status: attempt.status, attempts };
    const failed = { ok: false as const, attempts, ...(attempt.status === undefined ? {} : { status: attempt.status }), reason: redact(attempt.reason) };
    if (!attempt.retry || attempts >= maxAttempts) return failed;
    const waitMs = attempt.waitMs ?? 1000 * 2 ** (attempts - 1);
    if (options.deadline !== undefined && options.now() + waitMs + timeoutMs > options.deadline) {
      return { ...failed, reason: `${failed.reason}; no time left in this invocation to try again` };
    }
    await options.sleep(waitMs);
  }
}

async function attemptOnce(delivery: Delivery, timeoutMs: number): Promise<Attempt> {
  const { request } = delivery;
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      // A redirect would carry a signed body or a key to an address nobody configured.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, retry: true, reason: networkFailure(error, timeoutMs) };
  }
  const body = await readSnippet(response);
  if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
  const answered = `answered HTTP ${response.status}${body ? `: ${body}` : ''}`;
  if (response.status >= 300 && response.status < 400) {
    return { ok: false, retry: false, status: response.status, reason: `${answered} (a redirect: configure the final https address)` };
  }
  const retry = response.status === 408 || response.status === 429 || response.status >= 500;
  const waitMs = retry ? retryAfterMs(response.headers.get('retry-after')) : undefined;
  return { ok: false, retry, status: response.status, reason: `${answered}${hint(response.status)}`, ...(waitMs === undefined ? {} : { waitMs }) };
}

function hint(status: number): string {
  if (status === 401 || status === 403) return ' (the receiver refused the credentials: check the URL, key or secret)';
  if (status === 404 || status === 410) return ' (the webhook or integration no longer exists: create a new one)';
  return '';
}

/** Retry-After in seconds or as a date, capped; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** The start of the answer, on one line: enough to tell "invalid_token" from "rate limited". */
async function readSnippet(response: Response): Promise<string> {
  try {
    const text = (await response.text()).replace(/\s+/g, ' ').trim();
    return text.length > SNIPPET_MAX ? `${text.slice(0, SNIPPET_MAX)}...` : text;
  } catch {
    return '';
  }
}

function networkFailure(error: unknown, timeoutMs: number): string {
  // Duck-typed: fetch's errors come from Node's own realm, where `instanceof Error` of another realm (a test's) fails.
  const failure = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown; cause?: { code?: unknown } };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = typeof failure.cause?.code === 'string' ? failure.cause.code : typeof failure.message === 'string' ? failure.message : String(error);
  return `could not connect (${code})`;
}

function redactorOf(secrets: readonly string[]): (text: string) => string {
  const redactors = secrets.filter((secret) => secret.length > 0).map(keyRedactor);
  return (text) => redactors.reduce((masked, redact) => redact(masked), text);
}
