import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CONTEXT_DEFAULTS, ContextError, inferIntervalMinutes, readCostAlertConfig, readGitHubDeployConfig } from '../../lib/stack-context';
import type { ContextReader } from '../../lib/stack-context';
import { buildApp } from './synthesize';

const contextOf =
  (values: Record<string, unknown>): ContextReader =>
  (key) =>
    values[key];

/** Runs `act` and returns the ContextError it throws (fails the test when it throws nothing or something else). */
function contextErrorOf(act: () => unknown): ContextError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ContextError);
    return error as ContextError;
  }
  throw new Error('expected a ContextError, nothing was thrown');
}

describe('readCostAlertConfig', () => {
  it('falls back to the documented defaults when the context is empty', () => {
    // Prepare
    const context = contextOf({});

    // Act
    const config = readCostAlertConfig(context);

    // Assess
    expect(config).toEqual({
      stackName: 'TelnyxCostAlert',
      thresholdsPath: '/telnyx-cost-alert/thresholds',
      apiKeyParameter: '/telnyx-cost-alert/api-key',
      schedule: 'rate(15 minutes)',
      intervalMinutes: 15,
      timeZone: 'UTC',
      alertEmails: [],
      alertSmsNumbers: [],
      smsSeverities: ['critical', 'error'],
      smsAlarms: true,
      digestTime: { hour: 8, minute: 0 },
      dashboardName: 'TelnyxCostAlert',
      lateUsageHours: 6,
    });
  });

  it('treats an empty value as unset, so CI can pass an unset repository variable', () => {
    // Prepare
    const context = contextOf({ schedule: '', timeZone: '  ', alertEmails: '', smsSeverities: '' });

    // Act
    const config = readCostAlertConfig(context);

    // Assess
    expect(config.schedule).toBe('rate(15 minutes)');
    expect(config.timeZone).toBe('UTC');
    expect(config.alertEmails).toEqual([]);
    expect(config.smsSeverities).toEqual(['critical', 'error']);
  });

  it('splits comma-separated subscribers and trims them; cdk.json may give arrays', () => {
    // Prepare
    const context = contextOf({
      alertEmails: ' a@example.com, b@example.com ,',
      alertSmsNumbers: ['+15555550100', '+4930901820'],
      smsSeverities: 'critical',
    });

    // Act
    const config = readCostAlertConfig(context);

    // Assess
    expect(config.alertEmails).toEqual(['a@example.com', 'b@example.com']);
    expect(config.alertSmsNumbers).toEqual(['+15555550100', '+4930901820']);
    expect(config.smsSeverities).toEqual(['critical']);
  });

  it('lets SMS subscribers opt in to the daily digest (severity info)', () => {
    const config = readCostAlertConfig(contextOf({ smsSeverities: 'critical,error,info' }));
    expect(config.smsSeverities).toEqual(['critical', 'error', 'info']);
  });

  it.each([
    ['alertEmails', 'ops.example.com', 'item 1 of alertEmails is not an email address like ops@example.com'],
    ['alertEmails', 'a@example.com,a@example.com', 'item 2 of alertEmails repeats item 1'],
    ['alertSmsNumbers', '555-0100', 'item 1 of alertSmsNumbers is not an E.164 number like +15555550100'],
    ['alertSmsNumbers', '+05555550100', 'is not an E.164 number'],
    ['timeZone', 'Mars/Olympus_Mons', '"Mars/Olympus_Mons" is not an IANA time zone like UTC or Europe/Berlin'],
    ['schedule', 'every 15 minutes', '"every 15 minutes" is not an EventBridge Scheduler expression like rate(15 minutes)'],
    ['schedule', 'rate(1 minutes)', 'should read rate(1 minute)'],
    ['schedule', 'rate(0 minutes)', 'must run at least every 1 minute'],
    ['schedule', 'cron(0/15 * * * ?)', "has 5 fields; Scheduler's cron has six (minutes hours day-of-month month day-of-week year)"],
    ['schedule', 'cron(0/15 * * * * *)', 'needs "?" in exactly one of day-of-month (3rd field) and day-of-week (5th)'],
    ['schedule', 'cron(0/15 * ? * ? *)', 'needs "?" in exactly one of day-of-month'],
    ['schedule', 'cron(0/15 ? * * * *)', 'needs "?" in exactly one of day-of-month'],
    ['schedule', 'rate(15 seconds)', 'is not an EventBridge Scheduler expression'],
    ['schedule', 'rate(1 week)', 'is not an EventBridge Scheduler expression'],
    ['smsAlarms', 'yes', '"yes" is not true or false'],
    ['digest', 'off', '"off" is not true or false'],
    ['digestTime', '8:00', '"8:00" is not a time of day as HH:MM (24-hour, in timeZone) like 08:00'],
    ['digestTime', '24:00', 'is not a time of day as HH:MM'],
    ['digestTime', '07:60', 'is not a time of day as HH:MM'],
    ['dashboard', 'maybe', 'is not true or false'],
    ['dashboardName', 'Telnyx costs', 'is not a CloudWatch dashboard name'],
    ['lateUsageHours', '25', '"25" is not a whole number of hours from 0 to 24'],
    ['lateUsageHours', '1.5', 'is not a whole number of hours from 0 to 24'],
    ['lateUsageHours', '-1', 'is not a whole number of hours from 0 to 24'],
    ['permissionsBoundary', 'arn:aws:iam::123456789012:policy/boundary', 'is not an IAM policy name'],
    ['schedule', 'rate(2 days)', 'runs less than daily'],
    ['smsSeverities', 'critical,urgent', '"urgent" is not a severity; use some of info, warning, critical, error'],
    ['thresholdsPath', 'telnyx/thresholds', 'must start with "/"'],
    ['thresholdsPath', '/telnyx/thresholds/', 'must start with "/" and not end with "/"'],
    ['thresholdsPath', '/telnyx thresholds', 'is not an SSM parameter name'],
    ['thresholdsPath', '/telnyx-cost-alert', '"/telnyx-cost-alert" holds the API-key parameter /telnyx-cost-alert/api-key (apiKeyParameter)'],
    ['thresholdsPath', '/telnyx-cost-alert/api-key', 'use a path of thresholds only, like /telnyx-cost-alert/thresholds'],
    ['apiKeyParameter', '/aws/telnyx-key', 'starts with aws or ssm'],
    ['apiKeyParameter', 'telnyx/api-key', 'write /telnyx/api-key'],
    ['apiKeyKmsKeyArn', 'alias/aws/ssm', 'is not a KMS key ARN'],
    ['heartbeatMinutes', '90.5', 'is not a whole number of minutes'],
    ['stackName', '1stack', 'is not a CloudFormation stack name'],
  ])('refuses %s=%j and names the key', (key, value, message) => {
    // Prepare
    const context = contextOf({ [key]: value });

    // Act
    const error = contextErrorOf(() => readCostAlertConfig(context));

    // Assess
    expect(error.key).toBe(key);
    expect(error.message.startsWith(`${key}: `)).toBe(true);
    expect(error.message).toContain(message);
  });

  it('spells the time zone the way Scheduler and the check both accept', () => {
    // Prepare
    const context = contextOf({ timeZone: 'europe/berlin' });

    // Act
    const config = readCostAlertConfig(context);

    // Assess
    expect(config.timeZone).toBe('Europe/Berlin');
  });

  it('asks for heartbeatMinutes when a cron has quiet hours, and takes it when given', () => {
    // Prepare
    const businessHours = 'cron(0/15 9-17 ? * MON-FRI *)';

    // Act
    const missing = contextErrorOf(() => readCostAlertConfig(contextOf({ schedule: businessHours })));
    const given = readCostAlertConfig(contextOf({ schedule: businessHours, heartbeatMinutes: '960' }));

    // Assess
    expect(missing.key).toBe('heartbeatMinutes');
    expect(missing.message).toContain('set heartbeatMinutes to the longest gap between two runs');
    expect(given.intervalMinutes).toBe(960);
  });

  it('errors surface when the app is built, before anything is synthesized', () => {
    // Prepare
    const context = { alertSmsNumbers: '555-0100' };

    // Act
    const error = contextErrorOf(() => buildApp(context));

    // Assess
    expect(error.message).toBe(
      'alertSmsNumbers: item 1 of alertSmsNumbers is not an E.164 number like +15555550100 (a plus, the country code, then digits only)',
    );
  });
});

describe('readCostAlertConfig: a thresholds path and the API key', () => {
  it('compares by path segments: a path that only shares a string prefix with the key, or lies below it, is fine', () => {
    // Act
    const prefix = readCostAlertConfig(contextOf({ thresholdsPath: '/telnyx-cost' }));
    const below = readCostAlertConfig(contextOf({ thresholdsPath: '/telnyx-cost-alert/api-key-limits' }));

    // Assess
    expect(prefix.thresholdsPath).toBe('/telnyx-cost');
    expect(below.thresholdsPath).toBe('/telnyx-cost-alert/api-key-limits');
  });

  it('refuses a path above a custom apiKeyParameter, naming thresholdsPath', () => {
    // Act
    const error = contextErrorOf(() => readCostAlertConfig(contextOf({ apiKeyParameter: '/org/telnyx/key', thresholdsPath: '/org' })));

    // Assess
    expect(error.key).toBe('thresholdsPath');
    expect(error.message).toBe(
      'thresholdsPath: "/org" holds the API-key parameter /org/telnyx/key (apiKeyParameter), so the key would be read as a threshold: use a path of thresholds only, like /org/telnyx/thresholds',
    );
  });
});

describe('readCostAlertConfig: contacts are named by position, never echoed', () => {
  it.each([
    ['alertEmails', 'ops@example.com,  ,finance.example.com', 'alertEmails: item 3 of alertEmails is not an email address like ops@example.com', 'finance'],
    ['alertSmsNumbers', '+15555550100,+15555550199,+15555550100', 'alertSmsNumbers: item 3 of alertSmsNumbers repeats item 1', '555'],
    ['alertSmsNumbers', ['+15555550100', 15555550199], 'alertSmsNumbers: item 2 of alertSmsNumbers is not a string', '555'],
    ['alertEmails', { ops: 'ops@example.com' }, 'alertEmails: expected a string, got object', 'ops'],
  ])('%s=%j', (key, value, message, secretPart) => {
    // Act
    const error = contextErrorOf(() => readCostAlertConfig(contextOf({ [key]: value })));

    // Assess
    expect(error.message).toBe(message);
    expect(error.message.replace(/ops@example\.com/, '')).not.toContain(secretPart);
  });
});

describe('readCostAlertConfig: the digest, dashboard, contact and boundary keys', () => {
  it('turns the digest and the dashboard off, and names the dashboard', () => {
    // Act
    const off = readCostAlertConfig(contextOf({ digest: 'false', dashboard: false }));
    const named = readCostAlertConfig(contextOf({ dashboardName: 'telnyx-spend', digestTime: '06:30', smsAlarms: 'false', lateUsageHours: '0' }));

    // Assess
    expect(off.digestTime).toBeUndefined();
    expect(off.dashboardName).toBeUndefined();
    expect(named).toEqual(expect.objectContaining({ dashboardName: 'telnyx-spend', digestTime: { hour: 6, minute: 30 }, smsAlarms: false, lateUsageHours: 0 }));
  });

  it('accepts a cron with "?" in day-of-month instead of day-of-week', () => {
    // Act
    const config = readCostAlertConfig(contextOf({ schedule: 'cron(0/15 * ? * * *)' }));

    // Assess
    expect(config.schedule).toBe('cron(0/15 * ? * * *)');
    expect(config.intervalMinutes).toBe(15);
  });
});

describe('inferIntervalMinutes', () => {
  it.each([
    ['rate(1 minute)', 1],
    ['rate(15 minutes)', 15],
    ['rate(2 hours)', 120],
    ['rate(1 day)', 1440],
    ['cron(* * * * ? *)', 1],
    ['cron(0/10 * * * ? *)', 10],
    ['cron(*/30 * * * ? *)', 30],
    ['cron(5 * * * ? *)', 60],
    ['cron(0 */6 * * ? *)', 360],
    ['cron(30 8 * * ? *)', 1440],
  ])('%s runs at least every %i minutes', (schedule, minutes) => {
    // Act
    const interval = inferIntervalMinutes(schedule);

    // Assess
    expect(interval).toBe(minutes);
  });
});

describe('readGitHubDeployConfig', () => {
  it('is absent without githubRepository, so the deploy stack stays out of the app', () => {
    // Act
    const config = readGitHubDeployConfig(contextOf({}));

    // Assess
    expect(config).toBeUndefined();
  });

  it('trusts a GitHub environment instead of main when githubEnvironment is set', () => {
    // Act
    const config = readGitHubDeployConfig(contextOf({ githubRepository: 'Octo-Org/Telnyx-Cost-Alert', githubEnvironment: 'production' }));

    // Assess
    expect(config).toEqual({ owner: 'Octo-Org', repository: 'Telnyx-Cost-Alert', environment: 'production' });
  });

  it('tells the user to copy owner/name exactly, since the trust policy compares it case-sensitively', () => {
    // Act
    const error = contextErrorOf(() => readGitHubDeployConfig(contextOf({ githubRepository: 'github.com/octo-org/telnyx-cost-alert' })));

    // Assess
    expect(error.message).toContain('owner/name only (no https://github.com/, no .git), copied exactly as GitHub shows it');
    expect(error.message).toContain('case-sensitively');
  });

  it('splits owner/name', () => {
    // Act
    const config = readGitHubDeployConfig(contextOf({ githubRepository: 'octo-org/telnyx-cost-alert' }));

    // Assess
    expect(config).toEqual({ owner: 'octo-org', repository: 'telnyx-cost-alert' });
  });

  it.each([
    ['githubRepository', { githubRepository: 'https://github.com/octo-org/telnyx-cost-alert' }],
    ['githubRepository', { githubRepository: 'octo-org' }],
    ['githubOidcProviderArn', { githubRepository: 'o/r', githubOidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/example.com' }],
    ['githubRepository', { githubRepository: 'octo-org-/telnyx-cost-alert' }],
    ['githubRepository', { githubRepository: 'octo_org/telnyx-cost-alert' }],
    ['githubRepository', { githubRepository: 'octo-org/telnyx cost alert' }],
    ['githubEnvironment', { githubRepository: 'o/r', githubEnvironment: 'prod:main' }],
  ])('refuses a bad %s', (key, values) => {
    // Act
    const error = contextErrorOf(() => readGitHubDeployConfig(contextOf(values)));

    // Assess
    expect(error.key).toBe(key);
  });
});

describe('cdk.json', () => {
  it('repeats the code defaults exactly, so the two cannot drift', () => {
    // Prepare
    const cdkJson = JSON.parse(readFileSync(path.join(__dirname, '../../cdk.json'), 'utf8')) as {
      context: Record<string, unknown>;
    };
    const { stackName: _stackName, ...documented } = CONTEXT_DEFAULTS;

    // Act: cdk.json writes booleans and numbers as JSON; the CLI's -c gives the same as strings.
    const repeated = Object.fromEntries(Object.keys(documented).map((key) => [key, String(cdkJson.context[key])]));

    // Assess
    expect(repeated).toEqual(documented);
  });
});
