/** The cost-alert stack's settings, read from context once at synth time and validated concern by concern. */
import { CONTEXT_KEYS, type ContextReader, optionalString, readBoolean } from './context-reader';
import { type AlertSeverity, readAlertEmails, readAlertSmsNumbers, readSmsSeverities } from './contacts';
import { readDashboardName, readDigestTime } from './digest-and-dashboard';
import { readApiKeyParameter, readThresholdsPath, validateKmsKeyArn } from './parameters';
import { readLateUsageHours, readScheduleSettings, readTimeZone } from './schedule';
import { readPermissionsBoundary, readStackName } from './stack-names';

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

/** Each key is read in this order, so that of several bad values the same one is always reported first. */
export function readCostAlertConfig(context: ContextReader): CostAlertConfig {
  const { schedule, intervalMinutes } = readScheduleSettings(context);
  const apiKeyKmsKeyArn = optionalString(context, CONTEXT_KEYS.apiKeyKmsKeyArn);
  const stackName = readStackName(context);
  const digestTime = readDigestTime(context);
  const dashboardName = readDashboardName(context, stackName);
  const permissionsBoundary = readPermissionsBoundary(context);
  const apiKeyParameter = readApiKeyParameter(context);
  return {
    stackName,
    thresholdsPath: readThresholdsPath(context, apiKeyParameter),
    apiKeyParameter,
    ...(apiKeyKmsKeyArn === undefined ? {} : { apiKeyKmsKeyArn: validateKmsKeyArn(CONTEXT_KEYS.apiKeyKmsKeyArn, apiKeyKmsKeyArn) }),
    schedule,
    intervalMinutes,
    timeZone: readTimeZone(context),
    alertEmails: readAlertEmails(context),
    alertSmsNumbers: readAlertSmsNumbers(context),
    smsSeverities: readSmsSeverities(context),
    smsAlarms: readBoolean(context, 'smsAlarms'),
    ...(digestTime === undefined ? {} : { digestTime }),
    ...(dashboardName === undefined ? {} : { dashboardName }),
    lateUsageHours: readLateUsageHours(context),
    ...(permissionsBoundary === undefined ? {} : { permissionsBoundary }),
  };
}
