/**
 * The concrete requests the boundary and the execution policy are judged on: what the function, the scheduler, the
 * GitHub deploy role and CloudFormation must be able to do, and what a merged commit must not get, for an app
 * deployed with `names`.
 */
import type { PolicyNames } from '../../lib/deploy-policies';
import { ACCOUNT, type AwsRequest, bootstrapTrustPolicy, keyPolicy, OTHER_ACCOUNT, openPolicy, REGION, type Verdict } from './iam-simulation';

export interface Case {
  readonly name: string;
  readonly request: AwsRequest;
  readonly expected: Verdict;
}

const slash = (name: string) => (name.startsWith('/') ? name : `/${name}`);
export const parameter = (name: string, account = ACCOUNT) => `arn:aws:ssm:${REGION}:${account}:parameter${slash(name)}`;
export const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
export const bootstrapRole = (qualifier: string, kind: string, account = ACCOUNT) => role(`cdk-${qualifier}-${kind}-${account}-${REGION}`, account);
export const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OPERATORS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0000aaaa-11bb-22cc-33dd-444455556666`;

/** The app's roles and resources, named as CloudFormation names them (`<stack>-<logical id>-<suffix>`). */
export function app(names: PolicyNames) {
  const stack = names.stackName;
  return {
    check: role(`${stack}-CheckRole8E91A0E7-AbCdEf123456`),
    scheduler: role(`${stack}-SchedulerRoleForTarget4d20bd-XyZ987654321`),
    deployRole: role(`${stack}GitHubDeploy-DeployRole885297C3-QwErTy123456`),
    topic: `arn:aws:sns:${REGION}:${ACCOUNT}:${stack}-AlertsTopicCF7C81C9-AbC123`,
    ledger: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${stack}-LedgerB7379752-AbC123`,
    logStream: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${stack}-CheckLogsAAAFC745-AbC123:log-stream:2026/11/26/[$LATEST]0a1b2c`,
    function: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${stack}-CheckFunction82225D96-AbC123`,
    queue: `arn:aws:sqs:${REGION}:${ACCOUNT}:${stack}-FailedInvocationsED025904-AbC123`,
    parentOfThresholds: slash(names.thresholdsPath).split('/').slice(0, -1).join('/') || '/',
  };
}

export const viaSsm = (name: string) => ({ 'kms:ViaService': `ssm.${REGION}.amazonaws.com`, 'kms:EncryptionContext:PARAMETER_ARN': parameter(name) });
const viaSns = { 'kms:ViaService': `sns.${REGION}.amazonaws.com` };

/** A role that grants itself everything, bounded by the permissions boundary. */
export function boundaryCases(names: PolicyNames): Case[] {
  const a = app(names);
  const q = names.qualifier;
  const allowed = (name: string, request: AwsRequest): Case => ({ name, request, expected: 'allowed' });
  const denied = (name: string, request: AwsRequest): Case => ({ name, request, expected: 'denied' });
  return [
    allowed('function lists the thresholds', { principal: a.check, action: 'ssm:GetParametersByPath', resource: parameter(names.thresholdsPath) }),
    allowed('function reads the API key', { principal: a.check, action: 'ssm:GetParameter', resource: parameter(names.apiKeyParameter) }),
    allowed('function decrypts the API key through SSM', {
      principal: a.check,
      action: 'kms:Decrypt',
      resource: KEY,
      context: viaSsm(names.apiKeyParameter),
      resourcePolicy: keyPolicy(),
    }),
    allowed('function publishes to the alert topic', { principal: a.check, action: 'sns:Publish', resource: a.topic }),
    allowed('function gets a data key for the topic through SNS', {
      principal: a.check,
      action: 'kms:GenerateDataKey',
      resource: KEY,
      context: viaSns,
      resourcePolicy: keyPolicy(),
    }),
    allowed('function claims an alert in the ledger', { principal: a.check, action: 'dynamodb:PutItem', resource: a.ledger }),
    allowed('function writes its logs', { principal: a.check, action: 'logs:PutLogEvents', resource: a.logStream }),
    allowed('scheduler invokes the function', { principal: a.scheduler, action: 'lambda:InvokeFunction', resource: a.function }),
    allowed('scheduler parks an undelivered event', { principal: a.scheduler, action: 'sqs:SendMessage', resource: a.queue }),
    allowed('deploy role assumes the bootstrap deploy role', {
      principal: a.deployRole,
      action: 'sts:AssumeRole',
      resource: bootstrapRole(q, 'deploy-role'),
      resourcePolicy: bootstrapTrustPolicy(),
    }),
    allowed('deploy role assumes the bootstrap file-publishing role', {
      principal: a.deployRole,
      action: 'sts:AssumeRole',
      resource: bootstrapRole(q, 'file-publishing-role'),
      resourcePolicy: bootstrapTrustPolicy(),
    }),
    denied('function reads another parameter of the account', {
      principal: a.check,
      action: 'ssm:GetParameter',
      resource: parameter('/prod/database/password'),
    }),
    denied('function reads one parameter under the thresholds path', {
      principal: a.check,
      action: 'ssm:GetParameter',
      resource: parameter(`${names.thresholdsPath}/voice`),
    }),
    denied('function lists the path above the thresholds', {
      principal: a.check,
      action: 'ssm:GetParametersByPath',
      resource: parameter(a.parentOfThresholds),
    }),
    denied('function decrypts with the key directly, not through SSM', {
      principal: a.check,
      action: 'kms:Decrypt',
      resource: KEY,
      context: { 'kms:EncryptionContext:PARAMETER_ARN': parameter(names.apiKeyParameter) },
      resourcePolicy: keyPolicy(),
    }),
    denied('function decrypts another parameter through SSM', {
      principal: a.check,
      action: 'kms:Decrypt',
      resource: KEY,
      context: viaSsm('/prod/database/password'),
      resourcePolicy: keyPolicy(),
    }),
    denied('function decrypts through SSM of another region', {
      principal: a.check,
      action: 'kms:Decrypt',
      resource: KEY,
      context: { ...viaSsm(names.apiKeyParameter), 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' },
      resourcePolicy: keyPolicy(),
    }),
    denied("function decrypts with another account's key", {
      principal: a.check,
      action: 'kms:Decrypt',
      resource: KEY.replace(ACCOUNT, OTHER_ACCOUNT),
      context: viaSsm(names.apiKeyParameter),
      resourcePolicy: openPolicy('kms:*', '*'),
    }),
    denied('function gets a data key with the topic key directly', {
      principal: a.check,
      action: 'kms:GenerateDataKey',
      resource: KEY,
      resourcePolicy: keyPolicy(),
    }),
    denied('function manages its topic key (PutKeyPolicy)', { principal: a.check, action: 'kms:PutKeyPolicy', resource: KEY, resourcePolicy: keyPolicy() }),
    denied('function publishes to another topic of the account', {
      principal: a.check,
      action: 'sns:Publish',
      resource: `arn:aws:sns:${REGION}:${ACCOUNT}:billing-notices`,
    }),
    denied("function publishes to another account's open topic named like the app's", {
      principal: a.check,
      action: 'sns:Publish',
      resource: a.topic.replace(ACCOUNT, OTHER_ACCOUNT),
      resourcePolicy: openPolicy('sns:Publish', a.topic.replace(ACCOUNT, OTHER_ACCOUNT)),
    }),
    denied("function writes to another account's open table named like the ledger", {
      principal: a.check,
      action: 'dynamodb:PutItem',
      resource: a.ledger.replace(ACCOUNT, OTHER_ACCOUNT),
      resourcePolicy: openPolicy('dynamodb:PutItem', a.ledger.replace(ACCOUNT, OTHER_ACCOUNT)),
    }),
    denied('function assumes the bootstrap deploy role', {
      principal: a.check,
      action: 'sts:AssumeRole',
      resource: bootstrapRole(q, 'deploy-role'),
      resourcePolicy: bootstrapTrustPolicy(),
    }),
    denied('scheduler assumes the bootstrap deploy role', {
      principal: a.scheduler,
      action: 'sts:AssumeRole',
      resource: bootstrapRole(q, 'deploy-role'),
      resourcePolicy: bootstrapTrustPolicy(),
    }),
    denied("deploy role assumes another account's deploy role", {
      principal: a.deployRole,
      action: 'sts:AssumeRole',
      resource: bootstrapRole(q, 'deploy-role', OTHER_ACCOUNT),
      resourcePolicy: bootstrapTrustPolicy(ACCOUNT),
    }),
    denied("deploy role assumes another qualifier's deploy role", {
      principal: a.deployRole,
      action: 'sts:AssumeRole',
      resource: bootstrapRole('otherapp1', 'deploy-role'),
      resourcePolicy: bootstrapTrustPolicy(),
    }),
    denied('deploy role assumes the bootstrap lookup role', {
      principal: a.deployRole,
      action: 'sts:AssumeRole',
      resource: bootstrapRole(q, 'lookup-role'),
      resourcePolicy: bootstrapTrustPolicy(),
    }),
    denied('deploy role assumes the CloudFormation execution role', {
      principal: a.deployRole,
      action: 'sts:AssumeRole',
      resource: bootstrapRole(q, 'cfn-exec-role'),
      resourcePolicy: bootstrapTrustPolicy(),
    }),
  ];
}

/** CloudFormation's execution role, with the execution policy as its only policy. */
export function executionCases(names: PolicyNames): Case[] {
  const a = app(names);
  const exec = role(`cdk-${names.qualifier}-cfn-exec-role-${ACCOUNT}-${REGION}`);
  const appTag = { 'aws:ResourceTag/telnyx-cost-alert': names.stackName };
  const boundary = `arn:aws:iam::${ACCOUNT}:policy/${names.boundaryName}`;
  const kms = (action: string, resource: string, context: Record<string, string | string[]> = {}): AwsRequest => ({
    principal: exec,
    action,
    resource,
    context,
    ...(resource === '*' ? {} : { resourcePolicy: keyPolicy() }),
  });
  const newRole = role(`${names.stackName}-CheckRole8E91A0E7-AbCdEf123456`);
  const allowed = (name: string, request: AwsRequest): Case => ({ name, request, expected: 'allowed' });
  const denied = (name: string, request: AwsRequest): Case => ({ name, request, expected: 'denied' });
  return [
    allowed(
      "creates the topic key tagged as the app's",
      kms('kms:CreateKey', '*', { 'aws:RequestTag/telnyx-cost-alert': names.stackName, 'aws:TagKeys': ['telnyx-cost-alert'] }),
    ),
    allowed('turns on rotation of the new key (its tag may not be in effect yet)', kms('kms:EnableKeyRotation', KEY)),
    allowed("changes the app key's policy", kms('kms:PutKeyPolicy', KEY, appTag)),
    allowed('schedules the app key for deletion', kms('kms:ScheduleKeyDeletion', KEY, appTag)),
    allowed(
      'tags the app key, keeping its tag',
      kms('kms:TagResource', KEY, { ...appTag, 'aws:RequestTag/telnyx-cost-alert': names.stackName, 'aws:TagKeys': ['telnyx-cost-alert'] }),
    ),
    allowed("creates a role inside the app's boundary", {
      principal: exec,
      action: 'iam:CreateRole',
      resource: newRole,
      context: { 'iam:PermissionsBoundary': boundary },
    }),
    allowed('passes a role to Lambda', {
      principal: exec,
      action: 'iam:PassRole',
      resource: newRole,
      context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    }),
    allowed('lists log groups (no resource type)', { principal: exec, action: 'logs:DescribeLogGroups', resource: '*' }),
    allowed('creates the alert topic', { principal: exec, action: 'sns:CreateTopic', resource: a.topic }),
    allowed('creates the ledger table', { principal: exec, action: 'dynamodb:CreateTable', resource: a.ledger }),
    denied("changes the policy of the operator's untagged API-key key", kms('kms:PutKeyPolicy', OPERATORS_KEY)),
    denied('schedules an untagged key for deletion', kms('kms:ScheduleKeyDeletion', OPERATORS_KEY)),
    denied('disables an untagged key', kms('kms:DisableKey', OPERATORS_KEY)),
    denied(
      "tags an untagged key as the app's",
      kms('kms:TagResource', OPERATORS_KEY, { 'aws:RequestTag/telnyx-cost-alert': names.stackName, 'aws:TagKeys': ['telnyx-cost-alert'] }),
    ),
    denied("changes the policy of another app's key", kms('kms:PutKeyPolicy', OPERATORS_KEY, { 'aws:ResourceTag/telnyx-cost-alert': 'SomeoneElse' })),
    denied('creates an untagged key', kms('kms:CreateKey', '*')),
    denied('decrypts with the app key', kms('kms:Decrypt', KEY, appTag)),
    denied('reads the API key', { principal: exec, action: 'ssm:GetParameter', resource: parameter(names.apiKeyParameter) }),
    denied('creates a role without the boundary', { principal: exec, action: 'iam:CreateRole', resource: newRole }),
    denied('creates a role inside another boundary', {
      principal: exec,
      action: 'iam:CreateRole',
      resource: newRole,
      context: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess` },
    }),
    denied('passes a role to EC2', { principal: exec, action: 'iam:PassRole', resource: newRole, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } }),
    denied('assumes the bootstrap deploy role', {
      principal: exec,
      action: 'sts:AssumeRole',
      resource: bootstrapRole(names.qualifier, 'deploy-role'),
      resourcePolicy: bootstrapTrustPolicy(),
    }),
  ];
}
