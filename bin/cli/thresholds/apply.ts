/**
 * `thresholds apply FILE`: makes Parameter Store hold exactly the file's thresholds, as terraform applies a plan.
 * The plan lists each product as added, changed (field by field), unchanged or only in Parameter Store; every
 * value is validated before anything is written (one invalid value writes none); a parameter missing from the
 * file is deleted only with --prune; a second run has nothing to change. The file is a --thresholds-file.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import type * as SsmThresholds from '../../../functions/cost-alert/aws/ssm-thresholds';
import { type Command, Option } from 'commander';
import { DOCUMENTED_PRODUCTS, productSpelling } from '../../../functions/cost-alert/domain/product-names';
import { parameterSizeProblem } from '../../../functions/cost-alert/domain/parameter-size';
import { canonicalValue, thresholdWarnings } from '../../../functions/cost-alert/domain/threshold-edit';
import { type PlanEntry, planThresholds, type ThresholdPlan } from '../../../functions/cost-alert/domain/threshold-plan';
import { judgeThresholds } from '../../../functions/cost-alert/domain/threshold-judge';
import type { RawParameter } from '../../../functions/cost-alert/domain/types';
import { FileThresholdStore } from '../../../functions/cost-alert/local/file-thresholds';
import { CliError, type CliIo, withAwsHint } from '../cli-io';
import { messageOf } from '../../../functions/cost-alert/domain/error-text';
import { baseUrlOption, CLI, type CommandContext, examples, refusePathOfProduct } from '../command-options';
import { checkSsmPath, DEFAULT_THRESHOLDS_PATH, loadSsmThresholds, resolveFile, shortPath } from '../threshold-source';
import { applyJson, type ApplyReport, formatApplyText, type Outcome } from './apply-output';
import { type CatalogOptions, catalogForWrite, checkFilterValues } from './catalog';
import { describeTarget } from './ssm-target';

export interface ApplyOptions extends CatalogOptions {
  readonly path?: string;
  readonly dryRun?: boolean;
  readonly prune?: boolean;
  readonly output?: 'text' | 'json';
}

/** Adds `thresholds apply`: its argument, options, help and action. */
export function registerApplyCommand(thresholds: Command, { io, done }: CommandContext): void {
  thresholds
    .command('apply')
    .description(
      'Make the SSM parameters under --thresholds-path hold exactly the thresholds of FILE (the format of --thresholds-file): prints the plan ' +
        '(added, changed field by field, unchanged, only in Parameter Store), validates every value before writing any (all or nothing), ' +
        'then writes. A parameter missing from FILE is deleted only with --prune.',
    )
    .argument('<file>', 'JSON file of product -> threshold, e.g. thresholds.json kept in git')
    .option('--thresholds-path <path>', `SSM path of the thresholds (default: ${DEFAULT_THRESHOLDS_PATH})`)
    .option('--dry-run', 'print the plan and write nothing (for pull requests)')
    .option('--prune', 'also delete the parameters under the path that FILE does not name (never a SecureString)')
    .addOption(
      new Option('-o, --output <format>', 'text for people, or json: the plan as one JSON document on stdout').choices(['text', 'json']).default('text'),
    )
    .option('--offline', 'do not ask Telnyx which products exist (product names, filter dimensions and values are then not checked)')
    .addOption(baseUrlOption())
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert thresholds apply thresholds.json --dry-run',
        'npx telnyx-cost-alert thresholds apply thresholds.json --prune',
        `${CLI} thresholds apply thresholds.json --dry-run -o json > plan.json`,
      ]),
    )
    .action(async (file: string, options: Omit<ApplyOptions, 'path'> & { thresholdsPath?: string }) => {
      done(await applyThresholdsCommand(file, { ...options, path: options.thresholdsPath }, io));
    });
}

export async function applyThresholdsCommand(fileArgument: string, options: ApplyOptions, io: CliIo): Promise<number> {
  if (options.path !== undefined) refusePathOfProduct(options.path);
  const path = checkSsmPath(options.path ?? DEFAULT_THRESHOLDS_PATH, io.env);
  const file = resolveFile(fileArgument, io);
  const raw = await readFile(file, path);
  const { SSMClient, parameters } = await loadSsmThresholds();
  const ssm = new SSMClient({});
  try {
    const target = await describeTarget(ssm, path, 'SSM path');
    const checked = await validate(raw, path, options, io);
    const stored = await aws(() => parameters.listThresholds(ssm, path));
    const plan = planThresholds(
      raw.map(({ name, value }) => ({ product: name.slice(path.length + 1), name, value })),
      stored.map((parameter) => ({ ...parameter, ...productUnder(parameter.name, path) })),
      { prune: Boolean(options.prune) },
    );
    const problems = [...checked.problems, ...plan.conflicts];
    const outcomes = problems.length > 0 || options.dryRun ? notApplied(plan) : await execute(ssm, plan, parameters);
    const report: ApplyReport = {
      file: shortPath(file, io),
      path,
      target,
      dryRun: Boolean(options.dryRun),
      prune: Boolean(options.prune),
      plan,
      outcomes,
      problems,
      warnings: checked.warnings,
    };
    io.stdout(options.output === 'json' ? `${JSON.stringify(applyJson(report), null, 2)}\n` : formatApplyText(report));
    const failed = [...outcomes.values()].some((outcome) => typeof outcome === 'object');
    return problems.length > 0 || failed ? 1 : 0;
  } finally {
    ssm.destroy();
  }
}

/** The file's thresholds as parameters under `path`; a file that cannot be read is one `error:` line. */
async function readFile(file: string, path: string): Promise<RawParameter[]> {
  try {
    return await new FileThresholdStore(file, path).load();
  } catch (error) {
    throw new CliError(`${messageOf(error)}; nothing was written`, 1, { cause: error });
  }
}

/**
 * Every value judged as the check judges it (with Telnyx's products when a key is set), and product names
 * spelt as Telnyx spells them; warnings for what is allowed but likely a mistake.
 */
async function validate(raw: readonly RawParameter[], path: string, options: ApplyOptions, io: CliIo): Promise<{ problems: string[]; warnings: string[] }> {
  const { catalog, connection } = await catalogForWrite(options, io);
  try {
    const judged = judgeThresholds(raw, { path }, catalog);
    const known = [...DOCUMENTED_PRODUCTS, ...(catalog ?? []).map((entry) => entry.product)];
    const problems = raw.flatMap(({ name }) => {
      const product = name.slice(path.length + 1);
      const right = productSpelling(product, known);
      return right === undefined ? [] : [`"${product}": Telnyx spells the product "${right}"; rename the key`];
    });
    problems.push(...judged.problems.map(({ location, product, message }) => `"${product}": ${message.slice(`${location}: `.length)}`));
    // apply writes the standard tier; a larger value goes through thresholds set --advanced.
    problems.push(...raw.flatMap(({ name, value }) => sizeProblems(name.slice(path.length + 1), canonicalValue(value))));
    if (raw.length === 0 && options.prune) {
      problems.push('the file holds no thresholds: with --prune that would delete every threshold under the path and leave nothing checked; give at least one');
    }
    const warnings = judged.thresholds.flatMap((threshold) => thresholdWarnings(threshold).map((warning) => `"${threshold.product}": ${warning}`));
    if (connection) {
      const filterCheck = await checkFilterValues(judged.thresholds, connection);
      warnings.push(...filterCheck.warnings.map(({ threshold, message }) => `"${threshold.product}": ${message}`));
    }
    return { problems, warnings };
  } finally {
    await connection?.close();
  }
}

function sizeProblems(product: string, value: string): string[] {
  const problem = parameterSizeProblem(value, 'Standard');
  return problem === undefined ? [] : [`"${product}": ${problem}`];
}

/** The product a parameter stands for: its name directly under the path, or none (a nested parameter). */
function productUnder(name: string, path: string): { product?: string } {
  const relative = name.startsWith(`${path}/`) ? name.slice(path.length + 1) : '';
  return relative !== '' && !relative.includes('/') ? { product: relative } : {};
}

function notApplied(plan: ThresholdPlan): Map<PlanEntry, Outcome> {
  return new Map(plan.entries.map((entry) => [entry, changes(entry) ? 'not-applied' : 'nothing-to-do']));
}

function changes(entry: PlanEntry): boolean {
  return entry.action === 'added' || entry.action === 'changed' || (entry.action === 'only-in-parameter-store' && entry.delete);
}

/** Writes what is added or changed, then deletes what --prune removes; one failure never stops the others. */
async function execute(
  ssm: SSMClient,
  plan: ThresholdPlan,
  { deleteThreshold, putThreshold }: Pick<typeof SsmThresholds, 'deleteThreshold' | 'putThreshold'>,
): Promise<Map<PlanEntry, Outcome>> {
  const outcomes = notApplied(plan);
  for (const entry of plan.entries) {
    if (!changes(entry)) continue;
    try {
      if (entry.action === 'only-in-parameter-store') {
        await deleteThreshold(ssm, entry.name);
        outcomes.set(entry, 'deleted');
      } else {
        await putThreshold(ssm, entry.name, entry.value);
        outcomes.set(entry, 'written');
      }
    } catch (error) {
      outcomes.set(entry, { failed: withAwsHint(error) });
    }
  }
  return outcomes;
}

async function aws<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new CliError(withAwsHint(error), 1, { cause: error });
  }
}
