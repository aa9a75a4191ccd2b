import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { AlertSeverity } from './config';

export interface AlertTopicProps {
  readonly emails: readonly string[];
  readonly smsNumbers: readonly string[];
  /** Values of the `severity` message attribute that SMS subscribers receive. */
  readonly smsSeverities: readonly AlertSeverity[];
}

const CLOUDWATCH = 'cloudwatch.amazonaws.com';

/**
 * Where alerts go: an SNS topic under a customer-managed key, TLS only, with email and SMS subscribers.
 * The key is customer-managed because CloudWatch alarms cannot publish to a topic encrypted with
 * the AWS-managed alias/aws/sns key (its policy cannot be changed to admit them).
 */
export class AlertTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

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
    // In a key policy "*" means this key. Alarms publish as the CloudWatch service, which needs the key to do so.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [new iam.ServicePrincipal(CLOUDWATCH)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Telnyx cost alert',
      masterKey: this.key,
      enforceSSL: true,
    });
    // enforceSSL writes a topic policy, which replaces the default one: alarms need their allowance back.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal(CLOUDWATCH)],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    for (const email of props.emails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    // SMS costs money per message and wakes people: only the severities asked for. Email gets everything.
    for (const number of props.smsNumbers) {
      this.topic.addSubscription(
        new subscriptions.SmsSubscription(number, {
          filterPolicy: {
            severity: sns.SubscriptionFilter.stringFilter({ allowlist: [...props.smsSeverities] }),
          },
        }),
      );
    }
  }
}
