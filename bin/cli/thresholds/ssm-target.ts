/** Where a write or a delete lands, said before it happens: the parameter, the region and the account. */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { isNetworkError, withAwsHint } from '../cli-io';
import { messageOf } from '../../../functions/cost-alert/domain/error-text';

/**
 * `SSM parameter /telnyx-cost-alert/thresholds/messaging in us-east-1, account 123456789012`. The region is the
 * SSM client's own (from AWS_REGION or the profile); the account comes from STS GetCallerIdentity, needs no
 * permission and is only shown: when it cannot be read the write still goes ahead (SSM then says what is wrong).
 */
export async function describeTarget(ssm: SSMClient, name: string, what = 'SSM parameter'): Promise<string> {
  let region: string;
  try {
    region = await ssm.config.region();
  } catch (error) {
    // A dry run still shows the rest; a write then fails with the same hint from SSM.
    return `${what} ${name} in no region yet (${withAwsHint(error)})`;
  }
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({ region });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    return `${what} ${name} in ${region}, account ${identity.Account ?? 'unknown'}`;
  } catch (error) {
    // Only shown: an STS endpoint out of reach says nothing about SSM's, so no network hint here.
    return `${what} ${name} in ${region}, account unknown (${isNetworkError(error) ? messageOf(error) : withAwsHint(error)})`;
  } finally {
    sts.destroy();
  }
}
