import { createHash } from 'node:crypto';
import { Aws, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AlertSeverity } from './stack-context';

export interface AlertTopicProps {
  readonly emails: readonly string[];
  readonly smsNumbers: readonly string[];
  /** Values of the `severity` message attribute that SMS subscribers receive. */
  readonly smsSeverities: readonly AlertSeverity[];
  /** Also send alarm notifications to the SMS numbers, through a second topic without a filter. */
  readonly smsAlarms: boolean;
}

/** Services that publish to the topics besides the function: alarms, and EventBridge's "recovered" notices. */
const PUBLISHING_SERVICES = ['cloudwatch.amazonaws.com', 'events.amazonaws.com'];

/**
 * The tag that marks the topic key as this app's, with the stack's name as its value: the least-privilege execution
 * policy (.github/cdk-execution-policy.json) manages only KMS keys that carry it, never another key of the account.
 */
export const APP_KEY_TAG = 'telnyx-cost-alert';

/**
 * A construct id for a subscriber that does not spell the contact out (logical ids appear in CI logs and in
 * the console's event list), and stays the same for the same contact whatever the order of the list.
 * Eight hex digits: collisions within one short list are out of reach, and a phone number is not recoverable
 * from so few bits without a list of candidates.
 */
export function subscriberId(prefix: string, contact: string): string {
  return `${prefix}${createHash('sha256').update(contact).digest('hex').slice(0, 8)}`;
}

/**
 * Where alerts go: an SNS topic under a customer-managed key, TLS only, with email and SMS subscribers.
 * The key is customer-managed because CloudWatch alarms cannot publish to a topic encrypted with
 * the AWS-managed alias/aws/sns key (its policy cannot be changed to admit them).
 *
 * Alarm notifications carry no message attributes, so the SMS filter on `severity` drops them: with
 * `smsAlarms`, a second topic under the same key delivers alarms to the SMS numbers without a filter.
 */
export class AlertTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  /** The SMS-only topic for alarm notifications; present with smsAlarms and at least one SMS number. */
  readonly alarmSmsTopic?: sns.Topic;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the Telnyx cost alert topic',
      enableKeyRotation: true,
      // It encrypts messages in flight only; nothing stored under it outlives the stack. Destroying the stack
      // schedules its deletion, which can be cancelled within the window.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    Tags.of(this.key).add(APP_KEY_TAG, Stack.of(this).stackName);
    // In a key policy "*" means this key. Alarms and EventBridge (recovered notices) publish as services, which
    // need the key to do so. Alarms from this account only.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    // EventBridge in the form AWS documents for encrypted SNS targets, without a condition: SNS's key-management
    // guide says aws:SourceAccount and aws:SourceArn in a key policy are not supported for EventBridge-to-encrypted
    // topics (with them every "recovered" notice fails, visible only in the rule's FailedInvocations). The topic
    // policy still admits EventBridge publishing from this account only.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeToUseTheKey',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );

    this.topic = this.encryptedTopic('Topic', 'Telnyx cost alert');
    for (const email of props.emails) {
      new sns.Subscription(this, subscriberId('Email', email), {
        topic: this.topic,
        protocol: sns.SubscriptionProtocol.EMAIL,
        endpoint: email,
      });
    }
    // SMS costs money per message and wakes people: only the severities asked for. Email gets everything.
    for (const number of props.smsNumbers) {
      new sns.Subscription(this, subscriberId('Sms', number), {
        topic: this.topic,
        protocol: sns.SubscriptionProtocol.SMS,
        endpoint: number,
        filterPolicy: {
          severity: sns.SubscriptionFilter.stringFilter({ allowlist: [...props.smsSeverities] }),
        },
      });
    }

    if (props.smsAlarms && props.smsNumbers.length > 0) {
      const alarmSmsTopic = this.encryptedTopic('AlarmSmsTopic', 'Telnyx cost alarm');
      // Only alarms publish here, so no filter: every ALARM and recovered notice reaches the phones.
      for (const number of props.smsNumbers) {
        new sns.Subscription(this, subscriberId('AlarmSms', number), {
          topic: alarmSmsTopic,
          protocol: sns.SubscriptionProtocol.SMS,
          endpoint: number,
        });
      }
      this.alarmSmsTopic = alarmSmsTopic;
    }
  }

  /** Every topic alarm notifications go to. */
  get alarmTopics(): sns.Topic[] {
    return this.alarmSmsTopic ? [this.topic, this.alarmSmsTopic] : [this.topic];
  }

  private encryptedTopic(id: string, displayName: string): sns.Topic {
    const topic = new sns.Topic(this, id, { displayName, masterKey: this.key, enforceSSL: true });
    // enforceSSL writes a topic policy, which replaces the default one: alarms need their allowance back.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: PUBLISHING_SERVICES.map((service) => new iam.ServicePrincipal(service)),
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    return topic;
  }
}
