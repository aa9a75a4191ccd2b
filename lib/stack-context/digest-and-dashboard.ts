/** What the stack adds beside the check: the daily digest's time and the dashboard's name (each can be turned off). */
import { CONTEXT_KEYS, ContextError, type ContextReader, optionalString, readBoolean, withDefault } from './context-reader';

/** Local time of the daily digest, `HH:MM` in timeZone; undefined with digest=false. */
export function readDigestTime(context: ContextReader): { hour: number; minute: number } | undefined {
  if (!readBoolean(context, 'digest')) return undefined;
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

/** The CloudWatch dashboard's name (the stack's by default); undefined with dashboard=false. */
export function readDashboardName(context: ContextReader, stackName: string): string | undefined {
  if (!readBoolean(context, 'dashboard')) return undefined;
  const value = optionalString(context, CONTEXT_KEYS.dashboardName) ?? stackName;
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(value)) {
    throw new ContextError(
      CONTEXT_KEYS.dashboardName,
      `"${value}" is not a CloudWatch dashboard name (letters, digits, - and _ only, at most 255), like TelnyxCostAlert`,
    );
  }
  return value;
}
