/** Environment -> typed configuration, validated once at cold start. A bad value fails fast, naming the variable. */
import { validateTimeZone } from './domain/periods';
import { DEFAULT_API_KEY_PARAMETER, DEFAULT_LATE_USAGE_HOURS, DEFAULT_THRESHOLDS_PATH, parseLateUsageHours } from './domain/settings';
import { DEFAULT_BASE_URL } from './telnyx/usage-client';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export interface Config {
  /** SSM SecureString holding the Telnyx API key (its name, never its value). */
  readonly apiKeyParameter: string;
  /** SSM path of the thresholds, e.g. /telnyx-cost-alert/thresholds (no trailing slash). */
  readonly thresholdsPath: string;
  readonly topicArn: string;
  readonly ledgerTable: string;
  readonly telnyxBaseUrl: string;
  /** IANA zone that defines "today" and "this month". */
  readonly timeZone: string;
  /** Telnyx requests in flight at once. */
  readonly maxConcurrency: number;
  /** Hours an ended day or month is still evaluated for late usage (whole hours 0-24, default 6; optional for hand-built configs). */
  readonly lateUsageHours?: number;
}

const SSM_NAME = /^\/?[A-Za-z0-9_.\-/]+$/;
// Standard topics only: a FIFO topic delivers neither email nor SMS. Shared with the CLI's --topic-arn.
export const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const TABLE = /^[A-Za-z0-9_.-]{3,255}$/;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const required = (name: string, example: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new ConfigError(`${name} is not set: set it to ${example} (the stack sets it on deploy)`);
    return value;
  };
  const optional = (name: string): string | undefined => env[name]?.trim() || undefined;

  const apiKeyParameter = required(
    'TELNYX_API_KEY_PARAMETER',
    `the name of the SSM SecureString holding the Telnyx API key, e.g. ${DEFAULT_API_KEY_PARAMETER}`,
  );
  if (!SSM_NAME.test(apiKeyParameter)) {
    throw new ConfigError(
      `TELNYX_API_KEY_PARAMETER "${apiKeyParameter}" is not an SSM parameter name (letters, digits, _ . - /), e.g. ${DEFAULT_API_KEY_PARAMETER}`,
    );
  }
  const thresholdsPath = required('THRESHOLDS_PATH', `an SSM path such as ${DEFAULT_THRESHOLDS_PATH}`).replace(/\/+$/, '');
  if (!thresholdsPath.startsWith('/') || !SSM_NAME.test(thresholdsPath)) {
    throw new ConfigError(
      `THRESHOLDS_PATH "${thresholdsPath}" is not an SSM path: it starts with / and has letters, digits, _ . - /, e.g. ${DEFAULT_THRESHOLDS_PATH}`,
    );
  }
  const topicArn = required('ALERT_TOPIC_ARN', 'the ARN of the SNS alert topic');
  if (!TOPIC_ARN.test(topicArn)) {
    throw new ConfigError(
      `ALERT_TOPIC_ARN "${topicArn}" is not a standard (non-FIFO) SNS topic ARN like arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts`,
    );
  }
  const ledgerTable = required('ALERT_LEDGER_TABLE', 'the name of the DynamoDB alert ledger table');
  if (!TABLE.test(ledgerTable)) {
    throw new ConfigError(`ALERT_LEDGER_TABLE "${ledgerTable}" is not a DynamoDB table name (3-255 of letters, digits, _ . -)`);
  }
  const telnyxBaseUrl = (optional('TELNYX_API_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(telnyxBaseUrl);
  } catch (error) {
    throw new ConfigError(`TELNYX_API_BASE_URL "${telnyxBaseUrl}" is not a URL: leave it unset for ${DEFAULT_BASE_URL}`, { cause: error });
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) {
    // The API key travels in a header: never over plain HTTP beyond this machine.
    throw new ConfigError(`TELNYX_API_BASE_URL "${telnyxBaseUrl}" must use https: leave it unset for ${DEFAULT_BASE_URL}`);
  }
  let timeZone: string;
  try {
    timeZone = validateTimeZone(optional('TIME_ZONE') ?? 'UTC');
  } catch (error) {
    throw new ConfigError(`${(error as Error).message} (leave TIME_ZONE unset for UTC)`, { cause: error });
  }
  const concurrencyText = optional('TELNYX_MAX_CONCURRENCY') ?? '2';
  const maxConcurrency = Number(concurrencyText);
  if (!Number.isSafeInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > 10) {
    throw new ConfigError(`TELNYX_MAX_CONCURRENCY "${concurrencyText}" must be a whole number from 1 to 10 (default 2: the usage endpoint throttles hard)`);
  }
  const lateText = optional('LATE_USAGE_HOURS') ?? String(DEFAULT_LATE_USAGE_HOURS);
  // The same rule as the stack's context key lateUsageHours (domain/settings.ts).
  const lateUsageHours = parseLateUsageHours(lateText);
  if (lateUsageHours === undefined) {
    throw new ConfigError(
      `LATE_USAGE_HOURS "${lateText}" must be a whole number of hours from 0 to 24: how long an ended day or month is still checked for late usage (default ${DEFAULT_LATE_USAGE_HOURS})`,
    );
  }
  return { apiKeyParameter, thresholdsPath, topicArn, ledgerTable, telnyxBaseUrl, timeZone, maxConcurrency, lateUsageHours };
}
