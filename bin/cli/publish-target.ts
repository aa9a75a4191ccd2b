/** `--publish --topic-arn ARN` of `check` and `digest`, and the topic ARN of `test-alert`. */
import type { SNSClient } from '@aws-sdk/client-sns';
import { TOPIC_ARN } from '../../functions/cost-alert/config';
import type { Alert } from '../../functions/cost-alert/domain/types';
import type { AlertPublisher } from '../../functions/cost-alert/ports';
import { CliError, UsageError, withAwsHint } from './cli-io';
import { messageOf } from '../../functions/cost-alert/domain/error-text';
import type { TelnyxConnection } from './telnyx-connection';

/** What a local run prints instead of sending. */
export const DRY_RUN_NOTE = 'dry run: nothing was sent';

/** The topic of --publish (undefined: a dry run); --topic-arn without --publish, or --publish without a topic ARN, is a usage error. */
export function publishTopicArn(options: { readonly publish?: boolean; readonly topicArn?: string }, what: string): string | undefined {
  if (!options.publish && options.topicArn !== undefined) {
    throw new UsageError(`--topic-arn is only used with --publish: add --publish to send ${what}, or leave --topic-arn out for a dry run`);
  }
  return options.publish ? requireTopicArn(options.topicArn) : undefined;
}

/** The simulator's spend is made up: it must never reach real subscribers. */
export function refuseSimulatedPublish(topicArn: string | undefined, connection: TelnyxConnection): void {
  if (topicArn && connection.simulated) {
    throw new CliError(
      '--publish needs TELNYX_API_KEY: without it the usage comes from the built-in simulator, and its made-up spend must not reach real subscribers',
    );
  }
}

function requireTopicArn(topicArn: string | undefined): string {
  if (topicArn === undefined) {
    throw new UsageError('--publish needs the topic to send to: add --topic-arn arn:aws:sns:REGION:ACCOUNT:TOPIC (the stack prints it as an output)');
  }
  return checkTopicArn(topicArn);
}

export function checkTopicArn(topicArn: string): string {
  if (!TOPIC_ARN.test(topicArn)) {
    throw new UsageError(`--topic-arn "${topicArn}" is not an SNS topic ARN like arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts`);
  }
  return topicArn;
}

/**
 * The SNS client for a topic, in the topic's own region (so that AWS_REGION need not match it). The AWS SDK loads
 * only here: a dry run never pays for it.
 */
export async function snsClientFor(topicArn: string): Promise<SNSClient> {
  const { SNSClient } = await import('@aws-sdk/client-sns');
  const region = topicArn.split(':')[3];
  return new SNSClient(region ? { region } : {});
}

/** The publisher of --publish, on its own SNS client (close() destroys it). */
export async function openTopicPublisher(topicArn: string): Promise<CliTopicPublisher> {
  const [client, { SnsAlertPublisher }] = await Promise.all([snsClientFor(topicArn), import('../../functions/cost-alert/aws/sns-publisher.js')]);
  return new CliTopicPublisher(client, new SnsAlertPublisher(client, topicArn), topicArn);
}

/**
 * Publishes through SNS and keeps why a publish failed, once per reason, worded for the command line (the
 * topic named by --topic-arn, not the Lambda's ALERT_TOPIC_ARN): a missing topic fails every alert alike.
 */
export class CliTopicPublisher implements AlertPublisher {
  private readonly seen = new Set<string>();

  constructor(
    private readonly client: SNSClient,
    private readonly sns: AlertPublisher,
    private readonly topicArn: string,
  ) {}

  async publish(alert: Alert): Promise<void> {
    try {
      await this.sns.publish(alert);
    } catch (error) {
      this.seen.add(publishReason(this.topicArn, error instanceof Error && error.cause !== undefined ? error.cause : error));
      throw error;
    }
  }

  /** Each distinct reason a publish failed, in the order first seen. */
  get reasons(): string[] {
    return [...this.seen];
  }

  close(): void {
    this.client.destroy();
  }
}

/** Why SNS refused, and what to change on the command line. */
export function publishReason(topicArn: string, error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const region = topicArn.split(':')[3];
  if (name === 'NotFound' || name === 'NotFoundException' || /does not exist/i.test(messageOf(error))) {
    return `could not publish to ${topicArn}: the topic does not exist in ${region} for this account; check --topic-arn (the stack output AlertTopicArn)`;
  }
  if (name === 'AuthorizationErrorException' || name === 'AccessDeniedException') {
    return `could not publish to ${topicArn}: ${messageOf(error)} (grant sns:Publish on the topic to these AWS credentials)`;
  }
  return `could not publish to ${topicArn}: ${withAwsHint(error)}`;
}
