/**
 * CloudFormation replaces a resource whose logical ID changes: a new ledger (its memory of sent alerts lost), a new
 * topic (every email subscriber asked to confirm again), a new key, new alarms. These are the IDs deployed stacks
 * have; a refactoring that moves a resource into another construct must keep them. New resources may be added.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { CHAT_CHANNELS, EXAMPLE_CONTEXT, templatesOf } from './synthesize';

const EVERY_OPTION = {
  ...EXAMPLE_CONTEXT,
  destinations: 'true',
  ...CHAT_CHANNELS,
  githubRepository: 'octo-org/telnyx-cost-alert',
};

/** Deployed logical IDs of the cost-alert stack with every option on (the subscriptions' for the example contacts). */
const COST_ALERT_IDS = {
  'AWS::KMS::Key': ['AlertsKey9E1197AF'],
  'AWS::SNS::Topic': ['AlertsAlarmSmsTopic4A762D49', 'AlertsTopicCF7C81C9'],
  'AWS::SNS::TopicPolicy': ['AlertsAlarmSmsTopicPolicyEE2875CA', 'AlertsTopicPolicyFF1F97BA'],
  'AWS::SNS::Subscription': [
    'AlertRelayFunctionTopic46893F43',
    'AlertsAlarmSms0cbf0194C8EBFAB2',
    'AlertsEmail08168cd83C04D91A',
    'AlertsEmaile8f39b3eB652743E',
    'AlertsSms0cbf0194164C486E',
  ],
  'AWS::DynamoDB::Table': ['LedgerB7379752'],
  'AWS::Logs::LogGroup': ['AlertRelayLogs6FD96A55', 'CheckLogsAAAFC745'],
  'AWS::IAM::Role': ['AlertRelayRoleD01EED10', 'ChatRole7392D60B', 'CheckRole8E91A0E7', 'SchedulerRoleForTarget4d20bdE85F92D6'],
  'AWS::IAM::Policy': ['AlertRelayRoleDefaultPolicyC5AD3179', 'CheckRoleDefaultPolicyF0E9477F', 'SchedulerRoleForTarget4d20bdDefaultPolicyA94BBF70'],
  'AWS::Lambda::Function': ['AlertRelayFunction6F9054E0', 'CheckFunction82225D96'],
  'AWS::Lambda::EventInvokeConfig': ['AlertRelayFunctionEventInvokeConfig05B77FD8', 'CheckFunctionEventInvokeConfigB122F344'],
  'AWS::Lambda::Permission': ['AlertRelayFunctionAllowInvokeTelnyxCostAlertAlertsTopic34471EEEAF873FA1'],
  'AWS::SQS::Queue': ['AlertRelayFailedDeliveries47C3123C', 'FailedInvocationsED025904'],
  'AWS::SQS::QueuePolicy': ['AlertRelayFailedDeliveriesPolicy96E01D40', 'FailedInvocationsPolicyBC382FC3'],
  'AWS::Scheduler::Schedule': ['DigestSchedule04981770', 'Schedule83A77FD1'],
  'AWS::CloudWatch::Alarm': [
    'AlertRelayFailed415FBAF6',
    'AlertRelayUndeliveredD087E0AA',
    'CheckErrors0E60B58C',
    'ChecksStopped43734673',
    'ScheduleUndeliveredE91406F3',
  ],
  'AWS::Events::Rule': ['AlarmRecovered38B69CFB'],
  'AWS::CloudWatch::Dashboard': ['Dashboard7A714131'],
  'AWS::Chatbot::SlackChannelConfiguration': ['ChatSlack389A0244'],
  'AWS::Chatbot::MicrosoftTeamsChannelConfiguration': ['ChatTeamsF691A553'],
};

const COST_ALERT_OUTPUTS = [
  'AlertTopicArn',
  'CheckFunctionName',
  'CheckLogGroupName',
  'FailedInvocationsQueueUrl',
  'LedgerTableName',
  'RelayFailedDeliveriesQueueUrl',
  'RelayFunctionName',
  'RelayLogGroupName',
];

/** The logical IDs of each resource type in a template. */
function idsByType(template: Template): Record<string, string[]> {
  const resources = template.toJSON()['Resources'] as Record<string, { Type: string }>;
  const byType: Record<string, string[]> = {};
  for (const [id, { Type }] of Object.entries(resources)) (byType[Type] ??= []).push(id);
  return byType;
}

describe('logical IDs of deployed resources', () => {
  const templates = templatesOf(EVERY_OPTION);
  const costAlert = templates.costAlert;
  const gitHubDeploy = templates.gitHubDeploy!;

  it.each(Object.entries(COST_ALERT_IDS))('the cost-alert stack keeps every %s it had', (type, ids) => {
    // Act
    const found = idsByType(costAlert)[type] ?? [];

    // Assess
    expect(found).toEqual(expect.arrayContaining(ids));
  });

  it('the cost-alert stack keeps its outputs', () => {
    // Act
    const outputs = Object.keys(costAlert.toJSON()['Outputs'] as object);

    // Assess
    expect(outputs).toEqual(expect.arrayContaining(COST_ALERT_OUTPUTS));
  });

  it('the GitHub deploy stack keeps its provider, role and output', () => {
    // Act
    const template = gitHubDeploy.toJSON() as { Resources: object; Outputs: object };

    // Assess
    expect(Object.keys(template.Resources)).toEqual(
      expect.arrayContaining(['DeployRole885297C3', 'DeployRoleDefaultPolicyDC930F96', 'GitHubProviderDD1D07DF']),
    );
    expect(Object.keys(template.Outputs)).toEqual(['DeployRoleArn']);
  });
});
