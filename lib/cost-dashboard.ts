import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface CostDashboardProps {
  readonly dashboardName: string;
  /** The function's log group: its structured lines ("Evaluated", "Balance evaluated", "Alert published", "Check finished"). */
  readonly logGroup: logs.ILogGroup;
  readonly function: lambda.IFunction;
  readonly metricsNamespace: string;
  readonly serviceName: string;
}

/**
 * The Logs Insights queries behind the dashboard, over the function's Powertools JSON lines (field names are
 * a contract with the function; see docs/dashboard.md). Queries, not custom metrics: a threshold added in
 * Parameter Store shows up without a redeploy, and scanning these small logs costs cents where a metric per
 * threshold and period costs $0.30 a month each.
 */
export const DASHBOARD_QUERIES = {
  percentOfLimit: [
    'filter message = "Evaluated" and periodState = "current" and limitAmount > 0',
    'fields concat(product, " ", period) as threshold, 100 * spendAmount / limitAmount as percentOfLimit',
    'stats max(percentOfLimit) as percent by bin(1h), threshold',
  ],
  spend: [
    'filter message = "Evaluated" and periodState = "current"',
    'fields concat(product, " ", period, " (", currency, ")") as threshold',
    'stats max(spendAmount) as spend by bin(1h), threshold',
  ],
  latest: [
    'filter message = "Evaluated" and periodState = "current"',
    'stats latest(spendAmount) as spend, latest(limitAmount) as limit, latest(currency) as currency, latest(alertLevel) as level, latest(complete) as complete, latest(periodKey) as periodKey by product, period',
    'sort product asc',
  ],
  // The lowest of the hour: a dip between two checks is what would have stopped calls. Only complete readings carry it.
  availableCredit: [
    'filter message = "Balance evaluated" and ispresent(availableAmount)',
    'stats min(availableAmount) as availableCredit by bin(1h), currency',
  ],
  alertsBySeverityAndSignal: [
    'filter message = "Alert published"',
    'fields concat(severity, " ", signal) as kind',
    'stats count(*) as alerts by bin(1d), kind',
  ],
  recentAlerts: ['filter message = "Alert published"', 'fields @timestamp, severity, signal, product, period, key', 'sort @timestamp desc', 'limit 50'],
  checkHealth: [
    'filter message = "Check finished" or message = "Digest finished"',
    'stats max(durationMs) as maxDurationMs, sum(telnyxRequests) as telnyxRequests, sum(telnyxRetries) as telnyxRetries, sum(failureCount) as failures by bin(1h)',
  ],
} as const;

/** Spend against limits per threshold and period, the available credit, alerts sent, and the check's own health. */
export class CostDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: CostDashboardProps) {
    super(scope, id);
    const logGroupNames = [props.logGroup.logGroupName];
    const query = (title: string, lines: readonly string[], view: cloudwatch.LogQueryVisualizationType, width = 12): cloudwatch.LogQueryWidget =>
      new cloudwatch.LogQueryWidget({ title, logGroupNames, queryLines: [...lines], view, width, height: 6 });
    const emf = (metricName: string, label: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { service: props.serviceName },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.hours(1),
        label,
      });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      // A week by default: daily and monthly periods both show their shape; each widget's query scans only that.
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown:
              '# Telnyx spend\nOne line per threshold and period, from the check\'s "Evaluated" log lines (current periods only). 100 % is the limit; a threshold added in Parameter Store appears after its first check.',
            width: 24,
            height: 2,
          }),
        ],
        [
          query('Spend as % of limit, per threshold and period', DASHBOARD_QUERIES.percentOfLimit, cloudwatch.LogQueryVisualizationType.LINE),
          query('Spend per threshold and period', DASHBOARD_QUERIES.spend, cloudwatch.LogQueryVisualizationType.LINE),
        ],
        [query('Latest spend against limit', DASHBOARD_QUERIES.latest, cloudwatch.LogQueryVisualizationType.TABLE, 24)],
        [
          query(
            'Available credit, lowest per hour (with a balance threshold)',
            DASHBOARD_QUERIES.availableCredit,
            cloudwatch.LogQueryVisualizationType.LINE,
            24,
          ),
        ],
        [
          query('Alerts sent per day, by severity and signal', DASHBOARD_QUERIES.alertsBySeverityAndSignal, cloudwatch.LogQueryVisualizationType.BAR),
          query('Recent alerts', DASHBOARD_QUERIES.recentAlerts, cloudwatch.LogQueryVisualizationType.TABLE),
        ],
        [
          query('Check health: duration, Telnyx requests and retries, failures', DASHBOARD_QUERIES.checkHealth, cloudwatch.LogQueryVisualizationType.LINE),
          new cloudwatch.GraphWidget({
            title: 'Function: duration and errors',
            left: [props.function.metricDuration({ statistic: cloudwatch.Stats.MAXIMUM, period: Duration.hours(1), label: 'Duration (max)' })],
            right: [props.function.metricErrors({ statistic: cloudwatch.Stats.SUM, period: Duration.hours(1), label: 'Errors' })],
            width: 6,
            height: 6,
          }),
          new cloudwatch.GraphWidget({
            title: 'Checks completed, alerts published, failures',
            left: [emf('ChecksCompleted', 'Checks completed'), emf('AlertsPublished', 'Alerts published'), emf('CheckFailures', 'Check failures')],
            width: 6,
            height: 6,
          }),
        ],
      ],
    });
  }
}
