/**
 * Telnyx's list of the key's managed accounts, `GET /v2/managed_accounts`, for their names: paged with
 * `page[number]` (from 1) and `page[size]` (at most 250); `meta` says `total_pages` and `total_results`. Each entry
 * is `{ record_type: "managed_account", id, email, api_user, manager_account_id, organization_name, rollup_billing,
 * ... }`, with no API key. Of an entry only `id` (the `user_id` of its usage rows), `organization_name` and `email`
 * are kept; nothing else of the answer is held, logged or quoted.
 *
 * This module never asks for `GET /v2/managed_accounts/{id}`: that answer carries the account's `api_key` and
 * `api_token`, and no managed account's key may reach a log, a message or an error. There is no URL here that
 * names an account.
 *
 * Once page 1 has said how many pages there are, the next pages are asked ahead (up to `ahead` at once, under the
 * client's shared throttle) and handed on in order; a caller that stops reading (it found every name it needed)
 * leaves the pages not yet asked unasked.
 */
import type { ManagedAccount } from '../domain/account-names';
import { isRecord } from './decode';
import { TelnyxResponseError } from './errors';

/** The API's largest page of managed accounts. */
export const MANAGED_ACCOUNTS_PAGE_SIZE = 250;
/** Pages one listing may take: 100,000 accounts at 250 a page. */
export const MAX_ACCOUNT_PAGES = 400;

export interface AccountListing {
  /** `https://api.telnyx.com/v2` */
  readonly baseUrl: string;
  readonly pageSize: number;
  /** Pages asked at once after the first. */
  readonly ahead: number;
  /** The body of one GET (retries, throttling, errors and redaction are the transport's); `abandon` ends a page no longer wanted. */
  get(url: string, what: string, abandon?: AbortSignal): Promise<string>;
}

interface AccountsPage {
  readonly accounts: ManagedAccount[];
  readonly totalPages?: number;
}

const PATH = '/managed_accounts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** One page: each entry's id, organization name and email; nothing else is read. */
export function decodeAccountsPage(body: string, pageNumber: number): AccountsPage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Never quoted: a proxy's page may echo the request headers.
    throw new TelnyxResponseError(
      `Telnyx answered page ${pageNumber} of the managed accounts list with a body that is not JSON (${Buffer.byteLength(body)} bytes)`,
      undefined,
    );
  }
  const data = isRecord(parsed) ? parsed['data'] : undefined;
  if (!Array.isArray(data)) throw new TelnyxResponseError(`Telnyx answered page ${pageNumber} of the managed accounts list without a data array`, undefined);
  const accounts: ManagedAccount[] = [];
  for (const entry of data) {
    const id = isRecord(entry) ? text(entry['id']) : undefined;
    if (!isRecord(entry) || id === undefined) continue;
    const organizationName = text(entry['organization_name']);
    const email = text(entry['email']);
    accounts.push({ id: id.trim(), ...(organizationName ? { organizationName } : {}), ...(email ? { email } : {}) });
  }
  const meta = isRecord(parsed) ? parsed['meta'] : undefined;
  const totalPages = isRecord(meta) && Number.isSafeInteger(meta['total_pages']) ? (meta['total_pages'] as number) : undefined;
  return { accounts, ...(totalPages === undefined ? {} : { totalPages }) };
}

function pageUrl(listing: AccountListing, pageNumber: number): string {
  return `${listing.baseUrl}${PATH}?page[number]=${pageNumber}&page[size]=${listing.pageSize}`;
}

/**
 * Every page of the list, in order; pages past the first are asked `ahead` at a time. A reader that stops (it found
 * every name it wanted) abandons the pages asked ahead: none is left in flight after the run.
 */
export async function* listManagedAccounts(listing: AccountListing): AsyncGenerator<ManagedAccount[], void, undefined> {
  const abandon = new AbortController();
  const fetchPage = (pageNumber: number) => listing.get(pageUrl(listing, pageNumber), `page ${pageNumber} of the managed accounts list`, abandon.signal);
  try {
    const first = decodeAccountsPage(await fetchPage(1), 1);
    yield first.accounts;
    if (first.totalPages === undefined) {
      // Without meta: read on while pages come full.
      let last = first;
      for (let pageNumber = 2; last.accounts.length >= listing.pageSize && pageNumber <= MAX_ACCOUNT_PAGES; pageNumber++) {
        last = decodeAccountsPage(await fetchPage(pageNumber), pageNumber);
        yield last.accounts;
      }
      return;
    }
    const total = Math.min(first.totalPages, MAX_ACCOUNT_PAGES);
    const pending: Array<Promise<string>> = [];
    let next = 2;
    const ask = () => {
      const body = fetchPage(next++);
      // Awaited in order below; a page asked ahead of a reader that stopped must not be an unhandled rejection.
      body.catch(() => undefined);
      pending.push(body);
    };
    while (next <= total && pending.length < listing.ahead) ask();
    for (let pageNumber = 2; pageNumber <= total; pageNumber++) {
      const body = await (pending.shift() as Promise<string>);
      if (next <= total) ask();
      yield decodeAccountsPage(body, pageNumber).accounts;
    }
  } finally {
    abandon.abort();
  }
}
