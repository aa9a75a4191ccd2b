/**
 * What the thresholds subcommands ask Telnyx, only with a key (the built-in simulator's few products are not
 * the account's, and judging names by them would mislead): the products with a cost and their dimensions, and
 * whether each filter matches any of today's usage.
 */
import { costDimensions } from '../../../functions/cost-alert/domain/usage-queries';
import { FilterValuesSeen } from '../../../functions/cost-alert/domain/usage-filter';
import { type Threshold, TOTAL } from '../../../functions/cost-alert/domain/types';
import type { ProductOptions } from '../../../functions/cost-alert/domain/usage';
import { type CliIo } from '../cli-io';
import { messageOf } from '../../../functions/cost-alert/domain/error-text';
import { API_KEY_VARIABLE, connectTelnyx, hasApiKey, type TelnyxConnection } from '../telnyx-connection';
import { TerminalLog } from '../terminal-log';

export interface CatalogOptions {
  readonly offline?: boolean;
  readonly baseUrl?: string;
}

/** What `validate` checks against Telnyx, for the note that says what was (not) checked. */
const TELNYX_CHECKS = 'product names, filter dimensions and values';

export interface Catalog {
  /** Telnyx's products with a cost metric and their dimensions; undefined when they could not be asked for. */
  readonly catalog?: ProductOptions[];
  /** Open when the catalog was read: used for the filter values, closed by the caller. */
  readonly connection?: TelnyxConnection;
  /** What was checked against Telnyx, or plainly what was not and why. */
  readonly note: string;
}

/** Telnyx's products with a cost and their dimensions, through the connection every command uses; the caller closes it. */
export async function openCatalog(options: CatalogOptions, io: CliIo): Promise<Catalog> {
  if (options.offline) return { note: `Not checked (--offline): ${TELNYX_CHECKS}.` };
  if (!hasApiKey(io)) {
    return { note: `Not checked without ${API_KEY_VARIABLE}: ${TELNYX_CHECKS} (set it to check them against Telnyx, or pass --offline).` };
  }
  const connection = await connectTelnyx(io, { baseUrl: options.baseUrl, log: new TerminalLog(io.stderr) });
  try {
    const catalog = await connection.client.costProductOptions();
    return { catalog, connection, note: `Checked against Telnyx (${connection.source}): product names and filter dimensions.` };
  } catch (error) {
    await connection.close();
    return { note: `Not checked, Telnyx's products could not be listed (${messageOf(error)}): ${TELNYX_CHECKS}.` };
  }
}

/**
 * For a write: the products a threshold may name, from Telnyx's options endpoint, with the connection kept open
 * for the filter-value check (the caller closes it); no catalog (with a note on stderr) when it cannot be
 * known: --offline, no key, or unreachable.
 */
export async function catalogForWrite(options: CatalogOptions, io: CliIo): Promise<Omit<Catalog, 'note'>> {
  if (options.offline) {
    io.stderr('--offline: product names and filter dimensions were not checked against Telnyx.\n');
    return {};
  }
  if (!hasApiKey(io)) {
    io.stderr(
      `No ${API_KEY_VARIABLE}: product names and filter dimensions were not checked against Telnyx (set it to check them, or pass --offline to skip this note).\n`,
    );
    return {};
  }
  const connection = await connectTelnyx(io, { baseUrl: options.baseUrl, log: new TerminalLog(io.stderr) });
  try {
    return { catalog: await connection.client.costProductOptions(), connection };
  } catch (error) {
    await connection.close();
    io.stderr(`Could not list Telnyx products (${messageOf(error)}): product names and filter dimensions were not checked.\n`);
    return {};
  }
}

export interface FilterCheck {
  readonly warnings: Array<{ threshold: Threshold; message: string }>;
  readonly notes: string[];
}

/**
 * Matches each filter against today's usage of its product (one query per filtered threshold, broken out by
 * the filter's dimensions): a filter that matches none of the rows is a warning naming the values seen.
 */
export async function checkFilterValues(thresholds: readonly Threshold[], connection: TelnyxConnection): Promise<FilterCheck> {
  const filtered = thresholds.filter((threshold) => threshold.product !== TOTAL && Object.keys(threshold.filter).length > 0);
  const warnings: Array<{ threshold: Threshold; message: string }> = [];
  const unchecked: string[] = [];
  for (const threshold of filtered) {
    const seen = new FilterValuesSeen(threshold.filter);
    try {
      const query = { product: threshold.product, dimensions: costDimensions(threshold.filter), metrics: ['cost'], dateRange: 'today' };
      for await (const rows of connection.client.pages(query)) seen.add(rows);
    } catch (error) {
      unchecked.push(`${threshold.product} (${messageOf(error)})`);
      continue;
    }
    if (seen.rows === 0) unchecked.push(`${threshold.product} (no usage today)`);
    const message = seen.unmatched();
    if (message) warnings.push({ threshold, message });
  }
  const notes: string[] = [];
  const checked = filtered.length - unchecked.length;
  if (checked > 0) notes.push(`Filter values checked against today's usage (UTC day) for ${checked} threshold(s).`);
  if (unchecked.length > 0) notes.push(`Filter values not checked for: ${unchecked.join(', ')}.`);
  return { warnings, notes };
}
