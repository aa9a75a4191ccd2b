import { Aws } from 'aws-cdk-lib';

export function withLeadingSlash(name: string): string {
  return name.startsWith('/') ? name : `/${name}`;
}

/** SSM writes ARNs with the name's leading slash dropped: parameter/telnyx-cost-alert/api-key. */
export function parameterArn(name: string): string {
  return `arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter${withLeadingSlash(name)}`;
}
