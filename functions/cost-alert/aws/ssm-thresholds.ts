/** Thresholds in SSM Parameter Store: one parameter per product under a path, read fresh on every run. */
import { DeleteParameterCommand, GetParameterCommand, GetParametersByPathCommand, ParameterType, PutParameterCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { secureStringProblem, thresholdsPathProblem } from '../domain/parameter-paths';
import type { StoredParameter, ThresholdStore } from '../ports';

export class ThresholdStoreError extends Error {
  override readonly name = 'ThresholdStoreError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The API key's parameter, which the path must not hold, and how the reader names its path setting. */
export interface ApiKeyGuard {
  readonly apiKeyParameter: string;
  /** THRESHOLDS_PATH in the function, --thresholds-path in the CLI. */
  readonly setting: string;
}

export class SsmThresholdStore implements ThresholdStore {
  constructor(
    private readonly ssm: SSMClient,
    readonly path: string,
    private readonly guard?: ApiKeyGuard,
  ) {}

  /**
   * Lists the path without decryption. A path that holds the API key's parameter is refused before anything is
   * read from it. A SecureString is not a threshold: it is returned by name with `readError` (its value, clear or
   * encrypted, is dropped here), and every other threshold is still checked.
   */
  async load(): Promise<StoredParameter[]> {
    const refused = this.guard && thresholdsPathProblem(this.guard.setting, this.path, this.guard.apiKeyParameter);
    if (refused) throw new ThresholdStoreError(refused);
    const parameters: StoredParameter[] = [];
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
          if (parameter.Name === undefined || parameter.Value === undefined) continue;
          parameters.push(
            parameter.Type === ParameterType.SECURE_STRING
              ? { name: parameter.Name, value: '', readError: secureStringProblem(parameter.Name, this.path) }
              : { name: parameter.Name, value: parameter.Value },
          );
        }
        nextToken = page.NextToken || undefined;
      } while (nextToken);
    } catch (error) {
      throw new ThresholdStoreError(readFailure(this.path, error), { cause: error });
    }
    return parameters;
  }

  describe(product: string): string {
    return `${this.path}/${product}`;
  }

  get label(): string {
    return `SSM path ${this.path}`;
  }
}

/**
 * Writes one threshold (the CLI's `thresholds set`): plain String, replacing any earlier value, but never a
 * SecureString: one at that name may be a secret (the Telnyx API key under a custom name), and a threshold must
 * not overwrite it. The type is looked up first, without decryption.
 */
export async function putThreshold(ssm: SSMClient, name: string, value: string, tier?: 'Advanced'): Promise<void> {
  let existingType: string | undefined;
  try {
    existingType = (await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: false })))?.Parameter?.Type;
  } catch (error) {
    if (errorName(error) !== 'ParameterNotFound') throw new ThresholdStoreError(typeCheckFailure(name, error), { cause: error });
  }
  if (existingType === ParameterType.SECURE_STRING) {
    throw new ThresholdStoreError(
      `${name} is a SecureString, and a SecureString is not a threshold: it was left as it is (it may be a secret). Write the threshold under another name.`,
    );
  }
  try {
    // The tier only when asked for: the advanced one (8 KB) is billed per parameter and month.
    await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true, ...(tier ? { Tier: tier } : {}) }));
  } catch (error) {
    throw new ThresholdStoreError(writeFailure(name, error), { cause: error });
  }
}

function typeCheckFailure(name: string, error: unknown): string {
  const why = errorName(error) === 'AccessDeniedException' ? `grant ssm:GetParameter on it` : errorMessage(error);
  return `could not check that ${name} is not a SecureString before writing it, so nothing was written: ${why}`;
}

function readFailure(path: string, error: unknown): string {
  switch (errorName(error)) {
    case 'AccessDeniedException':
      return `the function may not read ${path}: grant ssm:GetParametersByPath on it`;
    case 'ThrottlingException':
      return `SSM throttled reading ${path}: the next scheduled run reads it again; raise the schedule's interval if this repeats`;
    default:
      return `could not read the thresholds under ${path}: ${errorMessage(error)}`;
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
