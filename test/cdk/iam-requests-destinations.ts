/**
 * The concrete requests of the chat channels (AWS Chatbot) and the alert relay (destinations=true): what the relay's
 * role must do at run time under the boundary, what CloudFormation must do to deploy them under the execution policy
 * and its second part (.github/cdk-execution-policy-destinations.json), and what a merged commit must not get.
 */
import type { PolicyNames } from '../../lib/deploy-policies';
import { app, type Case, KEY, parameter, role, viaSsm } from './iam-requests';
import { ACCOUNT, type AwsRequest, keyPolicy, OTHER_ACCOUNT, openPolicy, REGION } from './iam-simulation';

const allowed = (name: string, request: AwsRequest): Case => ({ name, request, expected: 'allowed' });
const denied = (name: string, request: AwsRequest): Case => ({ name, request, expected: 'denied' });

/** The relay's and the channels' resources, named as CloudFormation and lib/chat-channels.ts name them. */
function routes(names: PolicyNames) {
  const stack = names.stackName;
  const chat = (type: string, name: string) => `arn:aws:chatbot::${ACCOUNT}:chat-configuration/${type}/${name}`;
  return {
    relayRole: role(`${stack}-AlertRelayRoleD01EED10-AbCdEf123456`),
    relay: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${stack}-AlertRelayFunction6F9054E0-AbC123`,
    relayQueue: `arn:aws:sqs:${REGION}:${ACCOUNT}:${stack}-AlertRelayFailedDeliveries47C3123C-AbC123`,
    relayLogStream: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${stack}-AlertRelayLogs6FD96A55-AbC123:log-stream:2026/12/04/[$LATEST]0a1b2c`,
    relayAlarm: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${stack}-alert-relay-failed`,
    channelRole: role(`${stack}-ChatRole7392D60B-AbCdEf123456`),
    slack: chat('slack-channel', `${stack}-slack`),
    teams: chat('microsoft-teams-channel', `${stack}-teams`),
    otherSlack: chat('slack-channel', 'ops-admin'),
    otherTeams: chat('microsoft-teams-channel', 'security-admin'),
  };
}

/** A role that grants itself everything, bounded by the permissions boundary: the relay, and the channels' role. */
export function relayBoundaryCases(names: PolicyNames): Case[] {
  const r = routes(names);
  const a = app(names);
  const relay = (action: string, resource: string, rest: Partial<AwsRequest> = {}): AwsRequest => ({ principal: r.relayRole, action, resource, ...rest });
  const destinations = parameter(names.destinationsParameter);
  return [
    allowed('relay reads its destinations', relay('ssm:GetParameter', destinations)),
    allowed('relay reads the API key (telnyx-sms)', relay('ssm:GetParameter', parameter(names.apiKeyParameter))),
    allowed(
      'relay decrypts its destinations through SSM',
      relay('kms:Decrypt', KEY, { context: viaSsm(names.destinationsParameter), resourcePolicy: keyPolicy() }),
    ),
    allowed('relay decrypts the API key through SSM', relay('kms:Decrypt', KEY, { context: viaSsm(names.apiKeyParameter), resourcePolicy: keyPolicy() })),
    allowed('relay remembers a delivery in the ledger', relay('dynamodb:PutItem', a.ledger)),
    allowed('relay reads a delivery back from the ledger', relay('dynamodb:GetItem', a.ledger)),
    allowed('relay writes its logs', relay('logs:PutLogEvents', r.relayLogStream)),
    allowed('Lambda parks a failed relay event in its queue, as the relay role', relay('sqs:SendMessage', r.relayQueue)),
    denied('relay reads another parameter of the account', relay('ssm:GetParameter', parameter('/prod/database/password'))),
    denied("relay reads another account's open parameter named like its destinations", {
      ...relay('ssm:GetParameter', parameter(names.destinationsParameter, OTHER_ACCOUNT)),
      resourcePolicy: openPolicy('ssm:GetParameter', parameter(names.destinationsParameter, OTHER_ACCOUNT)),
    }),
    denied('relay decrypts its destinations with the key directly, not through SSM', {
      ...relay('kms:Decrypt', KEY, { resourcePolicy: keyPolicy() }),
      context: { 'kms:EncryptionContext:PARAMETER_ARN': destinations },
    }),
    denied(
      'relay decrypts another parameter through SSM',
      relay('kms:Decrypt', KEY, { context: viaSsm('/prod/database/password'), resourcePolicy: keyPolicy() }),
    ),
    denied("relay decrypts its destinations with another account's key", {
      ...relay('kms:Decrypt', KEY.replace(ACCOUNT, OTHER_ACCOUNT), { context: viaSsm(names.destinationsParameter) }),
      resourcePolicy: openPolicy('kms:*', '*'),
    }),
    denied("relay sends to another account's open queue named like its own", {
      ...relay('sqs:SendMessage', r.relayQueue.replace(ACCOUNT, OTHER_ACCOUNT)),
      resourcePolicy: openPolicy('sqs:SendMessage', r.relayQueue.replace(ACCOUNT, OTHER_ACCOUNT)),
    }),
    denied('relay changes its destinations', relay('ssm:PutParameter', destinations)),
    denied('channel role reads another parameter of the account', {
      principal: r.channelRole,
      action: 'ssm:GetParameter',
      resource: parameter('/prod/database/password'),
    }),
    denied('channel role changes the alert topic', { principal: r.channelRole, action: 'sns:SetTopicAttributes', resource: a.topic }),
  ];
}

/** CloudFormation's execution role with both execution policies: what deploying the relay and the channels takes. */
export function destinationsCases(names: PolicyNames): Case[] {
  const r = routes(names);
  const a = app(names);
  const exec = role(`cdk-${names.qualifier}-cfn-exec-role-${ACCOUNT}-${REGION}`);
  const cfn = (action: string, resource: string, context?: Record<string, string | string[]>): AwsRequest => ({
    principal: exec,
    action,
    resource,
    ...(context ? { context } : {}),
  });
  const boundary = `arn:aws:iam::${ACCOUNT}:policy/${names.boundaryName}`;
  const chatbotLinkedRole = role('aws-service-role/management.chatbot.amazonaws.com/AWSServiceRoleForAWSChatbot');
  return [
    allowed('creates the relay function', cfn('lambda:CreateFunction', r.relay)),
    allowed('lets SNS invoke the relay', cfn('lambda:AddPermission', r.relay, { 'lambda:Principal': 'sns.amazonaws.com' })),
    allowed("removes the relay's invoke permission", cfn('lambda:RemovePermission', r.relay)),
    allowed('subscribes the relay to the alert topic', cfn('sns:Subscribe', a.topic)),
    allowed("creates the relay's on-failure queue", cfn('sqs:CreateQueue', r.relayQueue)),
    allowed("sets the relay's on-failure destination", cfn('lambda:PutFunctionEventInvokeConfig', r.relay)),
    allowed("creates the relay's alarm", cfn('cloudwatch:PutMetricAlarm', r.relayAlarm)),
    allowed("creates the relay's role inside the boundary", cfn('iam:CreateRole', r.relayRole, { 'iam:PermissionsBoundary': boundary })),
    allowed('passes the relay role to Lambda', cfn('iam:PassRole', r.relayRole, { 'iam:PassedToService': 'lambda.amazonaws.com' })),
    allowed("creates the channels' role inside the boundary", cfn('iam:CreateRole', r.channelRole, { 'iam:PermissionsBoundary': boundary })),
    allowed("passes the channels' role to Chatbot", cfn('iam:PassRole', r.channelRole, { 'iam:PassedToService': 'chatbot.amazonaws.com' })),
    allowed(
      "creates Chatbot's service-linked role",
      cfn('iam:CreateServiceLinkedRole', chatbotLinkedRole, { 'iam:AWSServiceName': 'management.chatbot.amazonaws.com' }),
    ),
    allowed('creates the Slack channel configuration', cfn('chatbot:CreateSlackChannelConfiguration', '*')),
    allowed('creates the Teams channel configuration', cfn('chatbot:CreateMicrosoftTeamsChannelConfiguration', '*')),
    allowed('updates the Slack channel configuration', cfn('chatbot:UpdateSlackChannelConfiguration', r.slack)),
    allowed('deletes the Teams channel configuration', cfn('chatbot:DeleteMicrosoftTeamsChannelConfiguration', r.teams)),
    allowed('reads the Teams channel configuration back', cfn('chatbot:GetMicrosoftTeamsChannelConfiguration', '*')),
    allowed("lists the Slack configuration's associations", cfn('chatbot:ListAssociations', r.slack)),
    denied('lets anyone invoke the relay', cfn('lambda:AddPermission', r.relay, { 'lambda:Principal': '*' })),
    denied('lets another account invoke the relay', cfn('lambda:AddPermission', r.relay, { 'lambda:Principal': OTHER_ACCOUNT })),
    denied(
      "lets SNS invoke another app's function",
      cfn('lambda:AddPermission', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:billing-export`, { 'lambda:Principal': 'sns.amazonaws.com' }),
    ),
    denied("updates another team's Slack channel configuration (its guardrail, its role)", cfn('chatbot:UpdateSlackChannelConfiguration', r.otherSlack)),
    denied("deletes another team's Teams channel configuration", cfn('chatbot:DeleteMicrosoftTeamsChannelConfiguration', r.otherTeams)),
    denied("passes another app's role to Chatbot", cfn('iam:PassRole', role('ops-chatbot-admin'), { 'iam:PassedToService': 'chatbot.amazonaws.com' })),
    denied("passes the channels' role to EC2", cfn('iam:PassRole', r.channelRole, { 'iam:PassedToService': 'ec2.amazonaws.com' })),
    denied('creates a role for Chatbot without the boundary', cfn('iam:CreateRole', r.channelRole)),
    denied(
      "creates another service's linked role",
      cfn('iam:CreateServiceLinkedRole', role('aws-service-role/elasticmapreduce.amazonaws.com/AWSServiceRoleForEMRCleanup'), {
        'iam:AWSServiceName': 'elasticmapreduce.amazonaws.com',
      }),
    ),
    denied('reads the destinations', cfn('ssm:GetParameter', parameter(names.destinationsParameter))),
    denied('invokes the relay', cfn('lambda:InvokeFunction', r.relay)),
  ];
}

/** The same deploy with the execution policy alone: the chat channels and the relay need the second part. */
export function withoutDestinationsCases(names: PolicyNames): Case[] {
  const r = routes(names);
  const exec = role(`cdk-${names.qualifier}-cfn-exec-role-${ACCOUNT}-${REGION}`);
  return [
    denied('lets SNS invoke the relay', {
      principal: exec,
      action: 'lambda:AddPermission',
      resource: r.relay,
      context: { 'lambda:Principal': 'sns.amazonaws.com' },
    }),
    denied('creates the Slack channel configuration', { principal: exec, action: 'chatbot:CreateSlackChannelConfiguration', resource: '*' }),
    denied("passes the channels' role to Chatbot", {
      principal: exec,
      action: 'iam:PassRole',
      resource: r.channelRole,
      context: { 'iam:PassedToService': 'chatbot.amazonaws.com' },
    }),
  ];
}
