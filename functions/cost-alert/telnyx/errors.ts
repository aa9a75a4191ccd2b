/** Errors of the Telnyx usage client. None of them ever carries the API key. */

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
}

/** 403 from the options endpoint: the key is valid but may not read usage reports at all. Not retried. */
export class TelnyxForbiddenError extends TelnyxApiError {
  override readonly name = 'TelnyxForbiddenError';
}

/**
 * 403 on one product's usage query: that product is refused to this key, the others may still be read.
 * Not a credential error; not retried.
 */
export class TelnyxProductForbiddenError extends TelnyxApiError {
  override readonly name = 'TelnyxProductForbiddenError';
}

/** 429 after every retry (or no time left to wait for the reset). */
export class TelnyxRateLimitError extends TelnyxApiError {
  override readonly name = 'TelnyxRateLimitError';
}

/** The request itself was wrong (400, 404, 422...): a bad product, dimension or metric. Not retried. */
export class TelnyxRequestError extends TelnyxApiError {
  override readonly name = 'TelnyxRequestError';
}

/** 5xx (or 408/409) after every retry. */
export class TelnyxServerError extends TelnyxApiError {
  override readonly name = 'TelnyxServerError';
}

/** No answer: connection refused or reset, or an attempt timed out, after every retry. */
export class TelnyxNetworkError extends Error {
  override readonly name = 'TelnyxNetworkError';
  constructor(
    message: string,
    readonly product: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A 200 whose body is not what the contract promises (bad JSON, no data array, a cost that is no number). */
export class TelnyxResponseError extends Error {
  override readonly name = 'TelnyxResponseError';
  constructor(
    message: string,
    readonly product: string | undefined,
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
  /** A page with the same rows as the page before it (a server ignoring page[number]). */
  | 'repeated-page'
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
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Retrying stopped because the caller's deadline would have passed; `cause` is the last failure. */
export class TelnyxDeadlineError extends Error {
  override readonly name = 'TelnyxDeadlineError';
  constructor(
    message: string,
    readonly product: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * True when the error means no product can be read: a 401 anywhere, or a 403 from the options endpoint.
 * A 403 on one product's usage query (TelnyxProductForbiddenError) is that product's problem alone.
 */
export function isCredentialError(error: unknown): error is TelnyxAuthError | TelnyxForbiddenError {
  return error instanceof TelnyxAuthError || error instanceof TelnyxForbiddenError;
}
