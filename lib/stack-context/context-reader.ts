/**
 * How the stack reads CDK context: the error every bad value raises, the keys and their defaults, and the readers
 * shared by each concern's validation (strings, lists, true/false). Every error names the context key and shows a
 * value that would work, so `cdk synth` fails early, in one line.
 */
import { DEFAULT_API_KEY_PARAMETER, DEFAULT_LATE_USAGE_HOURS, DEFAULT_THRESHOLDS_PATH } from '../../functions/cost-alert/domain/settings';

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

/** How a stack or app reads context: `(key) => node.tryGetContext(key)`. */
export type ContextReader = (key: string) => unknown;

/** The one place the defaults live; cdk.json repeats them for discoverability (a test keeps the two equal). */
export const CONTEXT_DEFAULTS = {
  thresholdsPath: DEFAULT_THRESHOLDS_PATH,
  apiKeyParameter: DEFAULT_API_KEY_PARAMETER,
  schedule: 'rate(15 minutes)',
  timeZone: 'UTC',
  smsSeverities: 'critical,error',
  smsAlarms: 'true',
  digest: 'true',
  digestTime: '08:00',
  dashboard: 'true',
  lateUsageHours: String(DEFAULT_LATE_USAGE_HOURS),
  stackName: 'TelnyxCostAlert',
} as const;

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

export function withDefault(context: ContextReader, key: keyof typeof CONTEXT_DEFAULTS): string {
  return optionalString(context, key) ?? CONTEXT_DEFAULTS[key];
}

/**
 * Comma-separated on the command line, or a JSON array in cdk.json: the non-empty items with their positions (1 for
 * the first). A bad item is named by its position, never quoted: contacts come from secrets, and GitHub masks a
 * secret only where it appears whole.
 */
export function readItems(context: ContextReader, key: string): { item: string; position: number }[] {
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

export function readBoolean(context: ContextReader, key: 'smsAlarms' | 'digest' | 'dashboard'): boolean {
  const value = withDefault(context, key).toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ContextError(CONTEXT_KEYS[key], `"${value}" is not true or false`);
}
