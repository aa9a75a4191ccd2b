/**
 * When the pages of one read add up. A read is complete only when:
 * - it has as many rows as `meta.total_results` (which wins over `total_pages`: "1 page" of 12,000 rows at 5000
 *   a page is not complete), with no empty page before the announced end;
 * - every page is the page asked for (`meta.page_number`), holds no more rows than the page[size] asked, and
 *   repeats no earlier page of the same read (a server or proxy ignoring page[number] would hand out page 1
 *   again, and adding it up would overstate spend);
 * - it takes at most the page budget (400 pages, 2,000,000 rows at 5000 a page).
 * Each page is checked before its rows are handed on, so no repeated page and no row past `total_results` ever
 * reaches the caller. Memory: one fingerprint per page (a SHA-1 of its body without `meta`), never the rows.
 */
import { createHash } from 'node:crypto';
import type { DecodedPage, PageMeta, RowCounts } from './decode';
import { type IncompleteReadReason, TelnyxIncompleteReadError, TelnyxResponseError } from './errors';

/** What a read does after an admitted page: hand it on and ask for the next, hand it on and stop, or stop (an empty last page). */
export type Verdict = 'more' | 'last' | 'end';

/** The top-level `meta` member: the only part of two answers with the same rows that differs (page_number). */
const META_MEMBER = /^"meta"\s*:\s*\{[^{}]*\}/;

export class PageLedger {
  private rowsSoFar = 0;
  /** The meta of the last page admitted. */
  private meta: PageMeta | undefined;
  /** Fingerprint of each page read so far -> its number. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly product: string,
    private readonly pageSize: number,
    private readonly maxPages: number,
    private readonly redact: (text: string) => string,
  ) {}

  /** Before asking for a page: a read still going at the budget without saying how many pages it has is a runaway. */
  checkBudget(pageNumber: number): void {
    if (pageNumber <= this.maxPages) return;
    throw this.incomplete(
      `${this.product} usage was still going after ${this.maxPages} pages (${this.rowsSoFar} rows) without saying how many there are, more than a query may take: its pages cannot be trusted to add up, so it was not read`,
      'page-budget',
      pageNumber,
      false,
    );
  }

  /** Whether the pages admitted so far announce `pageNumber` as the read's last (false for page 1: nothing is known yet). */
  isLastAnnounced(pageNumber: number): boolean {
    const meta = this.meta;
    if (meta === undefined) return false;
    const perPage = meta.pageSize !== undefined && meta.pageSize > 0 ? Math.min(meta.pageSize, this.pageSize) : this.pageSize;
    if (meta.totalResults !== undefined) return meta.totalResults > this.rowsSoFar && meta.totalResults - this.rowsSoFar <= perPage;
    return meta.totalPages === pageNumber;
  }

  /** Checks a page against the read so far; throws when it does not belong. */
  admit(pageNumber: number, page: DecodedPage, body: string): Verdict {
    const { rows, meta } = page;
    if (meta?.pageNumber !== undefined && meta.pageNumber !== pageNumber) {
      throw new TelnyxResponseError(
        `Telnyx answered page ${meta.pageNumber} when page ${pageNumber} of ${this.product} usage was asked for, so its pages cannot be added up`,
        this.product,
      );
    }
    if (rows.length === 0) {
      this.checkEmptyIsTheEnd(pageNumber, meta);
      return 'end';
    }
    if (rows.length > this.pageSize) {
      throw this.incomplete(
        `Page ${pageNumber} of ${this.product} usage has ${rows.length} rows, more than the ${this.pageSize} asked for (page[size]): Telnyx or a proxy ignored the page size, so its pages cannot be added up`,
        'oversized-page',
        pageNumber,
      );
    }
    this.checkDistinct(pageNumber, rows.length, body);
    this.checkTotals(pageNumber, rows.length, meta);
    this.rowsSoFar += rows.length;
    this.meta = meta;
    const expected = meta?.totalResults;
    // No usable meta: a short page proves nothing (the server may cap the page size), so read on to an empty page.
    if (expected === undefined && meta?.totalPages === undefined) return 'more';
    const done = expected !== undefined ? this.rowsSoFar >= expected : pageNumber >= (meta?.totalPages ?? 0);
    return done ? 'last' : 'more';
  }

  /** After the last page: rows with a cost but no currency cannot be put in any currency's total. */
  checkCurrencies(counts: RowCounts): void {
    if (counts.costWithoutCurrency === 0) return;
    throw this.incomplete(
      `${counts.costWithoutCurrency} row(s) of ${this.product} usage carry a cost but no currency, so their spend cannot be counted in any currency`,
      'missing-currency',
      undefined,
    );
  }

  private checkEmptyIsTheEnd(pageNumber: number, meta: PageMeta | undefined): void {
    const expected = meta?.totalResults;
    if (expected !== undefined && this.rowsSoFar < expected) {
      throw this.incomplete(
        `Page ${pageNumber} of ${this.product} usage came back empty after ${this.rowsSoFar} of the ${expected} rows Telnyx announced`,
        'short',
        pageNumber,
      );
    }
    // Without total_results: an empty page the server announced is short, except "page 1 of 1" (an empty answer).
    if (expected === undefined && meta?.totalPages !== undefined && pageNumber <= meta.totalPages && meta.totalPages > 1) {
      throw this.incomplete(
        `Page ${pageNumber} of the ${meta.totalPages} pages of ${this.product} usage Telnyx announced came back empty`,
        'short',
        pageNumber,
      );
    }
  }

  /** A page with the same rows as any earlier page of this read is a repeat (aggregated rows are distinct groups). */
  private checkDistinct(pageNumber: number, rowCount: number, body: string): void {
    const fingerprint = pageFingerprint(body);
    const earlier = this.seen.get(fingerprint);
    if (earlier !== undefined) {
      throw this.incomplete(
        `Page ${pageNumber} of ${this.product} usage repeats page ${earlier} (the same ${rowCount} rows): Telnyx or a proxy ignored page[number], so its pages cannot be added up`,
        'repeated-page',
        pageNumber,
      );
    }
    this.seen.set(fingerprint, pageNumber);
  }

  private checkTotals(pageNumber: number, rowCount: number, meta: PageMeta | undefined): void {
    const expected = meta?.totalResults;
    if (expected !== undefined && this.rowsSoFar + rowCount > expected) {
      throw this.incomplete(
        `Page ${pageNumber} of ${this.product} usage brings its rows to ${this.rowsSoFar + rowCount}, more than the ${expected} Telnyx announced`,
        'too-many-rows',
        pageNumber,
      );
    }
    if (meta === undefined || pageNumber !== 1) return;
    const perPage = meta.pageSize !== undefined && meta.pageSize > 0 ? meta.pageSize : rowCount;
    const announced = Math.max(meta.totalPages ?? 0, expected === undefined ? 0 : Math.ceil(expected / perPage));
    if (announced > this.maxPages) {
      throw this.incomplete(
        `Telnyx announced ${announced} pages of ${this.product} usage (${expected ?? 'an unknown number of'} rows), more than the ${this.maxPages} a query may take: it was not read`,
        'page-budget',
        pageNumber,
      );
    }
  }

  private incomplete(message: string, reason: IncompleteReadReason, page: number | undefined, rowsAreLowerBound = true): TelnyxIncompleteReadError {
    return new TelnyxIncompleteReadError(this.redact(message), this.product, reason, page, rowsAreLowerBound);
  }
}

/**
 * A page's identity: the SHA-1 of its body without the top-level `meta` member (found from the end, where
 * Telnyx puts it; a body without one is hashed whole). Hashing the text costs a fraction of a millisecond for a
 * 5000-row page, against several for serialising the parsed rows again.
 */
export function pageFingerprint(body: string): string {
  const hash = createHash('sha1');
  for (let at = body.lastIndexOf('"meta"'); at >= 0; at = body.lastIndexOf('"meta"', at - 1)) {
    const member = META_MEMBER.exec(body.slice(at, at + 1000));
    if (!member) continue;
    return hash
      .update(body.slice(0, at))
      .update(body.slice(at + member[0].length))
      .digest('hex');
  }
  return hash.update(body).digest('hex');
}
