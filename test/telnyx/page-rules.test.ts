/** What a read's pages announce about the next one: the throttle lets a read's last page go ahead (./throttle.test.ts). */
import type { DecodedPage } from '../../functions/cost-alert/telnyx/decode';
import { PageLedger } from '../../functions/cost-alert/telnyx/page-rules';

const rows = (count: number, from = 0): DecodedPage['rows'] =>
  Array.from({ length: count }, (_, index) => ({ product: 'messaging', values: { user_id: `u${from + index}` }, cost: 1n }));
const body = (from: number) => JSON.stringify({ data: [{ user_id: `u${from}` }] });

describe('PageLedger.isLastAnnounced', () => {
  it('knows nothing before page 1, then says which page completes total_results', () => {
    // Prepare: 12 rows at 5 a page
    const ledger = new PageLedger('messaging', 5, 400, (text) => text);
    const meta = { pageSize: 5, totalPages: 3, totalResults: 12 };

    // Act, Assess
    expect(ledger.isLastAnnounced(1)).toBe(false);
    expect(ledger.admit(1, { rows: rows(5), meta: { ...meta, pageNumber: 1 } }, body(0))).toBe('more');
    expect(ledger.isLastAnnounced(2)).toBe(false);
    expect(ledger.admit(2, { rows: rows(5, 5), meta: { ...meta, pageNumber: 2 } }, body(5))).toBe('more');
    expect(ledger.isLastAnnounced(3)).toBe(true);
  });

  it('follows total_pages when total_results is not sent, and a server that pages smaller than asked', () => {
    // Prepare: 5000 asked, the server pages 3 at a time and announces 2 pages
    const ledger = new PageLedger('messaging', 5000, 400, (text) => text);

    // Act
    ledger.admit(1, { rows: rows(3), meta: { pageNumber: 1, pageSize: 3, totalPages: 2 } }, body(0));

    // Assess
    expect(ledger.isLastAnnounced(2)).toBe(true);
    const capped = new PageLedger('messaging', 5000, 400, (text) => text);
    capped.admit(1, { rows: rows(3), meta: { pageNumber: 1, pageSize: 3, totalResults: 9 } }, body(0));
    expect(capped.isLastAnnounced(2)).toBe(false);
  });
});
