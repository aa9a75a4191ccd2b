/**
 * The pages of one usage query, each checked before its rows are handed on. Telnyx pages with `page[number]`
 * (from 1) and `page[size]` (at most 5000); its `meta` says `page_number`, `page_size`, `total_pages` and
 * `total_results`. The read follows `meta`, not what was asked (a server may cap the page size), and is
 * complete only when its pages add up; anything else is TelnyxIncompleteReadError (./page-rules.ts), never a
 * smaller or larger sum.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { decodeUsagePage, type RowCounts } from './decode';
import { PageLedger } from './page-rules';
import type { UsageQuery, UsageRow } from '../domain/usage';

export interface PageReading {
  readonly query: UsageQuery;
  /** Rows asked per page (page[size]). */
  readonly pageSize: number;
  /** Pages the query may take before it is refused as a runaway. */
  readonly maxPages: number;
  /** The body of page `pageNumber` of the query (retries, throttling and errors are the transport's); `lastPage`: the read's meta says it is its last. */
  fetchPage(pageNumber: number, lastPage: boolean): Promise<string>;
  /** Messages may quote a field of a body (a cost that is no number): they are text people read. */
  readonly redact: (text: string) => string;
  readonly warn?: (message: string, extra: Record<string, unknown>) => void;
}

/** Yields each page's rows once the page is proven to belong (see ./page-rules.ts); throws when the pages do not add up. */
export async function* readPages(reading: PageReading): AsyncGenerator<UsageRow[], void, undefined> {
  const { query } = reading;
  const counts: RowCounts = { withoutCost: 0, costWithoutCurrency: 0 };
  const ledger = new PageLedger(query.product, reading.pageSize, reading.maxPages, reading.redact);
  try {
    for (let pageNumber = 1; ; pageNumber++) {
      ledger.checkBudget(pageNumber);
      const body = await reading.fetchPage(pageNumber, ledger.isLastAnnounced(pageNumber));
      // A turn of the event loop before the page is decoded (several ms of one thread for a full page): the
      // request that took this one's slot goes out now rather than after the decoding.
      await nextTurn();
      const page = decode(body, query, pageNumber, counts, reading.redact);
      const verdict = ledger.admit(pageNumber, page, body);
      if (verdict === 'end') break;
      yield page.rows;
      if (verdict === 'last') break;
    }
    ledger.checkCurrencies(counts);
  } finally {
    if (counts.withoutCost > 0) reading.warn?.('Telnyx sent usage rows without a cost; counted as zero', { product: query.product, rows: counts.withoutCost });
  }
}

function decode(body: string, query: UsageQuery, pageNumber: number, counts: RowCounts, redact: (text: string) => string) {
  try {
    return decodeUsagePage(body, query, pageNumber, counts);
  } catch (error) {
    if (error instanceof Error) error.message = redact(error.message);
    throw error;
  }
}
