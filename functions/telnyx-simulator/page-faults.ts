/**
 * Faults of a server whose answers look fine but do not add up: a lying `meta`, an empty page too early, a proxy
 * that ignores page[number] or page[size], an earlier page served again, rows that count nothing. Used through
 * `Fault.page` (./faults.ts); each applies to a JSON usage report answered 200.
 */
import { pageOf, type ReportPage, type ReportRow } from './report';
import type { SimulatorQuery } from './usage-query';

/** How a usage page is bent; each field independent. */
export interface PageFault {
  /** Fields of `meta` replaced (total_pages too low, total_results that disagree...); `null` sends no meta at all. */
  readonly meta?: Partial<ReportPage['meta']> | null;
  /** Serve page 1 whatever page[number] asks (meta then says page 1 too, unless `meta` says otherwise). */
  readonly ignorePageNumber?: boolean;
  /** Serve pages of this many rows whatever page[size] asks (meta.page_size, total_pages and the cut follow it). */
  readonly ignorePageSize?: number;
  /** Serve the rows of this earlier page instead of the page asked; meta stays the page asked's (a cache keyed wrongly). */
  readonly repeatPage?: number;
  /** Serve the page with no rows (meta as computed). */
  readonly empty?: boolean;
  /** The first N rows of the page get `"cost": null`. */
  readonly nullCost?: number;
  /** The first N rows of the page have no `cost` field. */
  readonly absentCost?: number;
  /** The first N rows of the page have no `currency` field (their cost kept). */
  readonly absentCurrency?: number;
  /** The first N rows of the page have `"currency": ""` (their cost kept). */
  readonly emptyCurrency?: number;
}

/** The query as a server with this fault understands it (page[number] or page[size] ignored). */
export function queryAsServed(query: SimulatorQuery, fault: PageFault | undefined): SimulatorQuery {
  if (!fault) return query;
  return {
    ...query,
    ...(fault.ignorePageNumber ? { pageNumber: 1 } : {}),
    ...(fault.ignorePageSize !== undefined ? { pageSize: fault.ignorePageSize } : {}),
  };
}

/** The page cut from `rows` for `query`, bent by the fault; `meta` undefined when the fault removes it. */
export function pageAsServed(
  rows: readonly ReportRow[],
  query: SimulatorQuery,
  fault: PageFault | undefined,
): { rows: readonly ReportRow[]; meta?: ReportPage['meta'] } {
  const page = pageOf(rows, query);
  if (!fault) return page;
  const served = fault.repeatPage === undefined ? page : { rows: pageOf(rows, { ...query, pageNumber: fault.repeatPage }).rows, meta: page.meta };
  return bendPage(served, fault);
}

function bendPage(page: ReportPage, fault: PageFault): { rows: readonly ReportRow[]; meta?: ReportPage['meta'] } {
  let rows: readonly ReportRow[] = fault.empty ? [] : page.rows;
  const changed = (count: number | undefined, change: (row: ReportRow) => ReportRow) => {
    if (count !== undefined && count > 0) rows = rows.map((row, index) => (index < count ? change(row) : row));
  };
  changed(fault.nullCost, (row) => ({ ...row, cost: null }));
  changed(fault.absentCost, (row) => withoutField(row, 'cost'));
  changed(fault.absentCurrency, (row) => withoutField(row, 'currency'));
  changed(fault.emptyCurrency, (row) => ({ ...row, currency: '' }));
  if (fault.meta === null) return { rows };
  return { rows, meta: { ...page.meta, ...fault.meta } };
}

function withoutField(row: ReportRow, field: string): ReportRow {
  const copy = { ...row };
  delete copy[field];
  return copy;
}
