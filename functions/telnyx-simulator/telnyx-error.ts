/** Telnyx-style error answers: `{ errors: [{ code, title, detail, source: { parameter }, meta: { url } }] }`. */

export interface ErrorRecordInput {
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly parameter?: string;
}

/** A request the simulator refuses, with the status and error records to answer with. */
export class SimulatorRequestError extends Error {
  override readonly name = 'SimulatorRequestError';
  constructor(
    readonly status: number,
    readonly records: readonly ErrorRecordInput[],
    options?: ErrorOptions,
  ) {
    super(records.map((record) => `${record.code} ${record.title}`).join('; '), options);
  }
}

export function errorBody(records: readonly ErrorRecordInput[]): string {
  return JSON.stringify({
    errors: records.map((record) => ({
      code: record.code,
      title: record.title,
      ...(record.detail === undefined ? {} : { detail: record.detail }),
      ...(record.parameter === undefined ? {} : { source: { parameter: record.parameter } }),
      meta: { url: `https://developers.telnyx.com/docs/overview/errors/${record.code}` },
    })),
  });
}

/** The error record Telnyx answers with for a bare status (used by faults without a body). */
export function errorForStatus(status: number): ErrorRecordInput {
  switch (status) {
    case 400:
      return { code: '10015', title: 'Bad Request', detail: 'The request failed because it was not well-formed.' };
    case 401:
      return { code: '10009', title: 'Authentication failed', detail: 'Could not understand the provided credentials.' };
    case 403:
      return { code: '10010', title: 'Authorization failed', detail: 'You are not authorized to access the requested resource.' };
    case 404:
      return { code: '10005', title: 'Resource not found', detail: 'The requested resource or URL could not be found.' };
    case 408:
      return { code: '10016', title: 'Request timeout', detail: 'The request took too long to complete.' };
    case 429:
      return { code: '10011', title: 'Too many requests', detail: 'You have exceeded the rate limit; retry after the reset.' };
    case 503:
      return { code: '10008', title: 'Service unavailable', detail: 'The service is temporarily unavailable.' };
    default:
      return status >= 500
        ? { code: '10007', title: 'Unexpected error', detail: 'An unexpected error occurred.' }
        : { code: '10015', title: 'Bad Request', detail: `The request failed with status ${status}.` };
  }
}
