import { Validations } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readCostAlertConfig, readGitHubDeployConfig } from './config';
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
  const costAlert = new CostAlertStack(app, config.stackName, { config });
  const gitHub = readGitHubDeployConfig(context);
  const gitHubDeploy = gitHub && new GitHubDeployStack(app, `${config.stackName}GitHubDeploy`, { config: gitHub });
  return { costAlert, ...(gitHubDeploy ? { gitHubDeploy } : {}) };
}

/** cdk-nag's AWS Solutions pack as a synth-time validation: an unacknowledged finding fails synthesis. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
