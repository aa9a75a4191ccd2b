/** The Telnyx API key, a SecureString parameter read once per container. */
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';

/** Says which parameter and what to do. Never carries the parameter's value, in its message or its cause. */
export class SecretError extends Error {
  override readonly name = 'SecretError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export class SsmSecret {
  private cached: Promise<string> | undefined;

  constructor(
    private readonly ssm: SSMClient,
    private readonly parameterName: string,
  ) {}

  /** The value, read on first use and kept for the container's life; a failed read is tried again next time. */
  value(): Promise<string> {
    if (!this.cached) {
      const reading = this.read();
      this.cached = reading;
      reading.catch(() => {
        if (this.cached === reading) this.cached = undefined;
      });
    }
    return this.cached;
  }

  /** Drops the cached value, so that the next `value()` reads the parameter again (after Telnyx refused the key: it may have been rotated). */
  forget(): void {
    this.cached = undefined;
  }

  private async read(): Promise<string> {
    const name = this.parameterName;
    let value: string | undefined;
    try {
      const output = await this.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      value = output.Parameter?.Value;
    } catch (error) {
      // The SDK's error describes the request, never the decrypted value, so it is safe as the cause.
      throw new SecretError(readFailure(name, error), { cause: error });
    }
    // A key pasted with a trailing newline would otherwise be refused by Telnyx as a bad key.
    const trimmed = value?.trim();
    if (!trimmed) {
      throw new SecretError(
        `${name} is empty: store the Telnyx API key in it: aws ssm put-parameter --type SecureString --overwrite --name ${name} --value <key>`,
      );
    }
    return trimmed;
  }
}

function readFailure(name: string, error: unknown): string {
  switch (error instanceof Error ? error.name : undefined) {
    case 'ParameterNotFound':
      return `${name} does not exist: create it: aws ssm put-parameter --type SecureString --name ${name} --value <key>`;
    case 'AccessDeniedException':
      return `the function may not read ${name}: grant ssm:GetParameter on it and kms:Decrypt on the key that encrypts it`;
    case 'InvalidKeyId':
      return `${name} is encrypted with a KMS key that is missing or disabled: enable the key or store the parameter again`;
    case 'ThrottlingException':
      return `SSM throttled reading ${name}: the next run tries again`;
    default:
      return `could not read ${name}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
