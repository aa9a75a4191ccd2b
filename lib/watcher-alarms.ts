/**
 * Operators hear when the check itself fails or stops. Alarm notifications carry no severity attribute, so
 * they reach SMS only through the alarm SMS topic (smsAlarms).
 *
 * "Recovered" notices come from EventBridge on ALARM -> OK only, not from the alarms' OK actions: an OK
 * action also fires on INSUFFICIENT_DATA -> OK, which is every alarm's first evaluation after a deploy
 * (three "OK" mails to every subscriber for nothing).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { AlertTopic } from './alert-topic';
import type { BundledFunction } from './bundled-function';
import { CHECK_METRICS } from './check-function';
import type { CostAlertConfig } from './stack-context';

export interface WatcherAlarmsProps {
  readonly config: CostAlertConfig;
  readonly check: BundledFunction;
  /** The schedules' dead-letter queue. */
  readonly failedInvocations: sqs.IQueue;
  readonly alerts: AlertTopic;
}

export interface WatcherAlarms {
  readonly errors: cloudwatch.Alarm;
  readonly checksStopped: cloudwatch.Alarm;
  readonly undelivered: cloudwatch.Alarm;
  readonly recovered: events.Rule;
}

/**
 * The alarms CheckErrors, ChecksStopped and ScheduleUndelivered and the rule AlarmRecovered, created in `scope` (with
 * the stack as scope, the logical IDs deployed stacks have), notifying every alarm topic.
 */
export function watchTheWatcher(scope: Construct, props: WatcherAlarmsProps): WatcherAlarms {
  const errors = new cloudwatch.Alarm(scope, 'CheckErrors', {
    alarmDescription: 'The Telnyx cost check (or digest) failed (see its log group). Spend may be going unwatched until it succeeds again.',
    metric: props.check.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    // Between runs there is no data. Ignoring it keeps the alarm in ALARM until a run succeeds (Errors = 0),
    // instead of flapping ALARM/OK and mailing twice per run while a problem lasts.
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
  });
  const checksStopped = checksStoppedAlarm(scope, props.config);
  // Each event Scheduler sends to the dead-letter queue counts once in NumberOfMessagesSent, in the period it
  // arrives: the alarm fires for every new undelivered event, however many older ones still wait in the queue
  // (a depth alarm would stay in ALARM until someone purges the queue and say nothing about later failures).
  const undelivered = new cloudwatch.Alarm(scope, 'ScheduleUndelivered', {
    alarmDescription:
      'The scheduler could not invoke the Telnyx cost check or digest; the undelivered event is in the dead-letter queue (see docs/alarms.md to inspect, redrive or purge it).',
    metric: props.failedInvocations.metricNumberOfMessagesSent({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });

  for (const topic of props.alerts.alarmTopics) {
    const notify = new cloudwatchActions.SnsAction(topic);
    for (const alarm of [errors, checksStopped, undelivered]) alarm.addAlarmAction(notify);
  }
  // Recovery of the two alarms whose OK means something (ScheduleUndelivered's OK only means "no new event
  // in the last five minutes").
  const recovered = recoveredRule(scope, [errors, checksStopped], props.alerts);
  return { errors, checksStopped, undelivered, recovered };
}

/** One period per scheduled run: two empty periods in a row means at least one whole run did not complete. */
function checksStoppedAlarm(scope: Construct, config: CostAlertConfig): cloudwatch.Alarm {
  const intervalSeconds = config.intervalMinutes * 60;
  // CloudWatch looks back at most a day, so a daily schedule gets one period.
  const evaluationPeriods = intervalSeconds * 2 <= 86_400 ? 2 : 1;
  return new cloudwatch.Alarm(scope, 'ChecksStopped', {
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
}

/** One notice per ALARM -> OK of `alarms`, none after a deploy: to the alert topic, and a short one to the alarm SMS topic. */
function recoveredRule(scope: Construct, alarms: readonly cloudwatch.Alarm[], alerts: AlertTopic): events.Rule {
  const recovered = new events.Rule(scope, 'AlarmRecovered', {
    description: 'Tells the alert subscribers when a Telnyx cost alert alarm is OK again after ALARM',
    eventPattern: {
      source: ['aws.cloudwatch'],
      detailType: ['CloudWatch Alarm State Change'],
      resources: alarms.map((alarm) => alarm.alarmArn),
      detail: { state: { value: ['OK'] }, previousState: { value: ['ALARM'] } },
    },
  });
  const alarmName = events.EventField.fromPath('$.detail.alarmName');
  const toEmail = events.RuleTargetInput.fromText(
    `Recovered: the alarm ${alarmName} is OK again (was ALARM). ${events.EventField.fromPath('$.detail.state.reason')}`,
  );
  // One SMS segment: the name says which alarm.
  const toSms = events.RuleTargetInput.fromText(`Telnyx cost alert: ${alarmName} is OK again.`);
  recovered.addTarget(snsTarget(alerts.topic, toEmail));
  if (alerts.alarmSmsTopic) recovered.addTarget(snsTarget(alerts.alarmSmsTopic, toSms));
  return recovered;
}

/**
 * An EventBridge target publishing to a topic, without aws-events-targets' SnsTopic: that one adds a topic-policy
 * statement for events.amazonaws.com without any condition; AlertTopic's own statement already admits
 * EventBridge, for this account only.
 */
function snsTarget(topic: sns.ITopic, input: events.RuleTargetInput): events.IRuleTarget {
  return { bind: () => ({ arn: topic.topicArn, input }) };
}
