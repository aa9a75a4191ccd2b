/** Thresholds in SSM Parameter Store: one parameter per product under a path, read fresh on every run. */
import { GetParametersByPathCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { RawParameter } from '../domain/types';
import type { ThresholdStore } from '../ports';

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

  async load(): Promise<RawParameter[]> {
    const parameters: RawParameter[] = [];
    let nextToken: string | undefined;
    try {
      // A plain loop rather than paginateGetParametersByPath: SSM may answer a short or even empty page
      // with a NextToken, so only the token's absence ends the listing; and each call gets its own input.
      do {
        const page = await this.ssm.send(
          new GetParametersByPathCommand({
            Path: this.path,
            Recursive: true,
            WithDecryption: true,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const parameter of page.Parameters ?? []) {
          if (parameter.Name !== undefined && parameter.Value !== undefined) {
            parameters.push({ name: parameter.Name, value: parameter.Value });
          }
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

/** Writes one threshold (the CLI's `thresholds set`): plain String, replacing any earlier value. */
export async function putThreshold(ssm: SSMClient, name: string, value: string): Promise<void> {
  try {
    await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true }));
  } catch (error) {
    throw new ThresholdStoreError(writeFailure(name, error), { cause: error });
  }
}

function readFailure(path: string, error: unknown): string {
  switch (errorName(error)) {
    case 'AccessDeniedException':
      return `the function may not read ${path}: grant ssm:GetParametersByPath on it (and kms:Decrypt for SecureString thresholds)`;
    case 'ThrottlingException':
      return `SSM throttled reading ${path}: the next scheduled run reads it again; raise the schedule's interval if this repeats`;
    case 'InvalidKeyId':
      return `a threshold under ${path} is encrypted with a KMS key that is missing or disabled: store it again as String or with a usable key`;
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
