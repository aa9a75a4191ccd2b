import { Match, Template } from 'aws-cdk-lib/assertions';
import { DASHBOARD_QUERIES } from '../../lib/cost-dashboard';
import { assertResource, assertResourceCount } from './template-assertions';
import { buildApp, EXAMPLE_CONTEXT } from './synthesize';

const templateOf = (context: Record<string, unknown>): Template => Template.fromStack(buildApp(context).stacks.costAlert);

/** The dashboard body, with the log group's and function's tokens resolved to their logical ids. */
function dashboardBody(template: Template): { widgets: { type: string; properties: Record<string, unknown> }[] } {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = (dashboards[0]!.Properties as { DashboardBody: { 'Fn::Join': [string, unknown[]] } }).DashboardBody;
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : `<${JSON.stringify(part).replace(/"/g, "'")}>`)).join('');
  return JSON.parse(text) as { widgets: { type: string; properties: Record<string, unknown> }[] };
}

describe('the daily digest schedule', () => {
  it('invokes the same function at 08:00 in the stack time zone with {"action": "digest"}, into the same dead-letter queue', () => {
    // Prepare
    const template = templateOf({ ...EXAMPLE_CONTEXT, timeZone: 'Europe/Berlin' });
    const functionId = Object.keys(template.findResources('AWS::Lambda::Function'))[0]!;
    const queueId = Object.keys(template.findResources('AWS::SQS::Queue'))[0]!;

    // Assess
    assertResource(template, 'AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 8 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
        Input: JSON.stringify({ action: 'digest' }),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      },
    });
    // The check's schedule sends Scheduler's default event, which the function treats as a check.
    assertResource(template, 'AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(15 minutes)', Target: { Input: Match.absent() } });
  });

  it('runs at digestTime, and is gone with digest=false', () => {
    // Act
    const at = templateOf({ digestTime: '06:45' });
    const off = templateOf({ digest: 'false' });

    // Assess
    assertResource(at, 'AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(45 6 * * ? *)', ScheduleExpressionTimezone: 'UTC' });
    assertResourceCount(off, 'AWS::Scheduler::Schedule', 1);
    assertResource(off, 'AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(15 minutes)' });
  });

  it("keeps info (the digest's severity) away from SMS subscribers", () => {
    // Act
    const template = templateOf({ ...EXAMPLE_CONTEXT });
    const smsFilters = Object.values(template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'sms', FilterPolicy: Match.anyValue() } })).map(
      (subscription) => (subscription.Properties as { FilterPolicy: { severity: string[] } }).FilterPolicy.severity,
    );

    // Assess
    expect(smsFilters).toEqual([['critical', 'error']]);
    for (const severities of smsFilters) expect(severities).not.toContain('info');
  });

  it('passes lateUsageHours to the function as LATE_USAGE_HOURS', () => {
    // Act
    const template = templateOf({ lateUsageHours: '12' });

    // Assess
    assertResource(template, 'AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ LATE_USAGE_HOURS: '12' }) } });
  });
});

describe('the dashboard', () => {
  let template: Template;
  let logGroupId: string;
  let body: ReturnType<typeof dashboardBody>;

  beforeAll(() => {
    template = templateOf({ ...EXAMPLE_CONTEXT });
    logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0]!;
    body = dashboardBody(template);
  });

  it('is named after the stack by default, or dashboardName, and is gone with dashboard=false', () => {
    // Assess
    assertResource(template, 'AWS::CloudWatch::Dashboard', { DashboardName: 'TelnyxCostAlert' });
    assertResource(templateOf({ dashboardName: 'telnyx-spend' }), 'AWS::CloudWatch::Dashboard', { DashboardName: 'telnyx-spend' });
    assertResourceCount(templateOf({ dashboard: 'false' }), 'AWS::CloudWatch::Dashboard', 0);
  });

  it("queries the function's own log group in every log widget, with the contract's field names", () => {
    // Prepare
    const logWidgets = body.widgets.filter((widget) => widget.type === 'log');
    const queries = logWidgets.map((widget) => String(widget.properties.query));

    // Assess
    expect(logWidgets).toHaveLength(Object.keys(DASHBOARD_QUERIES).length);
    for (const query of queries) expect(query).toContain(`SOURCE '<{'Ref':'${logGroupId}'}>'`);
    const all = queries.join('\n');
    for (const field of ['message = "Evaluated"', 'periodState = "current"', 'product', 'period', 'spendAmount', 'limitAmount', 'alertLevel']) {
      expect(all).toContain(field);
    }
    for (const field of ['message = "Alert published"', 'severity', 'signal']) expect(all).toContain(field);
    for (const field of ['message = "Check finished"', 'durationMs', 'telnyxRequests', 'telnyxRetries', 'failureCount']) expect(all).toContain(field);
  });

  it('draws spend against the limit per threshold and period (grouped by field, so new thresholds need no redeploy)', () => {
    // Prepare
    const titles = body.widgets.map((widget) => widget.properties.title);
    const percent = body.widgets.find((widget) => widget.properties.title === 'Spend as % of limit, per threshold and period');

    // Assess
    expect(titles).toEqual(
      expect.arrayContaining([
        'Spend per threshold and period',
        'Latest spend against limit',
        'Alerts sent per day, by severity and signal',
        'Check health: duration, Telnyx requests and retries, failures',
      ]),
    );
    expect(percent?.properties.view).toBe('timeSeries');
    expect(String(percent?.properties.query)).toContain('100 * spendAmount / limitAmount');
    expect(String(percent?.properties.query)).toContain('by bin(1h), threshold');
  });

  it('draws the available credit from the "Balance evaluated" line, per currency and hour, at its lowest', () => {
    // Prepare
    const credit = body.widgets.find((widget) => widget.properties.title === 'Available credit, lowest per hour (with a balance threshold)');
    const query = String(credit?.properties.query);

    // Assess
    expect(credit?.type).toBe('log');
    expect(credit?.properties.view).toBe('timeSeries');
    expect(query).toContain(`SOURCE '<{'Ref':'${logGroupId}'}>'`);
    expect(query).toContain('filter message = "Balance evaluated" and ispresent(availableAmount)');
    expect(query).toContain('stats min(availableAmount) as availableCredit by bin(1h), currency');
  });

  it("graphs the function's Duration and Errors and the check's EMF metrics", () => {
    // Prepare
    const metrics = body.widgets
      .filter((widget) => widget.type === 'metric')
      .flatMap((widget) => (widget.properties.metrics as unknown[][]).map((metric) => metric.slice(0, 2).join(' ')));

    // Assess
    expect(metrics).toEqual(
      expect.arrayContaining([
        'AWS/Lambda Duration',
        'AWS/Lambda Errors',
        'TelnyxCostAlert ChecksCompleted',
        'TelnyxCostAlert AlertsPublished',
        'TelnyxCostAlert CheckFailures',
      ]),
    );
  });

  it('needs no new permission on the function (the dashboard reads logs, the function only writes them)', () => {
    // Act
    const functionPolicies = JSON.stringify(template.findResources('AWS::IAM::Policy'));

    // Assess
    expect(functionPolicies).not.toMatch(/logs:(StartQuery|GetQueryResults|FilterLogEvents)|cloudwatch:/);
  });
});
