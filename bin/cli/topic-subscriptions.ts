/**
 * Who a message to the alert topic reaches: its subscriptions, confirmed or still pending. An email address
 * receives nothing until someone opens the link in "AWS Notification - Subscription Confirmation".
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import { CliError, withAwsHint } from './cli-io';
import { messageOf } from '../../functions/cost-alert/domain/error-text';

export interface SubscriptionCount {
  readonly confirmed: number;
  readonly pending: number;
  /** Confirmed subscriptions by protocol: `{ email: 2, sms: 1 }`. */
  readonly confirmedBy: Readonly<Record<string, number>>;
}

const PENDING = 'PendingConfirmation';

/** The topic's subscriptions, every page; a topic that does not exist is an error, a refused listing is `undefined` with the reason. */
export async function countSubscriptions(sns: SNSClient, topicArn: string): Promise<SubscriptionCount | { readonly unknown: string }> {
  let confirmed = 0;
  let pending = 0;
  const confirmedBy: Record<string, number> = {};
  let nextToken: string | undefined;
  const { ListSubscriptionsByTopicCommand } = await import('@aws-sdk/client-sns');
  try {
    do {
      const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, ...(nextToken ? { NextToken: nextToken } : {}) }));
      for (const subscription of page?.Subscriptions ?? []) {
        if (subscription.SubscriptionArn === PENDING) pending++;
        else if (subscription.SubscriptionArn?.startsWith('arn:')) {
          confirmed++;
          const protocol = subscription.Protocol ?? 'other';
          confirmedBy[protocol] = (confirmedBy[protocol] ?? 0) + 1;
        }
      }
      nextToken = page?.NextToken || undefined;
    } while (nextToken);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'NotFound' || name === 'NotFoundException' || /does not exist/i.test(messageOf(error))) {
      throw new CliError(
        `the topic ${topicArn} does not exist in ${topicArn.split(':')[3]} for this account: check --topic-arn (the stack output AlertTopicArn) or --stack`,
        1,
        {
          cause: error,
        },
      );
    }
    return { unknown: withAwsHint(error) };
  }
  return { confirmed, pending, confirmedBy };
}

/** `2 confirmed (1 email, 1 sms), 1 pending confirmation`. */
export function describeSubscriptions(count: SubscriptionCount): string {
  const by = Object.entries(count.confirmedBy)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([protocol, n]) => `${n} ${protocol}`)
    .join(', ');
  return `${count.confirmed} confirmed${by ? ` (${by})` : ''}, ${count.pending} pending confirmation`;
}

/** What to do when no subscription is confirmed: nobody receives the message. */
export function nobodyReceives(count: SubscriptionCount, topicArn: string): string {
  const how =
    count.pending > 0
      ? `each email address got "AWS Notification - Subscription Confirmation" from AWS and receives nothing until someone opens its link (unconfirmed subscriptions expire after 3 days: deploy again for a new mail); ` +
        `aws sns list-subscriptions-by-topic --topic-arn ${topicArn} shows them`
      : 'the topic has no subscriptions: deploy with -c alertEmails=you@example.com (or alertSmsNumbers=+15555550100), see docs/deploy.md';
  return `nobody will receive it: ${describeSubscriptions(count)}; ${how}`;
}
