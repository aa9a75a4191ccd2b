/** `thresholds list`: each threshold beside today's spend (and this month's where it has a monthly limit); the balance beside the available credit. */
import type { Command } from 'commander';
import { formatMoney, percentOf } from '../../../functions/cost-alert/domain/money';
import { describeThreshold } from '../../../functions/cost-alert/domain/threshold-text';
import { judgeThresholds } from '../../../functions/cost-alert/domain/threshold-judge';
import { BALANCE, type Threshold } from '../../../functions/cost-alert/domain/types';
import type { ProductOptions } from '../../../functions/cost-alert/domain/usage';
import { type CliIo } from '../cli-io';
import { messageOf } from '../../../functions/cost-alert/domain/error-text';
import {
  addThresholdOptions,
  baseUrlOption,
  type CommandContext,
  examples,
  type ThresholdCliOptions,
  thresholdLocation,
  timeZoneOption,
} from '../command-options';
import { connectTelnyx, type TelnyxConnection } from '../telnyx-connection';
import { TerminalLog } from '../terminal-log';
import { formatTable } from '../text-table';
import { loadReadable } from '../threshold-load';
import { openThresholds, type ThresholdLocation } from '../threshold-source';
import { type SpendResult, spendOfThresholds, type ThresholdSpend } from '../threshold-spend';
import { resolveTimeZone } from '../time-zone';
import { accountSharesTable, overrideWarnings } from './account-shares';
import { type BalanceRow, balanceRow } from './balance-row';
import { bulletList, locationOf, problemLines } from './report-lines';

export interface ListOptions extends ThresholdLocation {
  readonly baseUrl?: string;
  readonly timeZone?: string;
  /** Also the managed accounts with the largest share of their limits. */
  readonly accounts?: boolean;
}

/** Adds `thresholds list`: its options, help and action. */
export function registerListCommand(thresholds: Command, { io, done }: CommandContext): void {
  const list = thresholds
    .command('list')
    .description("Each threshold beside today's spend (and this month's where it has a monthly limit). Uses the built-in simulator without TELNYX_API_KEY.");
  addThresholdOptions(list, 'list');
  list
    .addOption(baseUrlOption())
    .addOption(timeZoneOption())
    .option('--accounts', `also the managed accounts with the largest share of their limits (thresholds with "managedAccounts")`)
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert thresholds list',
        'npx telnyx-cost-alert thresholds list --accounts',
        'TELNYX_API_KEY=KEY npx telnyx-cost-alert thresholds list --thresholds-path /telnyx-cost-alert/thresholds',
      ]),
    )
    .action(async (options: ThresholdCliOptions & { baseUrl?: string; timeZone?: string; accounts?: boolean }) => {
      const { baseUrl, timeZone, accounts } = options;
      done(await listThresholdsCommand({ ...thresholdLocation(options), baseUrl, timeZone, accounts }, io));
    });
}

/** Each threshold beside today's spend (and this month's where it has a monthly limit). */
export async function listThresholdsCommand(options: ListOptions, io: CliIo): Promise<number> {
  const timeZone = resolveTimeZone(options.timeZone, io);
  const source = await openThresholds(options, io);
  try {
    const { raw, unreadable } = await loadReadable(source);
    const connection = await connectTelnyx(io, { baseUrl: options.baseUrl, log: new TerminalLog(io.stderr) });
    try {
      const { catalog, problems } = await costCatalog(connection);
      const parsed = judgeThresholds(raw, source.store, catalog);
      problems.unshift(...unreadable, ...problemLines(parsed.problems, source));
      const now = new Date((io.clock ?? Date.now)());
      const balance = parsed.thresholds.find((threshold) => threshold.product === BALANCE);
      const [spends, credit] = await Promise.all([
        spendOfThresholds(
          parsed.thresholds.filter((threshold) => threshold !== balance),
          connection.client,
          catalog?.map((entry) => entry.product),
          now,
          timeZone,
        ),
        balance ? balanceRow(balance, connection.client) : undefined,
      ]);
      io.stdout(`Thresholds in ${source.label}, with spend from ${connection.source} (time zone ${timeZone}):\n\n`);
      io.stdout(spends.length > 0 || credit ? spendTable(spends, credit) : '(no valid thresholds)\n');
      problems.push(...unreadSpend(spends), ...(credit?.problem ? [credit.problem] : []));
      const overrides = await overrideWarnings(parsed.thresholds, connection.client);
      if (options.accounts) {
        const products = catalog?.map((entry) => entry.product);
        const shares = await accountSharesTable(parsed.thresholds, connection.client, { products, now, timeZone, accounts: overrides.accounts });
        io.stdout(`\nManaged accounts, the largest shares of their limits first (at most 10 per threshold and period):\n\n${shares.text}`);
        problems.push(...shares.problems);
      }
      const warnings = overrides.warnings.map(({ threshold, message }) => `${locationOf(threshold.parameterName, threshold.product, source)}: ${message}`);
      if (warnings.length > 0) io.stdout(`\n${warnings.length} warning(s):\n${bulletList(warnings)}`);
      if (problems.length === 0) return 0;
      io.stdout(`\n${problems.length} problem(s):\n${bulletList(problems)}`);
      return 1;
    } finally {
      await connection.close();
    }
  } finally {
    source.ssm?.destroy();
  }
}

async function costCatalog(connection: TelnyxConnection): Promise<{ catalog?: ProductOptions[]; problems: string[] }> {
  try {
    return { catalog: await connection.client.costProductOptions(), problems: [] };
  } catch (error) {
    return { problems: [`could not list Telnyx products (${messageOf(error)}): product names were not checked and the total was not read`] };
  }
}

function spendTable(spends: readonly ThresholdSpend[], credit: BalanceRow | undefined): string {
  return formatTable(
    [
      { header: 'product' },
      { header: 'threshold' },
      { header: 'today', align: 'right' },
      { header: '% of daily', align: 'right' },
      { header: 'this month', align: 'right' },
      { header: '% of monthly', align: 'right' },
      { header: 'note' },
    ],
    [
      ...spends.map(({ threshold, daily, monthly }) => [
        threshold.product,
        describeThreshold(threshold),
        spendText(daily, threshold),
        shareText(daily, threshold.daily),
        monthly ? spendText(monthly, threshold) : '-',
        monthly ? shareText(monthly, threshold.monthly) : '-',
        notCounted([daily, monthly]),
      ]),
      ...(credit ? [credit.cells] : []),
    ],
  );
}

function unreadSpend(spends: readonly ThresholdSpend[]): string[] {
  const problems: string[] = [];
  for (const { threshold, daily, monthly } of spends) {
    for (const [kind, spend] of [
      ['today', daily],
      ['this month', monthly],
    ] as const) {
      if (spend && !spend.ok) problems.push(`${threshold.product} ${kind}: ${spend.error}`);
    }
  }
  return problems;
}

function spendText(spend: SpendResult, threshold: Threshold): string {
  return spend.ok ? formatMoney({ nanos: spend.nanos, currency: threshold.currency }) : 'unreadable';
}

/** Spend in other currencies is never converted or added: say that it exists. */
function notCounted(spends: ReadonlyArray<SpendResult | undefined>): string {
  const currencies = new Set(spends.flatMap((spend) => (spend?.ok ? spend.otherCurrencies : [])));
  const miss = spends.find((spend) => spend?.ok && spend.filterMiss !== undefined);
  const notes = [
    ...(currencies.size > 0 ? [`${[...currencies].sort().join(', ')} spend not counted`] : []),
    ...(miss?.ok && miss.filterMiss ? [`filter ${miss.filterMiss}`] : []),
  ];
  return notes.join('; ');
}

function shareText(spend: SpendResult, limit: bigint | undefined): string {
  if (limit === undefined || !spend.ok) return '-';
  return `${percentOf(spend.nanos, limit).toFixed(1)}%`;
}
