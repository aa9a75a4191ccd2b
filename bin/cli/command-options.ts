/** What every command module shares: the io and exit-code callback it registers with, and the options spelt alike in every command. */
import { type Command, Option } from 'commander';
import { productAtEndOfPath } from '../../functions/cost-alert/domain/product-names';
import { type CliIo, UsageError } from './cli-io';
import { parseConcurrency } from './telnyx-connection';
import { DEFAULT_THRESHOLDS_PATH, SAMPLE_THRESHOLDS_FILE, type ThresholdLocation } from './threshold-source';

/** Handed to each command's `register...` function: where it prints, and how its action reports the exit code. */
export interface CommandContext {
  readonly io: CliIo;
  readonly done: (exitCode: number) => void;
}

/** How the CLI is run in examples whose output goes to a file or a pipe: npm's own banner would pollute it. */
export const CLI = 'npm run -s cli --';

export function baseUrlOption(): Option {
  return new Option('--base-url <url>', 'Telnyx API base URL, used with TELNYX_API_KEY (default: TELNYX_API_BASE_URL or https://api.telnyx.com/v2)');
}

export function timeZoneOption(): Option {
  return new Option('--time-zone <zone>', 'IANA time zone that defines "today" and "this month" (default: TIME_ZONE or UTC)');
}

export function concurrencyOption(): Option {
  return new Option('--concurrency <n>', 'Telnyx requests in flight at once, 1-10 (default: TELNYX_MAX_CONCURRENCY or 2)').argParser(parseConcurrency);
}

/** The help texts of the two threshold options, for commands whose wording differs from "<what> this JSON file". */
export interface ThresholdOptionHelp {
  readonly file: string;
  readonly path: string;
}

/** One spelling everywhere: --thresholds-file / --thresholds-path; --file / --path stay as hidden aliases. */
export function addThresholdOptions(command: Command, what: string, help?: ThresholdOptionHelp): Command {
  const texts = help ?? {
    file: `${what} this JSON file (default: ${relativeSample()})`,
    path: `${what} the SSM parameters under this path instead, e.g. ${DEFAULT_THRESHOLDS_PATH}`,
  };
  return command
    .addOption(new Option('--thresholds-file <file>', texts.file).conflicts(['thresholdsPath', 'path']))
    .addOption(new Option('--thresholds-path <path>', texts.path).conflicts('file'))
    .addOption(new Option('--file <file>').hideHelp().conflicts(['thresholdsPath', 'path']))
    .addOption(new Option('--path <path>').hideHelp().conflicts('file'));
}

/** The examples at the end of a command's help (commander ends each help text with a newline of its own). */
export function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

export interface ThresholdCliOptions {
  thresholdsFile?: string;
  thresholdsPath?: string;
  /** Hidden old spellings. */
  file?: string;
  path?: string;
}

/** The thresholds' location from either spelling; the same option given twice in both spellings is refused. */
export function thresholdLocation(options: ThresholdCliOptions): ThresholdLocation {
  if (options.thresholdsFile !== undefined && options.file !== undefined) throw new UsageError('give --thresholds-file once (--file is its old spelling)');
  if (options.thresholdsPath !== undefined && options.path !== undefined) throw new UsageError('give --thresholds-path once (--path is its old spelling)');
  const path = options.thresholdsPath ?? options.path;
  if (path !== undefined) refusePathOfProduct(path);
  return { file: options.thresholdsFile ?? options.file, path };
}

/** A path one level too deep (`.../thresholds/messaging`) would make every product a parameter under `messaging/`. */
export function refusePathOfProduct(path: string): void {
  const product = productAtEndOfPath(path);
  if (product === undefined) return;
  const above = path.replace(/\/+$/, '').replace(/\/[^/]*$/, '') || '/';
  throw new UsageError(
    `--thresholds-path "${path}" ends in the product "${product}": give the path above it (${above}); each product's threshold is one parameter under that path`,
  );
}

/** `a, b,,c` -> ['a', 'b', 'c'] (the parser of comma-separated options). */
export function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The parser of a repeatable option: every value, in order (after a `--no-...` of the same option too). */
export function collect(value: string, previous: unknown): string[] {
  return [...(Array.isArray(previous) ? (previous as string[]) : []), value];
}

function relativeSample(): string {
  return SAMPLE_THRESHOLDS_FILE.slice(SAMPLE_THRESHOLDS_FILE.indexOf('functions/'));
}
