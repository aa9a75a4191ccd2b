/** `--publish --topic-arn ARN` of `check` and `digest`, and the topic ARN of `test-alert`. */
import { TOPIC_ARN } from '../../functions/cost-alert/config';
import { CliError, UsageError } from './cli-io';
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
