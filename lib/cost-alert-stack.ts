import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { addLedger } from './alert-ledger';
import type { AlertRelay } from './alert-relay';
import { addAlertRoutes } from './alert-routes';
import { AlertTopic } from './alert-topic';
import type { BundledFunction } from './bundled-function';
import type { ChatChannels } from './chat-channels';
import { addCheckFunction, CHECK_METRICS } from './check-function';
import { addCheckSchedules } from './check-schedules';
import { CostDashboard } from './cost-dashboard';
import type { AlertRoutes, CostAlertConfig } from './stack-context';
import { warnAboutSettings } from './synth-warnings';
import { watchTheWatcher } from './watcher-alarms';

export interface CostAlertStackProps extends StackProps {
  readonly config: CostAlertConfig;
  /** Chat channels and the relay (lib/stack-context/chat-and-relay.ts); none without their context keys. */
  readonly routes?: AlertRoutes;
}

/**
 * Scheduler -> Lambda (the check) -> Telnyx usage API; thresholds and the API key from SSM;
 * alerts claimed in the DynamoDB ledger, then published to SNS (email, SMS). Alarms watch the watcher.
 *
 * The parts are created with the stack as their scope (helpers, not nested constructs), so every logical ID stays
 * the one deployed stacks have: a new construct level would rename, and so replace, the ledger, the topic and the rest.
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
    warnAboutSettings(this, config);

    this.alerts = new AlertTopic(this, 'Alerts', {
      emails: config.alertEmails,
      smsNumbers: config.alertSmsNumbers,
      smsSeverities: config.smsSeverities,
      smsAlarms: config.smsAlarms,
    });
    this.ledger = addLedger(this);
    this.check = addCheckFunction(this, { config, alerts: this.alerts, ledger: this.ledger });
    ({ schedule: this.schedule, digestSchedule: this.digestSchedule, failedInvocations: this.failedInvocations } = addCheckSchedules(this, config, this.check));
    watchTheWatcher(this, { config, check: this.check, failedInvocations: this.failedInvocations, alerts: this.alerts });

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
}
