/**
 * `test-alert` counts who will receive the message: the topic's subscriptions, confirmed and pending, on moto's
 * SNS (which confirms every subscription at once); a topic that does not exist is named with --topic-arn.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { useMotoForCli } from './moto-cli';
import { runCli } from './run-cli';

const aws = useMotoForCli();

async function topic(name: string, subscribers: ReadonlyArray<readonly [string, string]> = []): Promise<string> {
  const sns = new SNSClient({});
  try {
    const arn = (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn ?? '';
    for (const [protocol, endpoint] of subscribers) await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: protocol, Endpoint: endpoint }));
    return arn;
  } finally {
    sns.destroy();
  }
}

describe('test-alert counts the subscriptions', () => {
  it('says how many are confirmed, by protocol, and exits 0', async () => {
    // Prepare
    const arn = await topic('alerts', [
      ['email', 'ops@example.com'],
      ['sms', '+15555550100'],
    ]);

    // Act
    const run = await runCli(['test-alert', '--topic-arn', arn]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('Subscriptions: 2 confirmed (1 email, 1 sms), 0 pending confirmation.\n');
    expect(await aws.moto().sentNotifications(arn)).toHaveLength(1);
  });

  it('says nobody will receive it when the topic has no subscription, and how to add one (exit code 1)', async () => {
    // Prepare
    const arn = await topic('alerts');

    // Act
    const run = await runCli(['test-alert', '--topic-arn', arn]);

    // Assess: published all the same (that proves the topic and the permission), but nobody hears it
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      'error: nobody will receive it: 0 confirmed, 0 pending confirmation; the topic has no subscriptions: deploy with -c alertEmails=',
    );
    expect(await aws.moto().sentNotifications(arn)).toHaveLength(1);
  });

  it('names --topic-arn when the topic does not exist, and publishes nothing', async () => {
    // Prepare
    const real = await topic('alerts', [['email', 'ops@example.com']]);
    const typo = 'arn:aws:sns:us-east-1:123456789012:alerts-typo';

    // Act
    const run = await runCli(['test-alert', '--topic-arn', typo]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `error: the topic ${typo} does not exist in us-east-1 for this account: check --topic-arn (the stack output AlertTopicArn) or --stack\n`,
    );
    expect(await aws.moto().sentNotifications(real)).toHaveLength(0);
  });
});
