/**
 * `usage`: any usage report, for looking around before setting a threshold. Costs are shown exactly, from
 * the nano-units the client parsed (never through a float); amounts of different currencies stay apart.
 */
import { type Command, Option } from 'commander';
import { FilterValuesSeen } from '../../functions/cost-alert/domain/usage-filter';
import type { UsageRow } from '../../functions/cost-alert/domain/usage';
import { buildQuery } from '../../functions/cost-alert/telnyx/usage-client';
import { CliError, type CliIo, UsageError } from './cli-io';
import { messageOf } from '../../functions/cost-alert/domain/error-text';
import { baseUrlOption, CLI, type CommandContext, collect, commaList, examples } from './command-options';
import { checkHours, DEFAULT_HOURS, hourlyUsageQuery, renderHourlyTable } from './hourly-table';
import { connectTelnyx } from './telnyx-connection';
import { TerminalLog } from './terminal-log';
import { checkProductName } from './threshold-source';
import { resolveTimeZone } from './time-zone';
import { asUsageError, buildUsageQuery, OUTPUT_FORMATS, type OutputFormat, refuseWithHourly, type UsageOptions } from './usage-query';
import { columnsOf, recordOf, render, summary } from './usage-render';

export { buildUsageQuery, OUTPUT_FORMATS, type OutputFormat, type UsageOptions } from './usage-query';

/** Adds `usage`: its options, help and action. */
export function registerUsageCommand(program: Command, { io, done }: CommandContext): void {
  program
    .command('usage')
    .description(
      'Show a Telnyx usage report for one product (the built-in simulator without TELNYX_API_KEY). Costs are exact; the currency is always requested with cost.',
    )
    .argument('[product]', 'Telnyx product, e.g. messaging (see --products)')
    .option('--dimensions <list>', 'comma-separated dimensions to break out, e.g. direction,country_iso', commaList)
    .option('--metrics <list>', 'comma-separated metrics (default: cost), e.g. cost,count', commaList)
    .option('--filter <dimension=value>', 'only rows with this value, e.g. direction=outbound (repeatable)', collect, [])
    .option('--start <date>', 'window start, inclusive: 2026-11-01 (00:00 UTC) or 2026-11-01T12:00:00Z')
    .option('--end <date>', 'window end, exclusive (default: now); at most 31 days after --start')
    .option('--date-range <range>', 'today (default), yesterday, this_month, last_month, last_N_days, last_N_hours, last_N_weeks')
    .option('--sort <list>', 'comma-separated sort keys, e.g. -cost', commaList)
    .option('--managed-accounts', 'include your managed accounts (rows carry user_id)')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...OUTPUT_FORMATS]))
    .addOption(new Option('--format <format>').choices([...OUTPUT_FORMATS]).hideHelp())
    .option('--products', 'list the products with a cost metric and their dimensions')
    .option('--hourly', "cost per hour of the last 24 hours (TIME_ZONE's clock) with a bar per hour, to see a spike")
    .option('--hours <n>', 'with --hourly: how many hours, 1-48 (default 24)', Number)
    .addOption(baseUrlOption())
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert usage messaging --dimensions direction,country_iso --sort -cost',
        `${CLI} usage sip-trunking --date-range this_month --dimensions date -o csv > sip-trunking.csv`,
        'npx telnyx-cost-alert usage --products',
        'npx telnyx-cost-alert usage messaging --hourly --hours 36 --filter direction=outbound',
      ]),
    )
    .action(async (product: string | undefined, options: UsageOptions & { output?: OutputFormat }) => {
      if (options.output !== undefined && options.format !== undefined && options.output !== options.format) {
        throw new UsageError('give the format once: -o/--output (--format is its old spelling)');
      }
      const { output, ...rest } = options;
      done(await usageCommand(product, { ...rest, format: output ?? options.format ?? 'table' }, io));
    });
}

export async function usageCommand(product: string | undefined, options: UsageOptions, io: CliIo): Promise<number> {
  const format = options.format ?? 'table';
  if (!options.products && product === undefined) {
    throw new UsageError('name a product, e.g. `usage messaging`, or list the products with a cost: `usage --products`');
  }
  const query = options.products
    ? undefined
    : asUsageError(() => {
        const built = buildUsageQuery(checkProductName(product ?? ''), options, io);
        // The client's own checks (window order and span, date_range, names), before anything is started or sent.
        buildQuery(built);
        return built;
      });
  if (options.hourly) {
    refuseWithHourly(options);
    if (options.hours !== undefined) checkHours(options.hours);
  } else if (options.hours !== undefined) throw new UsageError('--hours goes with --hourly, e.g. `usage messaging --hourly --hours 48`');
  const connection = await connectTelnyx(io, { baseUrl: options.baseUrl, log: new TerminalLog(io.stderr) });
  try {
    if (query === undefined) {
      const products = (await read(() => connection.client.productOptions())).filter((entry) => entry.metrics.includes('cost'));
      const columns = ['product', 'dimensions', 'metrics'];
      const records = products.map((entry) => ({ product: entry.product, dimensions: entry.dimensions.join(','), metrics: entry.metrics.join(',') }));
      io.stdout(render(columns, records, format, new Set()));
      return 0;
    }
    if (options.hourly) {
      const filter = Object.fromEntries(Object.entries(query.filters ?? {}));
      const now = (io.clock ?? Date.now)();
      const hourly = hourlyUsageQuery(query.product, filter, now, options.hours ?? DEFAULT_HOURS);
      const rows = await read(() => connection.client.list(hourly));
      io.stdout(renderHourlyTable(hourly, rows, filter, resolveTimeZone(undefined, io), now));
      warnFilterMiss(filter, rows, io);
      return 0;
    }
    const rows = await read(() => connection.client.list(query));
    const columns = columnsOf(query, rows);
    const records = rows.map((row) => recordOf(row, columns));
    io.stdout(render(columns, records, format, new Set(query.metrics)));
    if (format === 'table') io.stdout(summary(rows, query));
    if (rows.length === 0 && query.filters) {
      // Telnyx filtered the rows away: read the window without the filter to name the values it has.
      const { filters, ...unfiltered } = query;
      warnFilterMiss(filters, await read(() => connection.client.list(unfiltered)), io);
    }
    return 0;
  } finally {
    await connection.close();
  }
}

/** A filter that matched none of the rows reads like a quiet window: say so, with the values seen (as the check does). */
function warnFilterMiss(filter: Readonly<Record<string, string>>, rows: readonly UsageRow[], io: CliIo): void {
  if (Object.keys(filter).length === 0) return;
  const seen = new FilterValuesSeen(filter);
  seen.add(rows);
  const miss = seen.unmatched();
  if (miss) io.stderr(`warning: filter ${miss}\n`);
}

async function read<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new CliError(messageOf(error), 1, { cause: error });
  }
}
