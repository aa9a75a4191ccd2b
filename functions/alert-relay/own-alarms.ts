/**
 * The relay's own alarms go out on the alert topic like every alarm, so they reach the relay too. A failure to
 * deliver one of them must not fail the invocation: that would put it in the on-failure queue, whose alarm would
 * reach the relay again, and so on every few minutes while a destination is down. Their names are fixed here and
 * given to the alarms by the stack (lib/alert-relay.ts), so that the relay can tell them.
 */

/** Alarm name suffixes; the stack prefixes the stack name. */
export const OWN_ALARM_SUFFIXES = { failed: '-alert-relay-failed', undelivered: '-alert-relay-undelivered' } as const;

export function isOwnAlarm(alarmName: string): boolean {
  return Object.values(OWN_ALARM_SUFFIXES).some((suffix) => alarmName.endsWith(suffix));
}
