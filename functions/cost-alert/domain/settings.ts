/**
 * The settings the stack's context (lib/stack-context), the function's environment (config.ts) and the CLI
 * (bin/cli) all know: their defaults and their rules, written once. Each reader keeps its own error message,
 * naming its own setting (lateUsageHours, LATE_USAGE_HOURS, ...).
 */

/** Where the thresholds live: one String parameter per product (and `total`) under this path. */
export const DEFAULT_THRESHOLDS_PATH = '/telnyx-cost-alert/thresholds';

/** The SecureString with the Telnyx API key, created by the operator, never by the stack. */
export const DEFAULT_API_KEY_PARAMETER = '/telnyx-cost-alert/api-key';

/** Hours an ended day or month is re-read for late usage records. */
export const DEFAULT_LATE_USAGE_HOURS = 6;

/**
 * Past a day the ended day would still be re-read when the next one ends, and only the day just ended is tracked:
 * a longer grace time would promise re-reads of the day before yesterday that never happen. 0 turns re-reading off.
 */
export const MAX_LATE_USAGE_HOURS = 24;

/** Whole hours from 0 to MAX_LATE_USAGE_HOURS, written as digits only; undefined for anything else. */
export function parseLateUsageHours(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const hours = Number(text);
  return hours <= MAX_LATE_USAGE_HOURS ? hours : undefined;
}
