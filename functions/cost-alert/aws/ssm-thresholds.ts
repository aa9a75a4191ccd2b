/** Thresholds in SSM Parameter Store: one parameter per product under a path, read fresh on every run. */
import { DeleteParameterCommand, GetParameterCommand, GetParametersByPathCommand, ParameterType, PutParameterCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { StoredParameter, ThresholdStore } from '../ports';

export class ThresholdStoreError extends Error {
  override readonly name = 'ThresholdStoreError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export class SsmThresholdStore implements ThresholdStore {
  constructor(
    private readonly ssm: SSMClient,
    readonly path: string,
  ) {}

  /**
   * Lists the path without decryption, then reads each SecureString on its own with decryption. A decrypting
   * GetParametersByPath fails as a whole when one parameter's key may not be used; this way only that
   * parameter fails, with `readError` saying why, and every other threshold is still checked.
   */
  async load(): Promise<StoredParameter[]> {
    const listed: { name: string; value: string; secure: boolean }[] = [];
    let nextToken: string | undefined;
    try {
      // A plain loop rather than paginateGetParametersByPath: SSM may answer a short or even empty page
      // with a NextToken, so only the token's absence ends the listing; and each call gets its own input.
      do {
        const page = await this.ssm.send(
          new GetParametersByPathCommand({
            Path: this.path,
            Recursive: true,
            WithDecryption: false,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const parameter of page.Parameters ?? []) {
          if (parameter.Name !== undefined && parameter.Value !== undefined) {
            listed.push({ name: parameter.Name, value: parameter.Value, secure: parameter.Type === ParameterType.SECURE_STRING });
          }
        }
        nextToken = page.NextToken || undefined;
      } while (nextToken);
    } catch (error) {
      throw new ThresholdStoreError(readFailure(this.path, error), { cause: error });
    }
    const parameters: StoredParameter[] = [];
    // One at a time: SecureString thresholds are rare, and SSM's GetParameter rate is shared with the API-key read.
    for (const parameter of listed) {
      parameters.push(parameter.secure ? await this.readSecure(parameter.name) : { name: parameter.name, value: parameter.value });
    }
    return parameters;
  }

  private async readSecure(name: string): Promise<StoredParameter> {
    try {
      const answer = await this.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      const value = answer.Parameter?.Value;
      if (value === undefined) return { name, value: '', readError: `${name} could not be read: SSM returned no value` };
      return { name, value };
    } catch (error) {
      return { name, value: '', readError: secureReadFailure(name, error) };
    }
  }

  describe(product: string): string {
    return `${this.path}/${product}`;
  }

  get label(): string {
    return `SSM path ${this.path}`;
  }
}

/** Writes one threshold (the CLI's `thresholds set`): plain String, replacing any earlier value. */
export async function putThreshold(ssm: SSMClient, name: string, value: string, tier?: 'Advanced'): Promise<void> {
  try {
    // The tier only when asked for: the advanced one (8 KB) is billed per parameter and month.
    await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true, ...(tier ? { Tier: tier } : {}) }));
  } catch (error) {
    throw new ThresholdStoreError(writeFailure(name, error), { cause: error });
  }
}

function readFailure(path: string, error: unknown): string {
  switch (errorName(error)) {
    case 'AccessDeniedException':
      return `the function may not read ${path}: grant ssm:GetParametersByPath on it`;
    case 'ThrottlingException':
      return `SSM throttled reading ${path}: the next scheduled run reads it again; raise the schedule's interval if this repeats`;
    case 'InvalidKeyId':
      return `a threshold under ${path} is encrypted with a KMS key that is missing or disabled: store it again as String or with a usable key`;
    default:
      return `could not read the thresholds under ${path}: ${errorMessage(error)}`;
  }
}

function secureReadFailure(name: string, error: unknown): string {
  switch (errorName(error)) {
    case 'AccessDeniedException':
      return `${name} is a SecureString under a KMS key the function may not use, so it is not checked: store it as a String (thresholds are not secret: aws ssm delete-parameter --name ${name}, then set it again) or under the AWS-managed aws/ssm key`;
    case 'InvalidKeyId':
      return `${name} is encrypted with a KMS key that is missing or disabled, so it is not checked: store it again as a String`;
    case 'ParameterNotFound':
      return `${name} was deleted while it was being read; the next run reads the path again`;
    default:
      return `${name} could not be read, so it is not checked: ${errorMessage(error)}`;
  }
}

function writeFailure(name: string, error: unknown): string {
  switch (errorName(error)) {
    case 'AccessDeniedException':
      return `you may not write ${name}: grant ssm:PutParameter on it`;
    case 'ParameterLimitExceeded':
      return `could not write ${name}: the account's parameter limit is reached; delete unused parameters`;
    case 'HierarchyTypeMismatchException':
    case 'UnsupportedParameterType':
      return `could not write ${name} as a String parameter: delete it first (aws ssm delete-parameter --name ${name}) and set it again`;
    default:
      return `could not write ${name}: ${errorMessage(error)}`;
  }
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A parameter as the CLI's `thresholds get | set | delete | apply` see it; a SecureString's value is never read (empty). */
export interface ThresholdParameter {
  readonly name: string;
  readonly value: string;
  /** String, StringList or SecureString. */
  readonly type: string;
}

/** One parameter without decryption, or undefined when it does not exist (the CLI's `thresholds get` and `set`). */
export async function readThreshold(ssm: SSMClient, name: string): Promise<ThresholdParameter | undefined> {
  try {
    const answer = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: false }));
    const parameter = answer?.Parameter;
    if (parameter?.Value === undefined) return undefined;
    return asThresholdParameter(name, parameter.Value, parameter.Type);
  } catch (error) {
    if (errorName(error) === 'ParameterNotFound') return undefined;
    const denied = errorName(error) === 'AccessDeniedException';
    throw new ThresholdStoreError(denied ? `you may not read ${name}: grant ssm:GetParameter on it` : `could not read ${name}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

/** Every parameter under `path` (recursive), without decryption (the CLI's `thresholds apply`). */
export async function listThresholds(ssm: SSMClient, path: string): Promise<ThresholdParameter[]> {
  const parameters: ThresholdParameter[] = [];
  let nextToken: string | undefined;
  try {
    // As in load(): only the token's absence ends the listing.
    do {
      const page = await ssm.send(
        new GetParametersByPathCommand({ Path: path, Recursive: true, WithDecryption: false, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      for (const parameter of page?.Parameters ?? []) {
        if (parameter.Name !== undefined && parameter.Value !== undefined)
          parameters.push(asThresholdParameter(parameter.Name, parameter.Value, parameter.Type));
      }
      nextToken = page?.NextToken || undefined;
    } while (nextToken);
  } catch (error) {
    const denied = errorName(error) === 'AccessDeniedException';
    throw new ThresholdStoreError(denied ? `you may not read ${path}: grant ssm:GetParametersByPath on it` : readFailure(path, error), { cause: error });
  }
  return parameters;
}

/** Deletes one threshold; false when there was none to delete. */
export async function deleteThreshold(ssm: SSMClient, name: string): Promise<boolean> {
  try {
    await ssm.send(new DeleteParameterCommand({ Name: name }));
    return true;
  } catch (error) {
    if (errorName(error) === 'ParameterNotFound') return false;
    const denied = errorName(error) === 'AccessDeniedException';
    throw new ThresholdStoreError(denied ? `you may not delete ${name}: grant ssm:DeleteParameter on it` : `could not delete ${name}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

function asThresholdParameter(name: string, value: string, type: string | undefined): ThresholdParameter {
  const secure = type === ParameterType.SECURE_STRING;
  return { name, value: secure ? '' : value, type: type ?? ParameterType.STRING };
}
