/**
 * One product's threshold where it lives: the SSM parameter <path>/PRODUCT, or the key PRODUCT of a local
 * JSON file. `thresholds get`, `set` and `delete` read, write and remove through it alike.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import type * as SsmThresholds from '../../../functions/cost-alert/aws/ssm-thresholds';
import { stringify as stringifyJsonLosslessly } from 'lossless-json';
import { productSpelling } from '../../../functions/cost-alert/domain/product-names';
import { SECURE_STRING } from '../../../functions/cost-alert/domain/threshold-plan';
import { CliError, type CliIo, UsageError, withAwsHint } from '../cli-io';
import { checkSsmPath, DEFAULT_THRESHOLDS_PATH, loadSsmThresholds, resolveFile, type ThresholdLocation } from '../threshold-source';
import { readThresholdsObject, removeFileThreshold, writeFileThreshold } from './file-edit';
import { describeTarget } from './ssm-target';

/** A stored value: its text, and its SSM type (String, StringList, SecureString) or `file`. */
export interface StoredValue {
  readonly value: string;
  readonly type: string;
}

export interface ThresholdTarget {
  /** The parameter name, or `"messaging" in my-thresholds.json`. */
  readonly name: string;
  /** True for SSM, false for a file. */
  readonly ssm: boolean;
  /** Where a write lands, said before it happens: the parameter with its region and account, or the file key. */
  where(): Promise<string>;
  read(): Promise<StoredValue | undefined>;
  /** `Advanced`: SSM's advanced tier (8 KB), only when asked for; a file ignores it. */
  write(value: string, tier?: 'Advanced'): Promise<void>;
  /** False when there was nothing to remove. */
  remove(): Promise<boolean>;
  close(): void;
}

export function openTarget(product: string, location: ThresholdLocation, io: CliIo): ThresholdTarget {
  return location.file !== undefined ? fileTarget(product, resolveFile(location.file, io), io) : ssmTarget(product, location.path, io);
}

/** The parameter <path>/PRODUCT; the AWS SDK loads on the first call that talks to SSM. */
function ssmTarget(product: string, path: string | undefined, io: CliIo): ThresholdTarget {
  const name = `${checkSsmPath(path ?? DEFAULT_THRESHOLDS_PATH, io.env)}/${product}`;
  let ssm: SSMClient | undefined;
  const onSsm = <T>(call: (client: SSMClient, parameters: typeof SsmThresholds) => Promise<T>): Promise<T> =>
    aws(async () => {
      const { SSMClient, parameters } = await loadSsmThresholds();
      ssm ??= new SSMClient({});
      return call(ssm, parameters);
    });
  return {
    name,
    ssm: true,
    where: () => onSsm((client) => describeTarget(client, name)),
    read: () => onSsm((client, parameters) => parameters.readThreshold(client, name)),
    write: (value, tier) => onSsm((client, parameters) => parameters.putThreshold(client, name, value, tier)),
    remove: () => onSsm((client, parameters) => parameters.deleteThreshold(client, name)),
    close: () => ssm?.destroy(),
  };
}

function fileTarget(product: string, file: string, io: CliIo): ThresholdTarget {
  const name = `"${product}" in ${file}`;
  return {
    name,
    ssm: false,
    where: () => Promise.resolve(name),
    read: async () => {
      const content = await readThresholdsObject(file);
      if (content === undefined || !Object.hasOwn(content, product)) return undefined;
      const value = content[product];
      return { value: typeof value === 'string' ? value : (stringifyJsonLosslessly(value) ?? String(value)), type: 'file' };
    },
    write: (value) => writeFileThreshold(file, product, value, io),
    remove: () => removeFileThreshold(file, product),
    close: () => undefined,
  };
}

/** An AWS failure as one `error:` line with what to do (exit code 1). */
async function aws<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(withAwsHint(error), 1, { cause: error });
  }
}

/**
 * The current value for `get` and `delete`: a missing one is an error (exit code 1; 2 when the name is only
 * misspelt, naming the right one), and a SecureString's value is never shown.
 */
export async function readExisting(product: string, target: ThresholdTarget): Promise<StoredValue> {
  const stored = await target.read();
  if (stored === undefined) {
    const right = productSpelling(product);
    if (right !== undefined) throw new UsageError(`there is no threshold ${target.name}: Telnyx spells the product "${right}"`);
    throw new CliError(`there is no threshold ${target.name}: thresholds set ${product} VALUE creates it (thresholds validate lists those there are)`);
  }
  if (stored.type === SECURE_STRING) {
    throw new CliError(`${target.name} is a SecureString, and a SecureString is not a threshold: its value is not shown, and it is left alone`);
  }
  return stored;
}
