import { Aws, CfnOutput, DefaultStackSynthesizer, Duration, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { GitHubDeployConfig } from './stack-context';

export interface GitHubDeployStackProps extends StackProps {
  readonly config: GitHubDeployConfig;
}

export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
export const BOOTSTRAP_QUALIFIER_CONTEXT = '@aws-cdk/core:bootstrapQualifier';

/**
 * Lets GitHub Actions deploy, from this repository's main branch only, and only by assuming the CDK
 * bootstrap roles: what a deploy may change is then decided by the bootstrap (its execution policy),
 * not by this role. Deployed once by hand; the workflow deploys only the application stack.
 */
export class GitHubDeployStack extends Stack {
  readonly deployRole: iam.Role;
  readonly provider: iam.IOidcProvider;

  constructor(scope: Construct, id: string, props: GitHubDeployStackProps) {
    super(scope, id, {
      description: 'GitHub Actions OIDC trust and deploy role for the Telnyx cost alert',
      ...props,
    });
    const { config } = props;

    // An account holds one provider per issuer URL: reuse it when it already exists.
    this.provider = config.existingOidcProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, 'GitHubProvider', config.existingOidcProviderArn)
      : new iam.OidcProviderNative(this, 'GitHubProvider', {
          url: `https://${GITHUB_OIDC_ISSUER}`,
          clientIds: [GITHUB_OIDC_AUDIENCE],
        });

    // A job that names a GitHub environment gets the subject repo:o/r:environment:<name> instead of the
    // branch. Without githubEnvironment the role trusts main, and the deploy workflow names no environment;
    // with it, only jobs of that environment (whose protection rules GitHub enforces) may deploy.
    const repository = `${config.owner}/${config.repository}`;
    const subject = config.environment === undefined ? `repo:${repository}:ref:refs/heads/main` : `repo:${repository}:environment:${config.environment}`;
    this.deployRole = new iam.Role(this, 'DeployRole', {
      description:
        config.environment === undefined
          ? `GitHub Actions deploys from ${repository} main`
          : `GitHub Actions deploys from ${repository} environment ${config.environment}`,
      assumedBy: new iam.WebIdentityPrincipal(this.provider.oidcProviderArn, {
        StringEquals: {
          [`${GITHUB_OIDC_ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE,
          [`${GITHUB_OIDC_ISSUER}:sub`]: subject,
        },
      }),
      maxSessionDuration: Duration.hours(1),
    });

    // The two bootstrap roles a deploy of this app uses (it has no container image and no context lookups), of the
    // app's own bootstrap qualifier, in this account and region: nothing else.
    const qualifier = bootstrapQualifier(this);
    this.deployRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeCdkBootstrapRoles',
        actions: ['sts:AssumeRole'],
        resources: CDK_ROLES_FOR_DEPLOY.map(
          (role) => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/cdk-${qualifier}-${role}-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
        ),
      }),
    );
    // The value of the AWS_DEPLOY_ROLE_ARN repository variable.
    new CfnOutput(this, 'DeployRoleArn', { value: this.deployRole.roleArn });
  }
}

/** The bootstrap roles `cdk deploy` assumes for this app: CloudFormation through the deploy role, assets through file publishing. */
export const CDK_ROLES_FOR_DEPLOY = ['deploy-role', 'file-publishing-role'] as const;

/** The bootstrap qualifier the app deploys with: cdk.json's @aws-cdk/core:bootstrapQualifier, else CDK's default. */
export function bootstrapQualifier(scope: Construct): string {
  const value: unknown = scope.node.tryGetContext(BOOTSTRAP_QUALIFIER_CONTEXT);
  return typeof value === 'string' && value !== '' ? value : DefaultStackSynthesizer.DEFAULT_QUALIFIER;
}
