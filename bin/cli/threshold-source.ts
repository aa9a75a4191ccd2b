/** Where thresholds come from on the command line: a local JSON file (default: the sample) or an SSM path. */
import { isAbsolute, relative, resolve } from 'node:path';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type * as SsmThresholds from '../../functions/cost-alert/aws/ssm-thresholds';
import { thresholdsPathProblem } from '../../functions/cost-alert/domain/parameter-paths';
import { DEFAULT_API_KEY_PARAMETER, DEFAULT_THRESHOLDS_PATH } from '../../functions/cost-alert/domain/settings';
import { FileThresholdStore } from '../../functions/cost-alert/local/file-thresholds';
import type { ThresholdStore } from '../../functions/cost-alert/ports';
import { type CliIo, UsageError } from './cli-io';

/** The package root: bin/cli/ is two levels down, whatever directory the CLI is run from. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');
export const SAMPLE_THRESHOLDS_FILE = resolve(PACKAGE_ROOT, 'functions/cost-alert/local/sample-thresholds.json');
// The stack's default path, for the commands' help and defaults.
export { DEFAULT_THRESHOLDS_PATH };
const THRESHOLDS_PATH_OPTION = '--thresholds-path';

const SSM_PATH = /^\/[A-Za-z0-9_.\-/]+$/;
const PRODUCT_NAME = /^[A-Za-z0-9_.-]+$/;

export interface ThresholdSource {
  readonly store: ThresholdStore;
  /** For headings: `file functions/.../sample-thresholds.json` or `SSM path /telnyx-cost-alert/thresholds`. */
  readonly label: string;
  /** Set when the thresholds live in SSM; the caller destroys it when done. */
  readonly ssm?: SSMClient;
}

export interface ThresholdLocation {
  readonly file?: string;
  readonly path?: string;
}

/**
 * The SSM client's class and this project's threshold parameters in SSM (functions/cost-alert/aws/ssm-thresholds.ts),
 * loaded with the AWS SDK when a command first talks to SSM: a command on a file never pays for them (about a fifth
 * of the CLI's start-up).
 */
export async function loadSsmThresholds(): Promise<{ readonly SSMClient: typeof SSMClient; readonly parameters: typeof SsmThresholds }> {
  const [{ SSMClient }, parameters] = await Promise.all([import('@aws-sdk/client-ssm'), import('../../functions/cost-alert/aws/ssm-thresholds.js')]);
  return { SSMClient, parameters };
}

/** `--file` wins over the default sample; `--path` reads SSM with the default AWS configuration. */
export async function openThresholds(location: ThresholdLocation, io: CliIo): Promise<ThresholdSource> {
  if (location.path !== undefined) {
    const path = checkSsmPath(location.path, io.env);
    const { SSMClient, parameters } = await loadSsmThresholds();
    const ssm = new SSMClient({});
    const guard = { apiKeyParameter: apiKeyParameter(io.env), setting: THRESHOLDS_PATH_OPTION };
    return { store: new parameters.SsmThresholdStore(ssm, path, guard), label: `SSM path ${path}`, ssm };
  }
  const file = resolveFile(location.file, io);
  return { store: new FileThresholdStore(file), label: `file ${shortPath(file, io)}` };
}

export function resolveFile(file: string | undefined, io: CliIo): string {
  return file === undefined ? SAMPLE_THRESHOLDS_FILE : resolve(io.cwd ?? process.cwd(), file);
}

/** A path relative to the working directory when it lies inside it (shorter to read), else absolute. */
export function shortPath(file: string, io: CliIo): string {
  const shown = relative(io.cwd ?? process.cwd(), file);
  return shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : file;
}

/** A valid thresholds path that does not hold the API key's parameter (a usage error naming --thresholds-path otherwise). */
export function checkSsmPath(text: string, env: CliIo['env'] = {}): string {
  const path = text.trim().replace(/\/+$/, '');
  if (!SSM_PATH.test(path)) {
    throw new UsageError(`"${text}" is not an SSM parameter path: it starts with / and has letters, digits, _ . - /, e.g. ${DEFAULT_THRESHOLDS_PATH}`);
  }
  const holdsKey = thresholdsPathProblem(THRESHOLDS_PATH_OPTION, path, apiKeyParameter(env));
  if (holdsKey) throw new UsageError(holdsKey);
  return path;
}

/** The API key's parameter the path must not hold: TELNYX_API_KEY_PARAMETER when set (as for the function), else the default. */
function apiKeyParameter(env: CliIo['env']): string {
  return env['TELNYX_API_KEY_PARAMETER']?.trim() || DEFAULT_API_KEY_PARAMETER;
}

export function checkProductName(product: string): string {
  if (!PRODUCT_NAME.test(product)) {
    throw new UsageError(`"${product}" is not a product name: use the name Telnyx gives it (e.g. messaging, sip-trunking) or total`);
  }
  return product;
}
