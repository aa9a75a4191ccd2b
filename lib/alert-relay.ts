/**
 * The alert relay (functions/alert-relay): a second function subscribed to the alert topic that delivers each
 * message to the destinations in a SecureString parameter (Slack and Teams webhooks, PagerDuty, signed webhooks,
 * SMS from your own Telnyx numbers). Its role reads the two parameters it needs, decrypts them only through SSM,
 * and touches only its own delivery-memory items of the ledger table; it publishes nothing. An event that still
 * fails after Lambda's retries lands in a queue, and alarms say so.
 */
import { Aws, CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MEMORY_KEY_PREFIX } from '../functions/alert-relay/memory-keys';
import { OWN_ALARM_SUFFIXES } from '../functions/alert-relay/own-alarms';
import type { RelaySettings } from './stack-context';
import { BundledFunction } from './bundled-function';
import { parameterArn } from './parameter-arns';

export interface AlertRelayProps extends RelaySettings {
  readonly topic: sns.ITopic;
  readonly ledger: dynamodb.ITable;
  readonly apiKeyParameter: string;
  readonly apiKeyKmsKeyArn?: string;
  /** Where the relay's alarms notify (the alert topic, and the alarm SMS topic when there is one). */
  readonly alarmTopics: readonly sns.ITopic[];
}

/** The delivery memory's item actions, on keys starting with relay| only. */
export const RELAY_MEMORY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'] as const;

export class AlertRelay extends Construct {
  readonly relay: BundledFunction;
  readonly failedDeliveries: sqs.Queue;
  readonly failed: cloudwatch.Alarm;
  readonly undelivered: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AlertRelayProps) {
    super(scope, id);

    this.failedDeliveries = new sqs.Queue(this, 'FailedDeliveries', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failedDeliveries).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the relay's on-failure destination; an alarm on what arrives in it tells operators, and it has nowhere further to send messages.",
    });

    this.relay = new BundledFunction(this, 'Relay', {
      entry: 'functions/alert-relay/handler.ts',
      description: 'Telnyx cost alert relay: alerts from SNS to Slack, Teams, PagerDuty, webhooks and Telnyx SMS',
      // Destinations are sent to at once, each at most 3 tries of 10 s with waits of 1 and 2 s (Retry-After up to 10 s).
      timeout: Duration.minutes(1),
      memorySize: 256,
      // A failed invocation is retried twice by Lambda (the delivery memory skips the destinations already reached);
      // an event is worth delivering late rather than never, for as long as Lambda keeps one.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.failedDeliveries),
      environment: {
        DESTINATIONS_PARAMETER: props.destinationsParameter,
        TELNYX_API_KEY_PARAMETER: props.apiKeyParameter,
        ALERT_LEDGER_TABLE: props.ledger.tableName,
        POWERTOOLS_SERVICE_NAME: 'telnyx-cost-alert-relay',
      },
    });
    this.grantRelayItsPermissions(props);
    props.topic.addSubscription(new subscriptions.LambdaSubscription(this.relay.function));

    [this.failed, this.undelivered] = this.alarms(props.alarmTopics);
    // Stack-level outputs, so that their names carry no construct hash.
    const stack = Stack.of(this);
    new CfnOutput(stack, 'RelayFunctionName', { value: this.relay.function.functionName });
    new CfnOutput(stack, 'RelayLogGroupName', { value: this.relay.logGroup.logGroupName });
    new CfnOutput(stack, 'RelayFailedDeliveriesQueueUrl', { value: this.failedDeliveries.queueUrl });
  }

  private grantRelayItsPermissions(props: AlertRelayProps): void {
    const role = this.relay.role;
    const destinationsArn = parameterArn(props.destinationsParameter);
    const apiKeyArn = parameterArn(props.apiKeyParameter);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadDestinations', actions: ['ssm:GetParameter'], resources: [destinationsArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadApiKeyForTelnyxSms', actions: ['ssm:GetParameter'], resources: [apiKeyArn] }));
    // Under alias/aws/ssm no identity grant is needed; a customer key is usable only through SSM, for its one parameter.
    const decrypts = [
      ['DecryptDestinationsThroughSsm', props.destinationsKmsKeyArn, destinationsArn],
      ['DecryptApiKeyThroughSsm', props.apiKeyKmsKeyArn, apiKeyArn],
    ] as const;
    for (const [sid, keyArn, parameter] of decrypts) {
      if (keyArn === undefined) continue;
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid,
          actions: ['kms:Decrypt'],
          resources: [keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `ssm.${Aws.REGION}.amazonaws.com`, 'kms:EncryptionContext:PARAMETER_ARN': parameter } },
        }),
      );
    }
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'RememberDeliveries',
        actions: [...RELAY_MEMORY_ACTIONS],
        resources: [props.ledger.tableArn],
        // Its own items only: the check's ledger entries are out of its reach.
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${MEMORY_KEY_PREFIX}*`] } },
      }),
    );
  }

  /**
   * RelayFailed: an invocation failed (Lambda retries it); it stays in ALARM until an invocation succeeds, as the
   * check's error alarm does. RelayUndelivered: an event used up its retries and is in the queue, once per event.
   * Their names end as functions/alert-relay/own-alarms.ts says, so that the relay never retries their notifications.
   */
  private alarms(alarmTopics: readonly sns.ITopic[]): [cloudwatch.Alarm, cloudwatch.Alarm] {
    const stackName = Stack.of(this).stackName;
    const failed = new cloudwatch.Alarm(this, 'Failed', {
      alarmName: `${stackName}${OWN_ALARM_SUFFIXES.failed}`,
      alarmDescription: 'The alert relay could not deliver an alert to a destination (see its log group); Lambda retries it.',
      metric: this.relay.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    const undelivered = new cloudwatch.Alarm(this, 'Undelivered', {
      alarmName: `${stackName}${OWN_ALARM_SUFFIXES.undelivered}`,
      alarmDescription:
        'An alert did not reach every destination after all retries; the event is in the relay queue (docs/destinations.md says how to redrive it).',
      metric: this.failedDeliveries.metricNumberOfMessagesSent({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const topic of alarmTopics) {
      const notify = new cloudwatchActions.SnsAction(topic);
      failed.addAlarmAction(notify);
      undelivered.addAlarmAction(notify);
    }
    return [failed, undelivered];
  }
}
