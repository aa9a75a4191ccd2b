/** `thresholds validate | set | list`: the same parser as the check, before and after an operator edits a value. */
import { readFile, writeFile } from 'node:fs/promises';
import { isLosslessNumber, parse as parseJsonLosslessly, stringify as stringifyJsonLosslessly } from 'lossless-json';
import { putThreshold } from '../../functions/cost-alert/aws/ssm-thresholds';
import { formatMoney, percentOf } from '../../functions/cost-alert/domain/money';
import { describeThreshold, FilterValuesSeen, judgeThresholds, parseThresholdValue } from '../../functions/cost-alert/domain/thresholds';
import { type RawParameter, type Threshold, type ThresholdProblem, TOTAL } from '../../functions/cost-alert/domain/types';
import type { ProductOptions } from '../../functions/cost-alert/telnyx/types';
import { explainSignalFields } from '../../functions/cost-alert/domain/signal-config';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CliError, type CliIo, messageOf, UsageError, withAwsHint } from './cli-io';
import { costDimensions } from '../../functions/cost-alert/check/usage';
import { resolveTimeZone } from './check-command';
import { formatTable } from './text-table';
import { TerminalLog } from './terminal-log';
import { API_KEY_VARIABLE, connectTelnyx, hasApiKey, type TelnyxConnection } from './telnyx-connection';
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

export interface SetOptions extends ValidateOptions {
  /** Show where and what would be written, and write nothing. */
  readonly dryRun?: boolean;
}

export interface ListOptions extends ThresholdLocation {
  readonly baseUrl?: string;
  readonly timeZone?: string;
}

/** What `validate` checks against Telnyx, for the note that says what was (not) checked. */
const TELNYX_CHECKS = 'product names, filter dimensions and values';

/**
 * Judges the thresholds as the check does (the same `judgeThresholds`, with Telnyx's products and their
 * dimensions when a key is set), then matches each filter against today's usage. Lists every problem
 * (exit 1 on any), every warning, the valid thresholds as they will be read, and what it could not check.
 */
export async function validateThresholdsCommand(options: ValidateOptions, io: CliIo): Promise<number> {
  const source = openThresholds(options, io);
  try {
    const { raw, unreadable } = await loadRaw(source);
    const telnyx = await openCatalog(options, io);
    try {
      const parsed = judgeThresholds(raw, source.store, telnyx.catalog);
      const filterCheck = telnyx.connection ? await checkFilterValues(parsed.thresholds, telnyx.connection) : { warnings: [], notes: [] };
      io.stdout(`Thresholds in ${source.label}:\n\n`);
      if (parsed.thresholds.length > 0) io.stdout(describeValid(parsed.thresholds, source));
      const signals = parsed.thresholds.flatMap((t) => explainSignalFields(t, t.currency).map((line) => `  - ${t.product} ${line}\n`));
      if (signals.length > 0) io.stdout(`\nEarly warnings (forecast, spike):\n${signals.join('')}`);
      io.stdout(`\n${[telnyx.note, ...filterCheck.notes].join('\n')}\n`);
      const problems = [...unreadable, ...problemLines(parsed.problems, source)];
      if (raw.length + unreadable.length === 0)
        problems.push(`there are no thresholds in ${source.label}: add one per product, e.g. messaging = 50 (a daily limit in USD)`);
      const warnings = filterCheck.warnings.map(({ threshold, message }) => `${locationOf(threshold.parameterName, threshold.product, source)}: ${message}`);
      if (warnings.length > 0) {
        io.stdout(`\n${warnings.length} warning(s); the check sends an error alert for each, at most once a day:\n`);
        io.stdout(warnings.map((line) => `  - ${line}\n`).join(''));
      }
      if (problems.length === 0) {
        io.stdout(`\nAll ${parsed.thresholds.length} threshold(s) are valid.\n`);
        return 0;
      }
      io.stdout(`\n${problems.length} problem(s); the check sends an error alert for each and still evaluates every other threshold:\n`);
      io.stdout(problems.map((line) => `  - ${line}\n`).join(''));
      return 1;
    } finally {
      await telnyx.connection?.close();
    }
  } finally {
    source.ssm?.destroy();
  }
}

interface Catalog {
  /** Telnyx's products with a cost metric and their dimensions; undefined when they could not be asked for. */
  readonly catalog?: ProductOptions[];
  /** Open when the catalog was read: used for the filter values, closed by the caller. */
  readonly connection?: TelnyxConnection;
  /** What was checked against Telnyx, or plainly what was not and why. */
  readonly note: string;
}

/**
 * Telnyx's products with a cost and their dimensions, through the connection every command uses. Only with a
 * key: the built-in simulator's few products are not the account's, and judging names by them would mislead.
 */
async function openCatalog(options: ValidateOptions, io: CliIo): Promise<Catalog> {
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
 * Matches each filter against today's usage of its product (one query per filtered threshold, broken out by
 * the filter's dimensions): a filter that matches none of the rows is a warning naming the values seen.
 */
async function checkFilterValues(
  thresholds: readonly Threshold[],
  connection: TelnyxConnection,
): Promise<{ warnings: Array<{ threshold: Threshold; message: string }>; notes: string[] }> {
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

/** Validates the value first (nothing is written when it is refused), then writes it to SSM or the JSON file. */
export async function setThresholdCommand(product: string, value: string, options: SetOptions, io: CliIo): Promise<number> {
  checkProductName(product);
  if (options.file !== undefined && options.path !== undefined) {
    throw new UsageError('give either --thresholds-file or --thresholds-path, not both');
  }
  const text = value.trim();
  const result = parseThresholdValue(text, product);
  if (!result.ok) {
    io.stderr(`Refused, nothing was written: the value for ${product} is not valid.\n`);
    io.stderr(result.issues.map((issue) => `  - ${issue}\n`).join(''));
    io.stderr(`${result.message.slice(result.issues.join(' ').length).trim()}\n`);
    return 1;
  }
  const path = options.file === undefined ? checkSsmPath(options.path ?? DEFAULT_THRESHOLDS_PATH, io.env) : DEFAULT_THRESHOLDS_PATH;
  const catalog = await productsToCheckAgainst(options, io);
  if (catalog) {
    // The check's judge: an unknown product or a filter dimension the product lacks is refused as the check would.
    const unknown = judgeThresholds([{ name: `${path}/${product}`, value: text }], { path }, catalog).problems[0];
    if (unknown) {
      io.stderr(`Refused, nothing was written: ${unknown.message.slice(`${unknown.parameterName}: `.length)}\n`);
      return 1;
    }
  }
  const described = describeThreshold(result.settings);
  if (options.file !== undefined) {
    const file = resolveFile(options.file, io);
    if (options.dryRun) {
      io.stdout(`Dry run, nothing was written: would set "${product}" in ${file} to ${text} (${described}).\n`);
      return 0;
    }
    await writeFileThreshold(file, product, text, io);
    io.stdout(`Set "${product}" in ${file}: ${described}\n`);
    return 0;
  }
  const name = `${path}/${product}`;
  const ssm = new SSMClient({});
  try {
    // Say where before writing: the parameter, the region and the account the credentials belong to.
    const target = await describeTarget(ssm, name);
    if (options.dryRun) {
      io.stdout(`Dry run, nothing was written: would set ${target} to ${text} (${described}).\n`);
      return 0;
    }
    io.stderr(`Writing ${target}\n`);
    await putThreshold(ssm, name, text);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(withAwsHint(error), 1, { cause: error });
  } finally {
    ssm.destroy();
  }
  io.stdout(`Set ${name} = ${text} (${described}). The next scheduled check reads it; no redeploy needed.\n`);
  return 0;
}

/**
 * `/telnyx-cost-alert/thresholds/messaging in us-east-1, account 123456789012`. The region is the SSM client's
 * own (from AWS_REGION or the profile); the account comes from STS GetCallerIdentity, needs no permission and
 * is only shown: when it cannot be read the write still goes ahead (SSM then says what is wrong).
 */
async function describeTarget(ssm: SSMClient, name: string): Promise<string> {
  let region: string;
  try {
    region = await ssm.config.region();
  } catch (error) {
    // A dry run still shows the rest; a write then fails with the same hint from SSM.
    return `SSM parameter ${name} in no region yet (${withAwsHint(error)})`;
  }
  const sts = new STSClient({ region });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    return `SSM parameter ${name} in ${region}, account ${identity.Account ?? 'unknown'}`;
  } catch (error) {
    return `SSM parameter ${name} in ${region}, account unknown (${withAwsHint(error)})`;
  } finally {
    sts.destroy();
  }
}

/** Each threshold beside today's spend (and this month's where it has a monthly limit). */
export async function listThresholdsCommand(options: ListOptions, io: CliIo): Promise<number> {
  const timeZone = resolveTimeZone(options.timeZone, io);
  const source = openThresholds(options, io);
  try {
    const { raw, unreadable } = await loadRaw(source);
    const connection = await connectTelnyx(io, { baseUrl: options.baseUrl, log: new TerminalLog(io.stderr) });
    try {
      const problems: string[] = [...unreadable];
      let catalog: ProductOptions[] | undefined;
      try {
        catalog = await connection.client.costProductOptions();
      } catch (error) {
        problems.push(`could not list Telnyx products (${messageOf(error)}): product names were not checked and the total was not read`);
      }
      const costProducts = catalog?.map((entry) => entry.product);
      const parsed = judgeThresholds(raw, source.store, catalog);
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
        for (const [kind, spend] of [
          ['today', daily],
          ['this month', monthly],
        ] as const) {
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
              { header: 'note' },
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

/** The readable parameters, and a problem line for each the store would not read (a SecureString: never its value). */
async function loadRaw(source: ThresholdSource): Promise<{ raw: RawParameter[]; unreadable: string[] }> {
  try {
    const loaded = await source.store.load();
    return { raw: loaded.filter((p) => p.readError === undefined), unreadable: loaded.flatMap((p) => (p.readError === undefined ? [] : [p.readError])) };
  } catch (error) {
    throw new CliError(withAwsHint(error), 1, { cause: error });
  }
}

/**
 * The products a threshold may name, from Telnyx's options endpoint; undefined (with a note) when they
 * cannot be known: --offline, no key (the simulator's few products are not a real account's), or unreachable.
 */
async function productsToCheckAgainst(options: ValidateOptions, io: CliIo): Promise<ProductOptions[] | undefined> {
  if (options.offline) {
    io.stderr('--offline: product names and filter dimensions were not checked against Telnyx.\n');
    return undefined;
  }
  if (!hasApiKey(io)) {
    io.stderr(
      `No ${API_KEY_VARIABLE}: product names and filter dimensions were not checked against Telnyx (set it to check them, or pass --offline to skip this note).\n`,
    );
    return undefined;
  }
  const connection = await connectTelnyx(io, { baseUrl: options.baseUrl, log: new TerminalLog(io.stderr) });
  try {
    return await connection.client.costProductOptions();
  } catch (error) {
    io.stderr(`Could not list Telnyx products (${messageOf(error)}): product names and filter dimensions were not checked.\n`);
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
    const prefix = `${problem.location}: `;
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
      // Numbers as written: JSON.parse would round the other keys' long decimals when the file is written back.
      parsed = parseJsonLosslessly(existing);
    } catch (error) {
      throw new CliError(`${file} is not valid JSON (${messageOf(error)}): fix it by hand, then set the value again; nothing was written`, 1, { cause: error });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || isLosslessNumber(parsed)) {
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
  const lines = Object.entries(content).map(([key, value]) => `  ${JSON.stringify(key)}: ${stringifyJsonLosslessly(value)}`);
  return lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * The value as the file holds it: an object for JSON, a number for a plain amount that reads back the same,
 * text otherwise ("50.10" stays text, so that no digit is lost or reformatted).
 */
function asFileValue(text: string): unknown {
  if (text.startsWith('{')) return parseJsonLosslessly(text);
  const amount = Number(text);
  return /^\d+(\.\d+)?$/.test(text) && String(amount) === text ? amount : text;
}
