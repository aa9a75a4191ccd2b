/**
 * `test-alert`: one clearly marked message through the alert topic, so that an operator proves email and SMS
 * delivery right after a deploy. It goes out with the attributes real alerts carry (signal=test, product=all,
 * the severity given, default critical so that the default SMS filter, critical and error, lets it through).
 */
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { type Command, Option } from 'commander';
import { messageBodies } from '../../functions/cost-alert/domain/message-bodies';
import { testAlert } from '../../functions/cost-alert/domain/test-alert';
import { CliError, type CliIo, UsageError, withAwsHint } from './cli-io';
import { messageOf } from '../../functions/cost-alert/domain/error-text';
import { type CommandContext, examples } from './command-options';
import { checkTopicArn, publishReason, snsClientFor } from './publish-target';
import { testDestinations } from './test-destinations';
import { countSubscriptions, describeSubscriptions, nobodyReceives } from './topic-subscriptions';

export type TestSeverity = 'info' | 'warning' | 'critical' | 'error';
export const TEST_SEVERITIES: readonly TestSeverity[] = ['info', 'warning', 'critical', 'error'];
/** The stack's output that holds the alert topic (lib/cost-alert-stack.ts). */
export const TOPIC_OUTPUT_KEY = 'AlertTopicArn';
export const DEFAULT_STACK_NAME = 'TelnyxCostAlert';

export interface TestAlertOptions {
  readonly topicArn?: string;
  readonly stack?: string;
  readonly severity?: TestSeverity;
  /** Post the test alert straight to the destinations in this local file instead of publishing it. */
  readonly destinationsFile?: string;
}

/** Adds `test-alert`: its options, help and action. */
export function registerTestAlertCommand(program: Command, { io, done }: CommandContext): void {
  program
    .command('test-alert')
    .description(
      'Publish one clearly marked test message through the alert topic (subject "[TEST] ...", attributes signal=test, product=all) to prove delivery after a deploy: email, SMS, chat channels and the relay\'s destinations. ' +
        'With --destinations-file, post it straight to a local destinations list instead.',
    )
    .option('--topic-arn <arn>', 'the alert topic (the stack output AlertTopicArn)')
    .option('--stack <name>', `read the topic from this deployed stack's AlertTopicArn output (default when no --topic-arn: ${DEFAULT_STACK_NAME})`)
    .addOption(
      new Option('--severity <level>', 'severity attribute: critical passes the default SMS filter (critical, error)')
        .choices([...TEST_SEVERITIES])
        .default('critical'),
    )
    .option('--destinations-file <file>', 'post the test alert straight to this local destinations list (as the relay would), instead of publishing it')
    .addHelpText(
      'after',
      examples([
        'npx telnyx-cost-alert test-alert --stack TelnyxCostAlert',
        'npx telnyx-cost-alert test-alert --topic-arn arn:aws:sns:us-east-1:123456789012:TelnyxCostAlert-Alerts --severity warning',
        'npx telnyx-cost-alert test-alert --destinations-file destinations.json',
      ]),
    )
    .action(async (options: TestAlertOptions) => {
      done(await testAlertCommand(options, io));
    });
}

/** The PublishCommand input of a test message (exported for the test that pins it): every body a real alert has. */
export function testPublishInput(topicArn: string, severity: TestSeverity, at: Date): PublishCommandInput {
  const alert = testAlert(severity, at);
  return {
    TopicArn: topicArn,
    Subject: alert.message.subject,
    MessageStructure: 'json',
    // Email, SMS and default for people; sqs and lambda (the relay) get the payload, https (chat channels) a custom notification.
    Message: JSON.stringify(messageBodies(alert)),
    MessageAttributes: {
      severity: { DataType: 'String', StringValue: severity },
      signal: { DataType: 'String', StringValue: 'test' },
      product: { DataType: 'String', StringValue: 'all' },
    },
  };
}

export async function testAlertCommand(options: TestAlertOptions, io: CliIo): Promise<number> {
  if (options.topicArn !== undefined && options.stack !== undefined) {
    throw new UsageError('give either --topic-arn or --stack, not both');
  }
  const severity = options.severity ?? 'critical';
  if (options.destinationsFile !== undefined) {
    if (options.topicArn !== undefined || options.stack !== undefined) {
      throw new UsageError('--destinations-file posts straight to the destinations: leave out --topic-arn and --stack');
    }
    return testDestinations(options.destinationsFile, severity, io);
  }
  const topicArn = options.topicArn !== undefined ? checkTopicArn(options.topicArn) : await topicOfStack(options.stack ?? DEFAULT_STACK_NAME, io);
  // The topic's own region, so that AWS_REGION need not match it.
  const [sns, { PublishCommand }] = await Promise.all([snsClientFor(topicArn), import('@aws-sdk/client-sns')]);
  const at = new Date((io.clock ?? Date.now)());
  try {
    const subscriptions = await countSubscriptions(sns, topicArn);
    let messageId: string | undefined;
    try {
      messageId = (await sns.send(new PublishCommand(testPublishInput(topicArn, severity, at))))?.MessageId;
    } catch (error) {
      throw new CliError(publishReason(topicArn, error), 1, { cause: error });
    }
    io.stdout(`Published a ${severity} test message to ${topicArn} (message id ${messageId ?? 'unknown'}).\n`);
    if ('unknown' in subscriptions) {
      io.stderr(`Could not count the topic's subscriptions (${subscriptions.unknown}).\n`);
    } else if (subscriptions.confirmed === 0) {
      throw new CliError(nobodyReceives(subscriptions, topicArn));
    } else {
      io.stderr(`Subscriptions: ${describeSubscriptions(subscriptions)}.\n`);
    }
    io.stderr(
      'Look for the subject "[TEST] Telnyx cost alert" in every subscribed mailbox and an SMS on every subscribed number (SMS subscriptions filter by severity: the default lets critical and error through), ' +
        'and in the chat channels and destinations the stack sends alerts to.\n' +
        "Nothing arrived? See Troubleshooting in README.md: unconfirmed email subscription, SMS sandbox or spend limit; for destinations, the relay's log group.\n",
    );
    return 0;
  } finally {
    sns.destroy();
  }
}

/** The alert topic from the deployed stack's output (one DescribeStacks call). */
async function topicOfStack(stackName: string, io: CliIo): Promise<string> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const cloudFormation = new CloudFormationClient({});
  try {
    const result = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const output = result.Stacks?.[0]?.Outputs?.find((entry) => entry.OutputKey === TOPIC_OUTPUT_KEY)?.OutputValue;
    if (!output) {
      throw new CliError(`stack ${stackName} has no ${TOPIC_OUTPUT_KEY} output: is it a telnyx-cost-alert stack? Pass --topic-arn instead`);
    }
    io.stderr(`Topic from stack ${stackName}: ${output}\n`);
    return output;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const missing = /does not exist/i.test(messageOf(error));
    throw new CliError(
      missing
        ? `stack ${stackName} does not exist in this account and region: pass --stack with the name you deployed (default ${DEFAULT_STACK_NAME}), set AWS_REGION, or pass --topic-arn`
        : `could not read stack ${stackName}: ${withAwsHint(error)}`,
      1,
      { cause: error },
    );
  } finally {
    cloudFormation.destroy();
  }
}
