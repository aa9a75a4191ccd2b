/** `thresholds validate | set | list`: the same parser as the check, before and after an operator edits a value. */
import { readFile, writeFile } from 'node:fs/promises';
import { putThreshold } from '../../functions/cost-alert/aws/ssm-thresholds';
import { formatMoney, percentOf } from '../../functions/cost-alert/domain/money';
import { describeThreshold, parseThresholds, parseThresholdValue } from '../../functions/cost-alert/domain/thresholds';
import { explainSignalFields } from '../../functions/cost-alert/domain/signal-config';
import type { RawParameter, Threshold, ThresholdProblem } from '../../functions/cost-alert/domain/types';
import { SSMClient } from '@aws-sdk/client-ssm';
import { CliError, type CliIo, messageOf, withAwsHint } from './cli-io';
import { resolveTimeZone } from './check-command';
import { formatTable } from './text-table';
import { TerminalLog } from './terminal-log';
import { API_KEY_VARIABLE, connectTelnyx, hasApiKey } from './telnyx-connection';
import { type SpendResult, spendOfThresholds } from './threshold-spend';
import {
  checkProductName,
  checkSsmPath,
  DEFAULT_THRESHOLDS_PATH,
  openThresholds,
  resolveFile,
  type ThresholdLocation,
  type ThresholdSource,
} from './threshold-source';

export interface ValidateOptions extends ThresholdLocation {
  readonly offline?: boolean;
  readonly baseUrl?: string;
}

export type SetOptions = ValidateOptions;

export interface ListOptions extends ThresholdLocation {
  readonly baseUrl?: string;
  readonly timeZone?: string;
}

/** Lists every problem (exit 1 on any) and the valid thresholds as they will be read. */
export async function validateThresholdsCommand(options: ValidateOptions, io: CliIo): Promise<number> {
  const source = openThresholds(options, io);
  try {
    const raw = await loadRaw(source);
    const knownProducts = await productsToCheckAgainst(options, io);
    const parsed = parseThresholds(raw, { path: source.store.path, knownProducts: knownProducts && new Set(knownProducts) });
    io.stdout(`Thresholds in ${source.label}:\n\n`);
    if (parsed.thresholds.length > 0) io.stdout(describeValid(parsed.thresholds, source));
    const signals = parsed.thresholds.flatMap((t) => explainSignalFields(t, t.currency).map((line) => `  - ${t.product} ${line}\n`));
    if (signals.length > 0) io.stdout(`\nEarly warnings (forecast, spike):\n${signals.join('')}`);
    const problems = problemLines(parsed.problems, source);
    if (raw.length === 0) problems.push(`there are no thresholds in ${source.label}: add one per product, e.g. messaging = 50 (a daily limit in USD)`);
    if (problems.length === 0) {
      io.stdout(`\nAll ${parsed.thresholds.length} threshold(s) are valid.\n`);
      return 0;
    }
    io.stdout(`\n${problems.length} problem(s); the check sends an error alert for each and still evaluates every other threshold:\n`);
    io.stdout(problems.map((line) => `  - ${line}\n`).join(''));
    return 1;
  } finally {
    source.ssm?.destroy();
  }
}

/** Validates the value first (nothing is written when it is refused), then writes it to SSM or the JSON file. */
export async function setThresholdCommand(product: string, value: string, options: SetOptions, io: CliIo): Promise<number> {
  checkProductName(product);
  if (options.file !== undefined && options.path !== undefined) {
    throw new CliError('give either --file or --path, not both');
  }
  const text = value.trim();
  const result = parseThresholdValue(text, product);
  if (!result.ok) {
    io.stderr(`Refused, nothing was written: the value for ${product} is not valid.\n`);
    io.stderr(result.issues.map((issue) => `  - ${issue}\n`).join(''));
    io.stderr(`${result.message.slice(result.issues.join(' ').length).trim()}\n`);
    return 1;
  }
  const path = options.file === undefined ? checkSsmPath(options.path ?? DEFAULT_THRESHOLDS_PATH) : DEFAULT_THRESHOLDS_PATH;
  const knownProducts = await productsToCheckAgainst(options, io);
  if (knownProducts) {
    const unknown = parseThresholds([{ name: `${path}/${product}`, value: text }], { path, knownProducts: new Set(knownProducts) }).problems[0];
    if (unknown) {
      io.stderr(`Refused, nothing was written: ${unknown.message.slice(`${unknown.parameterName}: `.length)}\n`);
      return 1;
    }
  }
  const described = describeThreshold(result.settings);
  if (options.file !== undefined) {
    const file = resolveFile(options.file, io);
    await writeFileThreshold(file, product, text, io);
    io.stdout(`Set "${product}" in ${file}: ${described}\n`);
    return 0;
  }
  const name = `${path}/${product}`;
  const ssm = new SSMClient({});
  try {
    await putThreshold(ssm, name, text);
  } catch (error) {
    throw new CliError(withAwsHint(error), 1, { cause: error });
  } finally {
    ssm.destroy();
  }
  io.stdout(`Set ${name} = ${text} (${described}). The next scheduled check reads it; no redeploy needed.\n`);
  return 0;
}

/** Each threshold beside today's spend (and this month's where it has a monthly limit). */
export async function listThresholdsCommand(options: ListOptions, io: CliIo): Promise<number> {
  const timeZone = resolveTimeZone(options.timeZone, io);
  const source = openThresholds(options, io);
  try {
    const raw = await loadRaw(source);
    const connection = await connectTelnyx(io, { baseUrl: options.baseUrl, log: new TerminalLog(io.stderr) });
    try {
      const problems: string[] = [];
      let costProducts: string[] | undefined;
      try {
        costProducts = await connection.client.costProducts();
      } catch (error) {
        problems.push(`could not list Telnyx products (${messageOf(error)}): product names were not checked and the total was not read`);
      }
      const parsed = parseThresholds(raw, { path: source.store.path, knownProducts: costProducts && new Set(costProducts) });
      problems.unshift(...problemLines(parsed.problems, source));
      const now = new Date((io.clock ?? Date.now)());
      const spends = await spendOfThresholds(parsed.thresholds, connection.client, costProducts, now, timeZone);
      io.stdout(`Thresholds in ${source.label}, with spend from ${connection.source} (time zone ${timeZone}):\n\n`);
      const rows = spends.map(({ threshold, daily, monthly }) => [
        threshold.product,
        describeThreshold(threshold),
        spendText(daily, threshold),
        shareText(daily, threshold.daily),
        monthly ? spendText(monthly, threshold) : '-',
        monthly ? shareText(monthly, threshold.monthly) : '-',
        notCounted([daily, monthly]),
      ]);
      for (const { threshold, daily, monthly } of spends) {
        for (const [kind, spend] of [['today', daily], ['this month', monthly]] as const) {
          if (spend && !spend.ok) problems.push(`${threshold.product} ${kind}: ${spend.error}`);
        }
      }
      if (rows.length > 0) {
        io.stdout(
          formatTable(
            [
              { header: 'product' },
              { header: 'threshold' },
              { header: 'today', align: 'right' },
              { header: '% of daily', align: 'right' },
              { header: 'this month', align: 'right' },
              { header: '% of monthly', align: 'right' },
              { header: '' },
            ],
            rows,
          ),
        );
      } else {
        io.stdout('(no valid thresholds)\n');
      }
      if (problems.length === 0) return 0;
      io.stdout(`\n${problems.length} problem(s):\n${problems.map((line) => `  - ${line}\n`).join('')}`);
      return 1;
    } finally {
      await connection.close();
    }
  } finally {
    source.ssm?.destroy();
  }
}

async function loadRaw(source: ThresholdSource): Promise<RawParameter[]> {
  try {
    return await source.store.load();
  } catch (error) {
    throw new CliError(withAwsHint(error), 1, { cause: error });
  }
}

/**
 * The products a threshold may name, from Telnyx's options endpoint; undefined (with a note) when they
 * cannot be known: --offline, no key (the simulator's few products are not a real account's), or unreachable.
 */
async function productsToCheckAgainst(options: ValidateOptions, io: CliIo): Promise<string[] | undefined> {
  if (options.offline) {
    io.stderr('--offline: product names were not checked against Telnyx.\n');
    return undefined;
  }
  if (!hasApiKey(io)) {
    io.stderr(`No ${API_KEY_VARIABLE}: product names were not checked against Telnyx (set it to check them, or pass --offline to skip this note).\n`);
    return undefined;
  }
  const connection = await connectTelnyx(io, { baseUrl: options.baseUrl, log: new TerminalLog(io.stderr) });
  try {
    return await connection.client.costProducts();
  } catch (error) {
    io.stderr(`Could not list Telnyx products (${messageOf(error)}): product names were not checked.\n`);
    return undefined;
  } finally {
    await connection.close();
  }
}

function describeValid(thresholds: readonly Threshold[], source: ThresholdSource): string {
  return formatTable(
    [{ header: 'product' }, { header: 'threshold' }, { header: source.ssm ? 'parameter' : 'key' }],
    thresholds.map((threshold) => [threshold.product, describeThreshold(threshold), locationOf(threshold.parameterName, threshold.product, source)]),
  );
}

/** `where: what is wrong`, where being the SSM parameter or the file key the operator edits. */
function problemLines(problems: readonly ThresholdProblem[], source: ThresholdSource): string[] {
  return problems.map((problem) => {
    const prefix = `${problem.parameterName}: `;
    const message = problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
    return `${locationOf(problem.parameterName, problem.product, source)}: ${message}`;
  });
}

function locationOf(parameterName: string, product: string, source: ThresholdSource): string {
  // The heading names the file; in it, the operator looks for the key.
  return source.ssm ? parameterName : `"${product}"`;
}

function spendText(spend: SpendResult, threshold: Threshold): string {
  return spend.ok ? formatMoney({ nanos: spend.nanos, currency: threshold.currency }) : 'unreadable';
}

/** Spend in other currencies is never converted or added: say that it exists. */
function notCounted(spends: ReadonlyArray<SpendResult | undefined>): string {
  const currencies = new Set(spends.flatMap((spend) => (spend?.ok ? spend.otherCurrencies : [])));
  return currencies.size > 0 ? `${[...currencies].sort().join(', ')} spend not counted` : '';
}

function shareText(spend: SpendResult, limit: bigint | undefined): string {
  if (limit === undefined || !spend.ok) return '-';
  return `${percentOf(spend.nanos, limit).toFixed(1)}%`;
}

/** Sets one key of the local JSON file, keeping the others (and their order). A missing file is created. */
async function writeFileThreshold(file: string, product: string, text: string, io: CliIo): Promise<void> {
  let content: Record<string, unknown> = {};
  let existing: string | undefined;
  try {
    existing = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new CliError(`could not read ${file}: ${messageOf(error)}`, 1, { cause: error });
  }
  if (existing !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(existing);
    } catch (error) {
      throw new CliError(`${file} is not valid JSON (${messageOf(error)}): fix it by hand, then set the value again; nothing was written`, 1, { cause: error });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new CliError(`${file} must hold a JSON object of product -> threshold; nothing was written`);
    }
    content = parsed as Record<string, unknown>;
  } else {
    io.stderr(`${file} does not exist yet: creating it.\n`);
  }
  content[product] = asFileValue(text);
  try {
    await writeFile(file, formatThresholdsFile(content), 'utf8');
  } catch (error) {
    throw new CliError(`could not write ${file}: ${messageOf(error)}`, 1, { cause: error });
  }
}

/** One product per line, as the sample file is written: easy to read and to diff. */
function formatThresholdsFile(content: Readonly<Record<string, unknown>>): string {
  const lines = Object.entries(content).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * The value as the file holds it: an object for JSON, a number for a plain amount that reads back the same,
 * text otherwise ("50.10" stays text, so that no digit is lost or reformatted).
 */
function asFileValue(text: string): unknown {
  if (text.startsWith('{')) return JSON.parse(text) as unknown;
  const amount = Number(text);
  return /^\d+(\.\d+)?$/.test(text) && String(amount) === text ? amount : text;
}
