/** Where the CLI reads a destinations list: a local JSON file, or the SecureString parameter the relay reads. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { DestinationsSource } from '../../functions/alert-relay/ports';
import { CliError, type CliIo, withAwsHint } from './cli-io';
import { messageOf } from '../../functions/cost-alert/domain/error-text';

export interface OpenedDestinations {
  readonly source: DestinationsSource;
  close(): void;
}

export function fileDestinations(file: string, io: CliIo): OpenedDestinations {
  const path = resolve(io.cwd ?? process.cwd(), file);
  return {
    source: {
      description: `the file ${file}`,
      async load() {
        try {
          return await readFile(path, 'utf8');
        } catch (error) {
          throw new CliError(`cannot read the destinations file ${file}: ${messageOf(error)}`, 1, { cause: error });
        }
      },
    },
    close: () => undefined,
  };
}

/** The relay's parameter, read with the default AWS configuration; the AWS SDK loads on the first read. */
export function parameterDestinations(name: string): OpenedDestinations {
  let ssm: SSMClient | undefined;
  return {
    source: {
      description: `the SSM parameter ${name}`,
      async load() {
        try {
          const [{ SSMClient }, { SsmDestinations }] = await Promise.all([
            import('@aws-sdk/client-ssm'),
            import('../../functions/alert-relay/aws/ssm-destinations.js'),
          ]);
          ssm ??= new SSMClient({});
          return await new SsmDestinations(ssm, name).load();
        } catch (error) {
          throw new CliError(withAwsHint(error), 1, { cause: error });
        }
      },
    },
    close: () => ssm?.destroy(),
  };
}
