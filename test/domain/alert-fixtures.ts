/** A messaging threshold, its breaches and the context they are rendered in, for the alert tests. */
import type { Breach, Level, Period, Threshold } from '../../functions/cost-alert/domain/types';

export const UNIT = 1_000_000_000n;
export const PARAMETER = '/telnyx-cost-alert/thresholds/messaging';
const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
export const isGsm7Basic = (text: string) => [...text].every((char) => GSM7_BASIC.includes(char));
export const isPrintableAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

export const threshold: Threshold = {
  product: 'messaging',
  parameterName: PARAMETER,
  daily: 50n * UNIT,
  monthly: 900n * UNIT,
  warnAtPpm: [800_000],
  currency: 'USD',
  filter: { direction: 'outbound' },
  enabled: true,
};
export const today: Period = {
  kind: 'daily',
  key: '2026-11-26',
  timeZone: 'Europe/Berlin',
  start: new Date('2026-11-25T23:00:00Z'),
  end: new Date('2026-11-26T23:00:00Z'),
};
export const critical: Level = { severity: 'critical', rankPpm: 1_000_000, at: 50n * UNIT };
export const warning: Level = { severity: 'warning', rankPpm: 800_000, at: 40n * UNIT };
export const checkedAt = new Date('2026-11-26T13:05:09Z');
export const context = { checkedAt, timeZone: 'Europe/Berlin', parameterLocation: PARAMETER };

export function breachOf(spend: bigint, level: Level, overrides: Partial<Threshold> = {}): Breach {
  const t = { ...threshold, ...overrides };
  return { threshold: t, period: today, spend: { nanos: spend, currency: t.currency }, limit: { nanos: t.daily ?? 0n, currency: t.currency }, level };
}
