/**
 * Faults of a server whose answers look fine but do not add up (a lying `meta`, an empty page too early, a
 * proxy that ignores page[number], rows that count nothing) and of a proxy that echoes the request's
 * Authorization header. Used through `Fault.page` and `Fault.echoAuthorization` (./server.ts).
 */
import type { ReportPage, ReportRow } from './report';

/** How a usage page is bent; each field independent. Applies only to a JSON usage report answered 200. */
export interface PageFault {
  /** Fields of `meta` replaced (total_pages too low, total_results that disagree...); `null` sends no meta at all. */
  readonly meta?: Partial<ReportPage['meta']> | null;
  /** Serve page 1 whatever page[number] asks (meta then says page 1 too, unless `meta` says otherwise). */
  readonly ignorePageNumber?: boolean;
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

/** A proxy that answers with the request's Authorization header in its body, in one of the ways seen. */
export interface EchoFault {
  /** How the header value (`Bearer <key>`) is written: as sent, lower-cased, encodeURIComponent'd, form-encoded. */
  readonly form: 'exact' | 'lowercase' | 'url-encoded' | 'form-encoded';
  /** Only the key's first N characters (a proxy that truncates what it echoes). */
  readonly truncateKeyTo?: number;
  /** A Telnyx-style JSON error whose `detail` holds the echo; default an HTML page. */
  readonly json?: boolean;
}

/** The page after the fault, `meta` undefined when the fault removes it. */
export function bendPage(page: ReportPage, fault: PageFault): { rows: readonly ReportRow[]; meta?: ReportPage['meta'] } {
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

/** The body a header-echoing proxy answers with. */
export function echoBody(authorization: string, fault: EchoFault): string {
  const match = /^(Bearer\s+)(.*)$/i.exec(authorization);
  const scheme = match?.[1] ?? '';
  const key = match?.[2] ?? authorization;
  const shown = `${scheme}${fault.truncateKeyTo === undefined ? key : key.slice(0, fault.truncateKeyTo)}`;
  const written =
    fault.form === 'lowercase'
      ? shown.toLowerCase()
      : fault.form === 'url-encoded'
        ? encodeURIComponent(shown)
        : fault.form === 'form-encoded'
          ? new URLSearchParams({ h: shown }).toString().slice(2)
          : shown;
  if (fault.json) {
    return JSON.stringify({ errors: [{ code: '10007', title: 'Bad gateway', detail: `upstream refused the request with authorization=${written}` }] });
  }
  return `<html><body><h1>502 Bad Gateway</h1><pre>authorization: ${written}</pre></body></html>`;
}

function withoutField(row: ReportRow, field: string): ReportRow {
  const copy = { ...row };
  delete copy[field];
  return copy;
}
