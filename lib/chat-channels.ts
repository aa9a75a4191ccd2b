/**
 * Slack and Microsoft Teams channels subscribed to the alert topic through AWS Chatbot (Amazon Q Developer in chat
 * applications): no code of ours runs. Chatbot posts each alert's `https` body, a custom notification
 * (functions/cost-alert/domain/chat-notification.ts), and the alarms' own notifications.
 *
 * The channels can change nothing: their role has no permissions at all, and the guardrail (which caps what any
 * channel member may do through Chatbot, AdministratorAccess when left unset) is AWS's deny-all policy. Notifications
 * need neither. The topic's KMS key needs no statement for Chatbot: SNS decrypts before it delivers to an https
 * subscriber; only publishers use the key.
 */
import { Stack } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SlackChannel, TeamsChannel } from './stack-context';

export interface ChatChannelsProps {
  readonly topic: sns.ITopic;
  readonly slack?: SlackChannel;
  readonly teams?: TeamsChannel;
}

/** The guardrail of every channel: whatever a channel member asks Chatbot to do is denied. */
export const CHANNEL_GUARDRAIL = 'AWSDenyAll';
/** Errors only: Chatbot's log of delivered notifications would repeat every alert in CloudWatch Logs. */
export const CHANNEL_LOGGING_LEVEL = 'ERROR';

export class ChatChannels extends Construct {
  readonly role: iam.Role;
  readonly slack?: chatbot.CfnSlackChannelConfiguration;
  readonly teams?: chatbot.CfnMicrosoftTeamsChannelConfiguration;

  constructor(scope: Construct, id: string, props: ChatChannelsProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
      description: 'Chat channels of the Telnyx cost alert topic: notifications only, no permissions',
    });
    const guardrail = iam.ManagedPolicy.fromAwsManagedPolicyName(CHANNEL_GUARDRAIL).managedPolicyArn;
    const common = {
      iamRoleArn: this.role.roleArn,
      snsTopicArns: [props.topic.topicArn],
      guardrailPolicies: [guardrail],
      loggingLevel: CHANNEL_LOGGING_LEVEL,
      userRoleRequired: false,
    };
    if (props.slack) {
      this.slack = new chatbot.CfnSlackChannelConfiguration(this, 'Slack', {
        ...common,
        configurationName: configurationName(this, 'slack'),
        slackWorkspaceId: props.slack.workspaceId,
        slackChannelId: props.slack.channelId,
      });
    }
    if (props.teams) {
      this.teams = new chatbot.CfnMicrosoftTeamsChannelConfiguration(this, 'Teams', {
        ...common,
        configurationName: configurationName(this, 'teams'),
        teamsTenantId: props.teams.tenantId,
        teamId: props.teams.teamId,
        teamsChannelId: props.teams.channelId,
      });
    }
  }
}

/** Unique in the account (one per stack): `<stack name>-slack`, within Chatbot's 128 characters. */
function configurationName(scope: Construct, kind: string): string {
  return `${Stack.of(scope).stackName.slice(0, 120)}-${kind}`;
}
