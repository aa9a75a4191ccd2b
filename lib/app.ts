import { Validations } from 'aws-cdk-lib';
import type { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readAlertRoutes, readCostAlertConfig, readGitHubDeployConfig } from './stack-context';
import { CostAlertStack } from './cost-alert-stack';
import { GitHubDeployStack } from './github-deploy-stack';

export interface CostAlertStacks {
  readonly costAlert: CostAlertStack;
  /** Present only when the `githubRepository` context is set. */
  readonly gitHubDeploy?: GitHubDeployStack;
}

/** The app's stacks, from context. Shared by bin/app.ts and the tests so both synthesize the same thing. */
export function addStacks(app: App): CostAlertStacks {
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const config = readCostAlertConfig(context);
  // Environment-agnostic: the template names no account or region (the CLI's guess would be baked in
  // when synthesizing without credentials); deploy decides where it goes.
  const costAlert = new CostAlertStack(app, config.stackName, { config, routes: readAlertRoutes(context) });
  const gitHub = readGitHubDeployConfig(context);
  const gitHubDeploy = gitHub && new GitHubDeployStack(app, `${config.stackName}GitHubDeploy`, { config: gitHub });
  // With the least-privilege execution policy (.github/cdk-execution-policy.json), roles may only be created
  // inside this boundary: a commit cannot give a role more than the app's functions need.
  if (config.permissionsBoundary !== undefined) {
    const stacks: Stack[] = gitHubDeploy ? [costAlert, gitHubDeploy] : [costAlert];
    for (const stack of stacks) {
      iam.PermissionsBoundary.of(stack).apply(iam.ManagedPolicy.fromManagedPolicyName(stack, 'PermissionsBoundary', config.permissionsBoundary));
    }
  }
  return { costAlert, ...(gitHubDeploy ? { gitHubDeploy } : {}) };
}

/** cdk-nag's AWS Solutions pack as a synth-time validation: an unacknowledged finding fails synthesis. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
