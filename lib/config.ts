/**
 * CDK context -> validated deployment settings, read once at synth time.
 * Every error names the context key and shows a value that would work, so `cdk synth` fails early and clearly.
 */
import { pathHolds, thresholdsPathBeside } from '../functions/cost-alert/domain/parameter-paths';
import { validateTimeZone } from '../functions/cost-alert/domain/periods';

/** A context value that cannot be deployed. */
export class ContextError extends Error {
  override readonly name = 'ContextError';
  constructor(
    readonly key: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${key}: ${message}`, options);
  }
}

/** The one place the defaults live; cdk.json repeats them for discoverability (a test keeps the two equal). */
export const CONTEXT_DEFAULTS = {
  thresholdsPath: '/telnyx-cost-alert/thresholds',
  apiKeyParameter: '/telnyx-cost-alert/api-key',
  schedule: 'rate(15 minutes)',
  timeZone: 'UTC',
  smsSeverities: 'critical,error',
  smsAlarms: 'true',
  digest: 'true',
  digestTime: '08:00',
  dashboard: 'true',
  lateUsageHours: '6',
  stackName: 'TelnyxCostAlert',
} as const;

// `info` is the daily digest's severity: SMS subscribers opt in to it with smsSeverities=critical,error,info.
export const SEVERITIES = ['info', 'warning', 'critical', 'error'] as const;
export type AlertSeverity = (typeof SEVERITIES)[number];

export interface CostAlertConfig {
  readonly stackName: string;
  /** SSM path holding one parameter per product (and `total`); starts with '/', no trailing '/'. */
  readonly thresholdsPath: string;
  /** Name of the SecureString with the Telnyx API key, created by the operator, never by the stack. */
  readonly apiKeyParameter: string;
  /** Customer-managed KMS key of the API-key parameter, when it does not use the AWS-managed alias/aws/ssm. */
  readonly apiKeyKmsKeyArn?: string;
  /** EventBridge Scheduler expression: rate(...) or cron(...). */
  readonly schedule: string;
  /** Longest gap between two scheduled runs, in minutes: sizes the checks-stopped alarm and the event age. */
  readonly intervalMinutes: number;
  /** IANA time zone of the schedule and of the check's days and months. */
  readonly timeZone: string;
  readonly alertEmails: readonly string[];
  readonly alertSmsNumbers: readonly string[];
  /** Severities that reach SMS subscribers (email gets everything). */
  readonly smsSeverities: readonly AlertSeverity[];
  /** Alarm notifications (ALARM and recovered) go to the SMS numbers too, through a topic of their own. */
  readonly smsAlarms: boolean;
  /** Local time of the daily digest, `HH:MM` in `timeZone`; undefined when the digest is off (`digest=false`). */
  readonly digestTime?: { readonly hour: number; readonly minute: number };
  /** CloudWatch dashboard name; undefined when the dashboard is off (`dashboard=false`). Defaults to the stack name. */
  readonly dashboardName?: string;
  /** Hours an ended day or month is re-read for late usage records (env LATE_USAGE_HOURS). */
  readonly lateUsageHours: number;
  /** Name of an IAM managed policy set as permissions boundary on every role of both stacks. */
  readonly permissionsBoundary?: string;
}

export interface GitHubDeployConfig {
  readonly owner: string;
  readonly repository: string;
  /** ARN of an existing token.actions.githubusercontent.com provider (an account holds only one). */
  readonly existingOidcProviderArn?: string;
  /**
   * GitHub environment the deploy job names (`environment: <name>`): the role then trusts the subject
   * repo:<owner>/<name>:environment:<name> instead of the main branch.
   */
  readonly environment?: string;
}

/** How a stack or app reads context: `(key) => node.tryGetContext(key)`. */
export type ContextReader = (key: string) => unknown;

/** Context keys, named once so code, errors and the README agree. */
export const CONTEXT_KEYS = {
  stackName: 'stackName',
  thresholdsPath: 'thresholdsPath',
  apiKeyParameter: 'apiKeyParameter',
  apiKeyKmsKeyArn: 'apiKeyKmsKeyArn',
  schedule: 'schedule',
  heartbeatMinutes: 'heartbeatMinutes',
  timeZone: 'timeZone',
  alertEmails: 'alertEmails',
  alertSmsNumbers: 'alertSmsNumbers',
  smsSeverities: 'smsSeverities',
  smsAlarms: 'smsAlarms',
  digest: 'digest',
  digestTime: 'digestTime',
  dashboard: 'dashboard',
  dashboardName: 'dashboardName',
  lateUsageHours: 'lateUsageHours',
  permissionsBoundary: 'permissionsBoundary',
  githubRepository: 'githubRepository',
  githubOidcProviderArn: 'githubOidcProviderArn',
  githubEnvironment: 'githubEnvironment',
} as const;

export function readCostAlertConfig(context: ContextReader): CostAlertConfig {
  const schedule = readSchedule(context);
  const heartbeat = optionalString(context, CONTEXT_KEYS.heartbeatMinutes);
  const intervalMinutes = heartbeat === undefined ? inferIntervalMinutes(schedule) : parseHeartbeatMinutes(heartbeat);
  const apiKeyKmsKeyArn = optionalString(context, CONTEXT_KEYS.apiKeyKmsKeyArn);
  const stackName = readStackName(context);
  const digestTime = readBoolean(context, 'digest') ? readDigestTime(context) : undefined;
  const dashboardName = readBoolean(context, 'dashboard') ? readDashboardName(context, stackName) : undefined;
  const permissionsBoundary = readPermissionsBoundary(context);
  const apiKeyParameter = readApiKeyParameter(context);
  return {
    stackName,
    thresholdsPath: readThresholdsPath(context, apiKeyParameter),
    apiKeyParameter,
    ...(apiKeyKmsKeyArn === undefined ? {} : { apiKeyKmsKeyArn: validateKmsKeyArn(apiKeyKmsKeyArn) }),
    schedule,
    intervalMinutes,
    timeZone: readTimeZone(context),
    alertEmails: readContacts(context, CONTEXT_KEYS.alertEmails, EMAIL, 'an email address like ops@example.com'),
    alertSmsNumbers: readContacts(
      context,
      CONTEXT_KEYS.alertSmsNumbers,
      E164,
      'an E.164 number like +15555550100 (a plus, the country code, then digits only)',
    ),
    smsSeverities: readSmsSeverities(context),
    smsAlarms: readBoolean(context, 'smsAlarms'),
    ...(digestTime === undefined ? {} : { digestTime }),
    ...(dashboardName === undefined ? {} : { dashboardName }),
    lateUsageHours: readLateUsageHours(context),
    ...(permissionsBoundary === undefined ? {} : { permissionsBoundary }),
  };
}

/** Undefined when `githubRepository` is not set: the deploy stack is then left out of the app. */
export function readGitHubDeployConfig(context: ContextReader): GitHubDeployConfig | undefined {
  const key = CONTEXT_KEYS.githubRepository;
  const value = optionalString(context, key);
  if (value === undefined) return undefined;
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(value);
  if (!match || match[2] === '.' || match[2] === '..' || match[1]!.endsWith('-') || match[1]!.includes('--')) {
    throw new ContextError(
      key,
      `"${value}" is not a GitHub repository like octo-org/telnyx-cost-alert: owner/name only (no https://github.com/, no .git), copied exactly as GitHub shows it, since the trust policy compares it case-sensitively`,
    );
  }
  const existing = optionalString(context, CONTEXT_KEYS.githubOidcProviderArn);
  if (existing !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(existing)) {
    throw new ContextError(
      CONTEXT_KEYS.githubOidcProviderArn,
      `"${existing}" is not the ARN of the GitHub provider, like arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com`,
    );
  }
  const environment = optionalString(context, CONTEXT_KEYS.githubEnvironment);
  // GitHub's environment names: up to 255 characters, no commas, colons or quotes (the subject is colon-separated).
  if (environment !== undefined && !/^[A-Za-z0-9 ._-]{1,255}$/.test(environment)) {
    throw new ContextError(CONTEXT_KEYS.githubEnvironment, `"${environment}" is not a GitHub environment name like production (letters, digits, space, . _ -)`);
  }
  return {
    owner: match[1]!,
    repository: match[2]!,
    ...(existing === undefined ? {} : { existingOidcProviderArn: existing }),
    ...(environment === undefined ? {} : { environment }),
  };
}

/**
 * A context value as a trimmed string; undefined when absent or empty, so that CI can pass an unset
 * repository variable (`-c schedule=`) and still get the default.
 */
export function optionalString(context: ContextReader, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') {
    // The type only: the value may be a contact list, and CI logs are public.
    throw new ContextError(key, `expected a string, got ${Array.isArray(value) ? 'a list' : typeof value}`);
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function withDefault(context: ContextReader, key: keyof typeof CONTEXT_DEFAULTS): string {
  return optionalString(context, key) ?? CONTEXT_DEFAULTS[key];
}

/**
 * Comma-separated on the command line, or a JSON array in cdk.json: the non-empty items with their positions (1 for
 * the first). A bad item is named by its position, never quoted: contacts come from secrets, and GitHub masks a
 * secret only where it appears whole.
 */
function readItems(context: ContextReader, key: string): { item: string; position: number }[] {
  const value = context(key);
  const items = Array.isArray(value) ? (value as unknown[]) : (optionalString(context, key)?.split(',') ?? []);
  const firstSeen = new Map<string, number>();
  return items.flatMap((item, index) => {
    const position = index + 1;
    if (typeof item !== 'string') throw new ContextError(key, `item ${position} of ${key} is not a string`);
    const trimmed = item.trim();
    if (trimmed === '') return [];
    const first = firstSeen.get(trimmed);
    if (first !== undefined) throw new ContextError(key, `item ${position} of ${key} repeats item ${first}`);
    firstSeen.set(trimmed, position);
    return [{ item: trimmed, position }];
  });
}

function readList(context: ContextReader, key: string): string[] {
  return readItems(context, key).map(({ item }) => item);
}

/** A contact list: each item must match `shape`, or the error names its position. */
function readContacts(context: ContextReader, key: string, shape: RegExp, expected: string): string[] {
  return readItems(context, key).map(({ item, position }) => {
    if (!shape.test(item)) throw new ContextError(key, `item ${position} of ${key} is not ${expected}`);
    return item;
  });
}

function readStackName(context: ContextReader): string {
  const value = withDefault(context, 'stackName');
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(value)) {
    throw new ContextError(CONTEXT_KEYS.stackName, `"${value}" is not a CloudFormation stack name (a letter, then letters, digits and hyphens, at most 128)`);
  }
  return value;
}

const PARAMETER_NAME = /^\/?[A-Za-z0-9_.\-/]+$/;

export function validateParameterName(key: string, value: string, example: string): void {
  if (!PARAMETER_NAME.test(value) || value.includes('//') || value.length > 1011) {
    throw new ContextError(key, `"${value}" is not an SSM parameter name like ${example} (letters, digits, _ . - and / only)`);
  }
  if (/^\/?(aws|ssm)/i.test(value)) {
    throw new ContextError(key, `"${value}" starts with aws or ssm, which SSM reserves; use e.g. ${example}`);
  }
  if (value.split('/').filter(Boolean).length > 15) {
    throw new ContextError(key, `"${value}" is more than 15 levels deep, which SSM refuses`);
  }
}

function readThresholdsPath(context: ContextReader, apiKeyParameter: string): string {
  const key = CONTEXT_KEYS.thresholdsPath;
  const value = withDefault(context, 'thresholdsPath');
  validateParameterName(key, value, CONTEXT_DEFAULTS.thresholdsPath);
  // GetParametersByPath wants a leading slash; a trailing one would double up in `${path}/*`.
  if (!value.startsWith('/') || value.endsWith('/') || value === '/') {
    throw new ContextError(key, `"${value}" must start with "/" and not end with "/", like ${CONTEXT_DEFAULTS.thresholdsPath}`);
  }
  // The path is read recursively: one that holds the key would read it as a threshold (domain/parameter-paths.ts).
  if (pathHolds(value, apiKeyParameter)) {
    throw new ContextError(
      key,
      `"${value}" holds the API-key parameter ${apiKeyParameter} (apiKeyParameter), so the key would be read as a threshold: use a path of thresholds only, like ${thresholdsPathBeside(apiKeyParameter)}`,
    );
  }
  return value;
}

function readApiKeyParameter(context: ContextReader): string {
  const key = CONTEXT_KEYS.apiKeyParameter;
  const value = withDefault(context, 'apiKeyParameter');
  validateParameterName(key, value, CONTEXT_DEFAULTS.apiKeyParameter);
  if (value.endsWith('/')) {
    throw new ContextError(key, `"${value}" ends with "/"; name the parameter, like ${CONTEXT_DEFAULTS.apiKeyParameter}`);
  }
  if (value.includes('/') && !value.startsWith('/')) {
    throw new ContextError(key, `"${value}" is a hierarchical name without its leading "/"; write /${value}`);
  }
  return value;
}

function validateKmsKeyArn(value: string): string {
  if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(value)) {
    throw new ContextError(
      CONTEXT_KEYS.apiKeyKmsKeyArn,
      `"${value}" is not a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    );
  }
  return value;
}

const RATE = /^rate\((\d+) (minutes?|hours?|days?)\)$/;
const MINUTES_PER_UNIT: Record<string, number> = { minute: 1, hour: 60, day: 1440 };
/** A day: CloudWatch alarms cannot look further back than that, so longer gaps cannot be watched. */
const MAX_INTERVAL_MINUTES = 1440;

function readSchedule(context: ContextReader): string {
  const key = CONTEXT_KEYS.schedule;
  const value = withDefault(context, 'schedule');
  const rate = RATE.exec(value);
  if (rate) {
    const amount = Number(rate[1]);
    const unit = rate[2]!;
    if (amount < 1) throw new ContextError(key, `"${value}" must run at least every 1 ${unit.replace(/s$/, '')}`);
    if ((amount === 1) !== !unit.endsWith('s')) {
      const fixed = amount === 1 ? unit.replace(/s$/, '') : `${unit}s`;
      throw new ContextError(key, `"${value}" should read rate(${amount} ${fixed})`);
    }
    return value;
  }
  const cron = /^cron\((.+)\)$/.exec(value);
  if (cron) {
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6) {
      throw new ContextError(
        key,
        `"${value}" has ${fields.length} fields; Scheduler's cron has six (minutes hours day-of-month month day-of-week year), like cron(0/15 * * * ? *)`,
      );
    }
    const questionMarks = [fields[2], fields[4]].filter((field) => field === '?').length;
    if (questionMarks !== 1 || fields.some((field, index) => field.includes('?') && index !== 2 && index !== 4)) {
      throw new ContextError(key, `"${value}" needs "?" in exactly one of day-of-month (3rd field) and day-of-week (5th), like cron(0/15 * * * ? *)`);
    }
    return value;
  }
  throw new ContextError(key, `"${value}" is not an EventBridge Scheduler expression like rate(15 minutes) or cron(0/15 * * * ? *) (cron has six fields)`);
}

/**
 * The longest gap between runs of `schedule`. Exact for rate(); for cron() only the plain repeating
 * shapes are recognized (every N minutes, hourly, every N hours, daily), since a cron with quiet hours
 * would leave the checks-stopped alarm firing every night: those need `heartbeatMinutes` stated.
 */
export function inferIntervalMinutes(schedule: string): number {
  const rate = RATE.exec(schedule);
  const minutes = rate ? Number(rate[1]) * MINUTES_PER_UNIT[rate[2]!.replace(/s$/, '')]! : inferCronInterval(schedule);
  if (minutes === undefined) {
    throw new ContextError(
      CONTEXT_KEYS.heartbeatMinutes,
      `cannot tell how often "${schedule}" runs; set heartbeatMinutes to the longest gap between two runs, e.g. -c heartbeatMinutes=60`,
    );
  }
  if (minutes > MAX_INTERVAL_MINUTES) {
    throw new ContextError(
      CONTEXT_KEYS.schedule,
      `"${schedule}" runs less than daily; the checks-stopped alarm can watch at most a day, so schedule at least rate(1 day)`,
    );
  }
  return minutes;
}

function inferCronInterval(schedule: string): number | undefined {
  const fields = /^cron\((.+)\)$/.exec(schedule)?.[1]?.trim().split(/\s+/);
  if (!fields || fields.length !== 6) return undefined;
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  const any = (field: string) => field === '*' || field === '?';
  if (![dayOfMonth, month, dayOfWeek, year].every(any)) return undefined;
  const step = (field: string) => /^(?:\*|0)\/(\d+)$/.exec(field)?.[1];
  const fixed = (field: string) => /^\d+$/.test(field);
  const minuteStep = step(minute);
  if (any(hour) && minute === '*') return 1;
  if (any(hour) && minuteStep !== undefined && 60 % Number(minuteStep) === 0) return Number(minuteStep);
  if (!fixed(minute)) return undefined;
  if (any(hour)) return 60;
  const hourStep = step(hour);
  if (hourStep !== undefined && 24 % Number(hourStep) === 0) return Number(hourStep) * 60;
  if (fixed(hour)) return 1440;
  return undefined;
}

function parseHeartbeatMinutes(value: string): number {
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_INTERVAL_MINUTES) {
    throw new ContextError(CONTEXT_KEYS.heartbeatMinutes, `"${value}" is not a whole number of minutes between 1 and ${MAX_INTERVAL_MINUTES}`);
  }
  return minutes;
}

function readTimeZone(context: ContextReader): string {
  const key = CONTEXT_KEYS.timeZone;
  const value = withDefault(context, 'timeZone');
  try {
    // The check's own validation (canonical case, europe/berlin -> Europe/Berlin, but never an older alias):
    // Scheduler and the check must agree on the name.
    return validateTimeZone(value);
  } catch (error) {
    throw new ContextError(key, `"${value}" is not an IANA time zone like UTC or Europe/Berlin`, { cause: error });
  }
}

// A shape check, not RFC 5322: SNS sends a confirmation mail, which is the real test.
const EMAIL = /^[^\s@,;"<>]+@[^\s@,;"<>]+\.[A-Za-z]{2,}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

function readSmsSeverities(context: ContextReader): AlertSeverity[] {
  const key = CONTEXT_KEYS.smsSeverities;
  const given = readList(context, key);
  const values = given.length > 0 ? given : CONTEXT_DEFAULTS.smsSeverities.split(',');
  return values.map((value) => {
    const severity = SEVERITIES.find((known) => known === value);
    if (severity === undefined) {
      throw new ContextError(key, `"${value}" is not a severity; use some of ${SEVERITIES.join(', ')}`);
    }
    return severity;
  });
}

function readBoolean(context: ContextReader, key: 'smsAlarms' | 'digest' | 'dashboard'): boolean {
  const value = withDefault(context, key).toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ContextError(CONTEXT_KEYS[key], `"${value}" is not true or false`);
}

function readDigestTime(context: ContextReader): { hour: number; minute: number } {
  const value = withDefault(context, 'digestTime');
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) {
    throw new ContextError(
      CONTEXT_KEYS.digestTime,
      `"${value}" is not a time of day as HH:MM (24-hour, in timeZone) like 08:00; digest=false turns the digest off`,
    );
  }
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function readDashboardName(context: ContextReader, stackName: string): string {
  const value = optionalString(context, CONTEXT_KEYS.dashboardName) ?? stackName;
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(value)) {
    throw new ContextError(
      CONTEXT_KEYS.dashboardName,
      `"${value}" is not a CloudWatch dashboard name (letters, digits, - and _ only, at most 255), like TelnyxCostAlert`,
    );
  }
  return value;
}

function readLateUsageHours(context: ContextReader): number {
  const value = withDefault(context, 'lateUsageHours');
  const hours = Number(value);
  // Past a day the ended day would still be re-read when the next one ends; 0 turns the re-reading off.
  if (!/^\d+$/.test(value) || hours > 24) {
    throw new ContextError(CONTEXT_KEYS.lateUsageHours, `"${value}" is not a whole number of hours from 0 to 24, like 6`);
  }
  return hours;
}

function readPermissionsBoundary(context: ContextReader): string | undefined {
  const value = optionalString(context, CONTEXT_KEYS.permissionsBoundary);
  if (value !== undefined && !/^[\w+=,.@-]{1,128}$/.test(value)) {
    throw new ContextError(CONTEXT_KEYS.permissionsBoundary, `"${value}" is not an IAM policy name like telnyx-cost-alert-boundary (the name, not the ARN)`);
  }
  return value;
}
