/** The destinations list from its SecureString parameter, read on every invocation (an edit applies to the next alert). */
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { DestinationsSource } from '../ports';

/** Says which parameter and what to do; never carries the parameter's value. */
export class DestinationsReadError extends Error {
  override readonly name = 'DestinationsReadError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export class SsmDestinations implements DestinationsSource {
  readonly description: string;

  constructor(
    private readonly ssm: SSMClient,
    private readonly parameterName: string,
  ) {
    this.description = `the SSM parameter ${parameterName}`;
  }

  async load(): Promise<string> {
    const name = this.parameterName;
    let value: string | undefined;
    try {
      value = (await this.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
    } catch (error) {
      // The SDK's error describes the request, never the decrypted value, so it is safe as the cause.
      throw new DestinationsReadError(readFailure(name, error), { cause: error });
    }
    if (value === undefined || value.trim() === '') {
      throw new DestinationsReadError(`${name} is empty: store the destinations list in it (a JSON list, see docs/destinations.md)`);
    }
    return value;
  }
}

function readFailure(name: string, error: unknown): string {
  switch (error instanceof Error ? error.name : undefined) {
    case 'ParameterNotFound':
      return `${name} does not exist: create it: aws ssm put-parameter --type SecureString --name ${name} --value file://destinations.json`;
    case 'AccessDeniedException':
      return `the relay may not read ${name}: grant ssm:GetParameter on it (and kms:Decrypt through SSM on its key)`;
    case 'InvalidKeyId':
      return `${name} is encrypted with a KMS key that is missing or disabled: enable the key or store the parameter again`;
    case 'ThrottlingException':
      return `SSM throttled reading ${name}: Lambda retries the invocation`;
    default:
      return `could not read ${name}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
