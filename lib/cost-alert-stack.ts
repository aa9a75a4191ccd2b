import { Annotations, Aws, CfnOutput, Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { CfnElement, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { AlertRelay } from './alert-relay';
import { addAlertRoutes } from './alert-routes';
import type { AlertRoutes } from './stack-context';
import { AlertTopic } from './alert-topic';
import { BundledFunction } from './bundled-function';
import type { ChatChannels } from './chat-channels';
import type { CostAlertConfig } from './stack-context';
import { CostDashboard } from './cost-dashboard';

export interface CostAlertStackProps extends StackProps {
  readonly config: CostAlertConfig;
  /** Chat channels and the relay (lib/alert-routes-config.ts); none without their context keys. */
  readonly routes?: AlertRoutes;
}

/** What the handler's Powertools Metrics publish; the checks-stopped alarm watches it. */
export const CHECK_METRICS = {
  serviceName: 'telnyx-cost-alert',
  namespace: 'TelnyxCostAlert',
  checksCompleted: 'ChecksCompleted',
} as const;

/** Lambda keeps an asynchronous event for at most six hours. */
const MAX_ASYNC_EVENT_AGE_MINUTES = 360;

/** The ledger's item actions, and nothing else: claim (conditional put), confirm (put), release (delete or put back). */
export const LEDGER_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'] as const;

/**
 * Scheduler -> Lambda (the check) -> Telnyx usage API; thresholds and the API key from SSM;
 * alerts claimed in the DynamoDB ledger, then published to SNS (email, SMS). Alarms watch the watcher.
 */
export class CostAlertStack extends Stack {
  readonly check: BundledFunction;
  readonly alerts: AlertTopic;
  readonly ledger: dynamodb.Table;
  readonly schedule: scheduler.Schedule;
  /** The daily digest's schedule; absent with digest=false. */
  readonly digestSchedule?: scheduler.Schedule;
  readonly failedInvocations: sqs.Queue;
  readonly dashboard?: CostDashboard;
  readonly chat?: ChatChannels;
  readonly relay?: AlertRelay;

  constructor(scope: Construct, id: string, props: CostAlertStackProps) {
    super(scope, id, {
      description: 'Telnyx cost alert: compares Telnyx spend with thresholds in SSM and alerts by email and SMS',
      ...props,
    });
    const { config } = props;

    if (config.alertEmails.length === 0 && config.alertSmsNumbers.length === 0) {
      Annotations.of(this).addWarningV2(
        'telnyx-cost-alert:no-subscribers',
        'Neither alertEmails nor alertSmsNumbers is set: alerts and alarms reach nobody until someone subscribes to the topic.',
      );
    }

    // An ended day is re-read only by runs within lateUsageHours of its end: with fewer runs than that, the
    // spend after some days' last run would never meet their limit (0 turns the re-reading off on purpose).
    if (config.lateUsageHours > 0 && config.lateUsageHours * 60 < config.intervalMinutes) {
      const needed = Math.min(24, Math.ceil(config.intervalMinutes / 60));
      Annotations.of(this).addWarningV2(
        'telnyx-cost-alert:late-usage-gap',
        `lateUsageHours=${config.lateUsageHours} is shorter than the ${config.intervalMinutes} minutes between checks: some days would end with no check ` +
          `in the ${config.lateUsageHours} hours after them, and their spend after the last check would never meet its limit. ` +
          `Set lateUsageHours to ${needed}${needed < 24 ? ' or more (up to 24)' : ''}, or check more often.`,
      );
    }

    this.alerts = new AlertTopic(this, 'Alerts', {
      emails: config.alertEmails,
      smsNumbers: config.alertSmsNumbers,
      smsSeverities: config.smsSeverities,
      smsAlarms: config.smsAlarms,
    });

    // A record of which alerts went out, kept only until expiresAt. Destroyed with the stack: losing it
    // costs at most one repeat of an alert already sent this period.
    this.ledger = new dynamodb.Table(this, 'Ledger', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.ledger).acknowledge({
      id: 'AwsSolutions-DDB3',
      reason:
        'The ledger only de-duplicates alerts and each item expires (TTL) soon after its period ends; a restore would bring back nothing worth having, and losing it means at most one repeated alert.',
    });

    this.check = new BundledFunction(this, 'Check', {
      entry: 'functions/cost-alert/handler.ts',
      description: 'Telnyx cost check: usage against thresholds, alerts to SNS',
      // Sized from bench/RESULTS.md: a million usage rows through the client peak at about 135 MB RSS, and
      // 20 products x 10 pages are 101 round trips one after another at concurrency 2 (5.4 s at 50 ms each;
      // about 100 s even at 1 s per 5000-row page). The handler stops reading usage 10 s before the timeout
      // (its deadline is the remaining time) so that what it found is still alerted.
      timeout: Duration.minutes(2),
      memorySize: 256,
      // No Lambda retry of a failed run: a run fails only after evaluating and publishing all it could, and its
      // failure is often lasting (an invalid threshold); a retry would only double the load on a throttling API.
      // The next scheduled run is the retry, and the ledger sends then whatever could not be published.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(Math.min(config.intervalMinutes, MAX_ASYNC_EVENT_AGE_MINUTES)),
      environment: {
        TELNYX_API_KEY_PARAMETER: config.apiKeyParameter,
        THRESHOLDS_PATH: config.thresholdsPath,
        ALERT_TOPIC_ARN: this.alerts.topic.topicArn,
        ALERT_LEDGER_TABLE: this.ledger.tableName,
        TIME_ZONE: config.timeZone,
        LATE_USAGE_HOURS: String(config.lateUsageHours),
        POWERTOOLS_SERVICE_NAME: CHECK_METRICS.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: CHECK_METRICS.namespace,
      },
    });
    this.grantCheckItsPermissions(config);

    this.failedInvocations = new sqs.Queue(this, 'FailedInvocations', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failedInvocations).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter queue of the schedule's target; an alarm on its depth tells operators, and it has nowhere further to send messages.",
    });

    // Scheduler retries only when it cannot hand the event to Lambda (throttling, service errors); an event
    // older than one interval is stale, since the next run is due. What still fails lands in the queue.
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'Runs the Telnyx cost check',
      schedule: scheduler.ScheduleExpression.expression(config.schedule, TimeZone.of(config.timeZone)),
      target: new targets.LambdaInvoke(this.check.function, {
        retryAttempts: 2,
        maxEventAge: Duration.minutes(config.intervalMinutes),
        deadLetterQueue: this.failedInvocations,
      }),
    });
    // The digest: the same function, told by its input to send yesterday's summary instead of checking.
    // Same retries and dead-letter queue; an event older than an hour would arrive in the middle of the morning.
    if (config.digestTime !== undefined) {
      const { hour, minute } = config.digestTime;
      this.digestSchedule = new scheduler.Schedule(this, 'DigestSchedule', {
        description: 'Sends the daily Telnyx spend digest',
        schedule: scheduler.ScheduleExpression.expression(`cron(${minute} ${hour} * * ? *)`, TimeZone.of(config.timeZone)),
        target: new targets.LambdaInvoke(this.check.function, {
          input: scheduler.ScheduleTargetInput.fromObject({ action: 'digest' }),
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.failedInvocations,
        }),
      });
    }
    this.acknowledgeSchedulerRole();

    this.watchTheWatcher(config);

    if (config.dashboardName !== undefined) {
      this.dashboard = new CostDashboard(this, 'Dashboard', {
        dashboardName: config.dashboardName,
        logGroup: this.check.logGroup,
        function: this.check.function,
        metricsNamespace: CHECK_METRICS.namespace,
        serviceName: CHECK_METRICS.serviceName,
      });
    }

    ({ chat: this.chat, relay: this.relay } = addAlertRoutes(this, { routes: props.routes, alerts: this.alerts, ledger: this.ledger, config }));

    // What an operator looks up after a deploy: where alerts go, what to invoke by hand, where the logs are.
    new CfnOutput(this, 'AlertTopicArn', { value: this.alerts.topic.topicArn });
    new CfnOutput(this, 'CheckFunctionName', { value: this.check.function.functionName });
    new CfnOutput(this, 'CheckLogGroupName', { value: this.check.logGroup.logGroupName });
    new CfnOutput(this, 'LedgerTableName', { value: this.ledger.tableName });
    new CfnOutput(this, 'FailedInvocationsQueueUrl', { value: this.failedInvocations.queueUrl });
  }

  /** Each environment variable's access, written out: no helper adds a wildcard behind our back. */
  private grantCheckItsPermissions(config: CostAlertConfig): void {
    const role = this.check.role;
    const thresholdsArn = parameterArn(config.thresholdsPath);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadThresholds',
        actions: ['ssm:GetParametersByPath'],
        // The path itself, and everything under it (Recursive: true).
        resources: [thresholdsArn, `${thresholdsArn}/*`],
      }),
    );
    // Listed without decryption, and no GetParameter under the path: a SecureString is not a threshold and is never
    // decrypted (it may be a secret put in the wrong place).
    const apiKeyArn = parameterArn(config.apiKeyParameter);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadApiKey',
        actions: ['ssm:GetParameter'],
        resources: [apiKeyArn],
      }),
    );
    // Under the AWS-managed alias/aws/ssm key no identity grant is needed: its key policy lets any principal of
    // the account that may read the parameter decrypt through SSM. A customer-managed key is usable only for
    // the API-key parameter, through SSM (SSM puts the parameter's ARN into the encryption context).
    if (config.apiKeyKmsKeyArn !== undefined) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'DecryptApiKeyThroughSsm',
          actions: ['kms:Decrypt'],
          resources: [config.apiKeyKmsKeyArn],
          conditions: {
            StringEquals: {
              'kms:ViaService': `ssm.${Aws.REGION}.amazonaws.com`,
              'kms:EncryptionContext:PARAMETER_ARN': apiKeyArn,
            },
          },
        }),
      );
    }
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PublishAlerts',
        actions: ['sns:Publish'],
        resources: [this.alerts.topic.topicArn],
      }),
    );
    // Publishing to an encrypted topic: SNS asks KMS for a data key on the publisher's behalf. Only through SNS:
    // the function cannot use the key directly.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptAlertsForTheTopic',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.alerts.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${Aws.REGION}.amazonaws.com` } },
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'UseTheLedger',
        actions: [...LEDGER_ACTIONS],
        resources: [this.ledger.tableArn],
      }),
    );

    const policy = role.node.tryFindChild('DefaultPolicy');
    if (policy === undefined) return;
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter${withLeadingSlash(config.thresholdsPath)}/*]`,
      reason:
        'The check reads every threshold under its own path with GetParametersByPath (Recursive); the path/* form is how IAM scopes that call to this path and nothing else.',
    });
  }

  /**
   * LambdaInvoke's role may invoke the function and its qualified ARNs (`<function arn>:*`). The finding names
   * this one function, so acknowledging it on the stack covers the scheduler's role and nothing else.
   */
  private acknowledgeSchedulerRole(): void {
    const functionLogicalId = this.getLogicalId(this.check.function.node.defaultChild as CfnElement);
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason:
        "aws-scheduler-targets grants lambda:InvokeFunction on the check function and its versions and aliases; the wildcard ranges over that one function's qualifiers, not over other functions.",
    });
  }

  /**
   * Operators hear when the check itself fails or stops. Alarm notifications carry no severity attribute, so
   * they reach SMS only through the alarm SMS topic (smsAlarms).
   *
   * "Recovered" notices come from EventBridge on ALARM -> OK only, not from the alarms' OK actions: an OK
   * action also fires on INSUFFICIENT_DATA -> OK, which is every alarm's first evaluation after a deploy
   * (three "OK" mails to every subscriber for nothing).
   */
  private watchTheWatcher(config: CostAlertConfig): void {
    const intervalSeconds = config.intervalMinutes * 60;

    const errors = new cloudwatch.Alarm(this, 'CheckErrors', {
      alarmDescription: 'The Telnyx cost check (or digest) failed (see its log group). Spend may be going unwatched until it succeeds again.',
      metric: this.check.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // Between runs there is no data. Ignoring it keeps the alarm in ALARM until a run succeeds (Errors = 0),
      // instead of flapping ALARM/OK and mailing twice per run while a problem lasts.
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });

    // One period per scheduled run: two empty periods in a row means at least one whole run did not complete.
    // CloudWatch looks back at most a day, so a daily schedule gets one period.
    const evaluationPeriods = intervalSeconds * 2 <= 86_400 ? 2 : 1;
    const checksStopped = new cloudwatch.Alarm(this, 'ChecksStopped', {
      alarmDescription: `No Telnyx cost check completed in the last ${evaluationPeriods * config.intervalMinutes} minutes (schedule ${config.schedule}). Spend is unwatched.`,
      metric: new cloudwatch.Metric({
        namespace: CHECK_METRICS.namespace,
        metricName: CHECK_METRICS.checksCompleted,
        dimensionsMap: { service: CHECK_METRICS.serviceName },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.seconds(intervalSeconds),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      // No data is exactly what a stopped check looks like.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    // Each event Scheduler sends to the dead-letter queue counts once in NumberOfMessagesSent, in the period it
    // arrives: the alarm fires for every new undelivered event, however many older ones still wait in the queue
    // (a depth alarm would stay in ALARM until someone purges the queue and say nothing about later failures).
    const undelivered = new cloudwatch.Alarm(this, 'ScheduleUndelivered', {
      alarmDescription:
        'The scheduler could not invoke the Telnyx cost check or digest; the undelivered event is in the dead-letter queue (see docs/alarms.md to inspect, redrive or purge it).',
      metric: this.failedInvocations.metricNumberOfMessagesSent({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    for (const topic of this.alerts.alarmTopics) {
      const notify = new cloudwatchActions.SnsAction(topic);
      for (const alarm of [errors, checksStopped, undelivered]) alarm.addAlarmAction(notify);
    }

    // Recovery of the two alarms whose OK means something (ScheduleUndelivered's OK only means "no new event
    // in the last five minutes"): one notice per ALARM -> OK, none after a deploy.
    const recovered = new events.Rule(this, 'AlarmRecovered', {
      description: 'Tells the alert subscribers when a Telnyx cost alert alarm is OK again after ALARM',
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        resources: [errors.alarmArn, checksStopped.alarmArn],
        detail: { state: { value: ['OK'] }, previousState: { value: ['ALARM'] } },
      },
    });
    const alarmName = events.EventField.fromPath('$.detail.alarmName');
    const toEmail = events.RuleTargetInput.fromText(
      `Recovered: the alarm ${alarmName} is OK again (was ALARM). ${events.EventField.fromPath('$.detail.state.reason')}`,
    );
    // One SMS segment: the name says which alarm.
    const toSms = events.RuleTargetInput.fromText(`Telnyx cost alert: ${alarmName} is OK again.`);
    recovered.addTarget(snsTarget(this.alerts.topic, toEmail));
    if (this.alerts.alarmSmsTopic) recovered.addTarget(snsTarget(this.alerts.alarmSmsTopic, toSms));
  }
}

/**
 * An EventBridge target publishing to a topic, without aws-events-targets' SnsTopic: that one adds a topic-policy
 * statement for events.amazonaws.com without any condition; AlertTopic's own statement already admits
 * EventBridge, for this account only.
 */
function snsTarget(topic: sns.ITopic, input: events.RuleTargetInput): events.IRuleTarget {
  return { bind: () => ({ arn: topic.topicArn, input }) };
}

function withLeadingSlash(name: string): string {
  return name.startsWith('/') ? name : `/${name}`;
}

/** SSM writes ARNs with the name's leading slash dropped: parameter/telnyx-cost-alert/api-key. */
function parameterArn(name: string): string {
  return `arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter${withLeadingSlash(name)}`;
}
