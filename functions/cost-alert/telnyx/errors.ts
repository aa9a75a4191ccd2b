/**
 * Errors of the Telnyx usage client. None of them ever carries the API key.
 *
 * Each carries a `kind`, set where the failure happens: the check folds failures into alerts, words them and
 * counts them by kind, never by the wording of a message.
 */

/** What kind of failure a Telnyx error is. */
export type TelnyxFailureKind =
  /** 401 anywhere, or 403 from the options endpoint: no product can be read with this key. */
  | 'key-refused'
  /** 403 on one product's usage query: that product alone is refused. */
  | 'product-forbidden'
  /**
   * 429 after every retry the deadline allowed: Telnyx's rate limit (its own 429s, or the pause another
   * request's 429 put on the endpoint) kept the read from finishing before the deadline.
   */
  | 'throttled'
  /** 5xx, 408 or 409 after every retry. */
  | 'server'
  /** Another 4xx: the request itself was wrong (a bad product, dimension or metric). */
  | 'bad-request'
  /** No answer: connection refused or reset, name not resolved. */
  | 'unreachable'
  /** The TLS connection failed (certificate or handshake). */
  | 'tls'
  /** An attempt got no answer in time. */
  | 'timeout'
  /** A 200 whose body is not what the contract promises. */
  | 'bad-response'
  /** A body larger than the client reads (16 MB a page by default): not read, never held in memory. */
  | 'too-large'
  /** A read whose pages did not add up. */
  | 'incomplete'
  /** The caller's deadline came before an answer. */
  | 'deadline'
  /** The query was refused before anything was sent. */
  | 'query';

/** The kind of any error: a Telnyx error's own, or undefined for anything else. */
export function failureKind(error: unknown): TelnyxFailureKind | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const kind = (error as { kind?: unknown }).kind;
  return typeof kind === 'string' ? (kind as TelnyxFailureKind) : undefined;
}

/** The first string `code` along the cause chain (Node puts ECONNREFUSED or CERT_HAS_EXPIRED on the innermost error). */
export function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A failed connection's kind, from the system error code along its cause chain. */
export function networkFailureKind(error: unknown): 'unreachable' | 'tls' | 'timeout' {
  const code = causeCode(error);
  if (code && /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(code)) return 'tls';
  if (code && /TIMEDOUT|TIMEOUT/.test(code)) return 'timeout';
  return 'unreachable';
}

export interface TelnyxErrorRecord {
  readonly code?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly parameter?: string;
  readonly pointer?: string;
}

/** Base class: an HTTP answer from Telnyx that was not a success. */
export class TelnyxApiError extends Error {
  override readonly name: string = 'TelnyxApiError';
  readonly kind: TelnyxFailureKind = 'bad-request';
  constructor(
    message: string,
    readonly status: number,
    readonly product: string | undefined,
    readonly errors: readonly TelnyxErrorRecord[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
  /** The first error record's code, e.g. "10009". */
  get code(): string | undefined {
    return this.errors[0]?.code;
  }
}

/** 401: the API key was refused. Not retried. */
export class TelnyxAuthError extends TelnyxApiError {
  override readonly name = 'TelnyxAuthError';
  override readonly kind = 'key-refused';
}

/** 403 from the options endpoint: the key is valid but may not read usage reports at all. Not retried. */
export class TelnyxForbiddenError extends TelnyxApiError {
  override readonly name = 'TelnyxForbiddenError';
  override readonly kind = 'key-refused';
}

/**
 * 403 on one product's usage query: that product is refused to this key, the others may still be read.
 * Not a credential error; not retried.
 */
export class TelnyxProductForbiddenError extends TelnyxApiError {
  override readonly name = 'TelnyxProductForbiddenError';
  override readonly kind = 'product-forbidden';
}

/** 429 after every attempt a request may make (the safety cap, see the client's `maxThrottledAttempts`). */
export class TelnyxRateLimitError extends TelnyxApiError {
  override readonly name = 'TelnyxRateLimitError';
  override readonly kind = 'throttled';
}

/** The request itself was wrong (400, 404, 422...): a bad product, dimension or metric. Not retried. */
export class TelnyxRequestError extends TelnyxApiError {
  override readonly name = 'TelnyxRequestError';
  override readonly kind = 'bad-request';
}

/** 5xx (or 408/409) after every retry. */
export class TelnyxServerError extends TelnyxApiError {
  override readonly name = 'TelnyxServerError';
  override readonly kind = 'server';
}

/** No answer: connection refused or reset, or an attempt timed out, after every retry. */
export class TelnyxNetworkError extends Error {
  override readonly name = 'TelnyxNetworkError';
  /** `timeout` when an attempt got no answer in time; otherwise read from the cause's system error code. */
  readonly kind: 'unreachable' | 'tls' | 'timeout';
  constructor(
    message: string,
    readonly product: string | undefined,
    options?: ErrorOptions & { readonly timedOut?: boolean },
  ) {
    super(message, options);
    this.kind = options?.timedOut ? 'timeout' : networkFailureKind(options?.cause);
  }
}

/** A 200 whose body is not what the contract promises (bad JSON, no data array, a cost that is no number). */
export class TelnyxResponseError extends Error {
  override readonly name = 'TelnyxResponseError';
  readonly kind = 'bad-response';
  constructor(
    message: string,
    readonly product: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A 200 whose body was larger than the client reads (`maxBodyBytes`, 16 MB a page by default): the read
 * stopped at the cap and the connection was closed, so the product is "not read". Not retried: the same
 * query would bring the same answer.
 */
export class TelnyxResponseTooLargeError extends Error {
  override readonly name = 'TelnyxResponseTooLargeError';
  readonly kind = 'too-large';
  constructor(
    message: string,
    readonly product: string | undefined,
    /** The cap in bytes. */
    readonly limitBytes: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** What did not add up in a read that answered 200 every time. */
export type IncompleteReadReason =
  /** Fewer rows than `meta.total_results`, or an empty page before the announced last one. */
  | 'short'
  /** More rows than `meta.total_results` announced. */
  | 'too-many-rows'
  /** A page with the same rows as an earlier page of the same read (a server ignoring page[number]). */
  | 'repeated-page'
  /** A page with more rows than the page[size] asked for (a server ignoring page[size]). */
  | 'oversized-page'
  /** More pages than a query may take (see the client's page budget). */
  | 'page-budget'
  /** Rows with a cost but no currency: their spend cannot be put in any currency's total. */
  | 'missing-currency';

/**
 * A query whose pages did not add up: its product is "not read" this time. `rowsAreLowerBound` says whether
 * the rows already handed to the caller (pages() yields as it goes) are each real, distinct rows, so their sum
 * is at most the product's spend (when no cost is negative). It is false when the client cannot tell
 * (a page budget met without `meta`): the caller must then drop them, not alert on them.
 */
export class TelnyxIncompleteReadError extends Error {
  override readonly name = 'TelnyxIncompleteReadError';
  readonly kind = 'incomplete';
  constructor(
    message: string,
    readonly product: string,
    readonly reason: IncompleteReadReason,
    /** The page at which it showed (undefined when it is about the whole query). */
    readonly page: number | undefined,
    readonly rowsAreLowerBound: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The query was refused before anything was sent (empty window, over 31 days, no product...). */
export class UsageQueryError extends Error {
  override readonly name = 'UsageQueryError';
  readonly kind = 'query';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * The caller's deadline came first: no time left to send, or the next wait would pass it; `cause` is the last
 * failure. Its kind says why: `throttled` when what did not fit was a wait Telnyx's rate limit asked for (a 429's
 * Retry-After, or the pause another request's 429 put on the endpoint), so the read failed because of the rate
 * limit; `deadline` otherwise (slow answers, 5xx backoff, requests queued behind others).
 */
export class TelnyxDeadlineError extends Error {
  override readonly name = 'TelnyxDeadlineError';
  readonly kind: 'deadline' | 'throttled';
  constructor(
    message: string,
    readonly product: string | undefined,
    options?: ErrorOptions & { readonly throttled?: boolean },
  ) {
    super(message, options);
    this.kind = options?.throttled ? 'throttled' : 'deadline';
  }
}

/**
 * True when the error means no product can be read: a 401 anywhere, or a 403 from the options endpoint.
 * A 403 on one product's usage query (TelnyxProductForbiddenError) is that product's problem alone.
 */
export function isCredentialError(error: unknown): error is TelnyxAuthError | TelnyxForbiddenError {
  return error instanceof TelnyxAuthError || error instanceof TelnyxForbiddenError;
}
