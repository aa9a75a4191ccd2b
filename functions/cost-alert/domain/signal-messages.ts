/**
 * How forecast and spike alerts read, and when they repeat. A forecast is a warning at most once per threshold
 * and period; a spike is critical at most once per threshold and local day. Text for constrained channels goes
 * through the same cleaning as the limit alerts (breach-alert.ts, channel-text.ts): subjects printable ASCII under 100 characters,
 * SMS at most 160 GSM-7 characters.
 */
import type { Forecast } from './forecast';
import { HOUR_MS } from './time';
import { forecastMethod } from './forecast';
import { expiresAtFor, filterKey } from './alert-keys';
import { smsLine, subject } from './channel-text';
import { changeHint, describePeriod, exactAmount, filterText, PAYLOAD_VERSION } from './message-parts';
import type { BreachContext } from './message-parts';
import { table } from './text-table';
import { formatMoney, formatNanos, NANOS_PER_UNIT } from './money';
import { formatLocalDateTime, localDateKey } from './periods';
import type { Spike } from './spike';
import { RECENT_HOURS, usualMethod } from './spike';
import { describeThreshold, formatThresholdValue } from './threshold-text';
import type { Alert, RenderedMessage } from './types';

/** Forecast and spike series have one level each: sent once, never raised. */
export const SIGNAL_RANK = 1;

/** The context of a signal alert: the same as a limit alert's. */
export type SignalContext = BreachContext;

/** Cents, half up, without the currency: '48.00'. */
function cents(nanos: bigint): string {
  return formatMoney({ nanos, currency: '' }).trimEnd();
}

/** 'HH:MM' on the clock of `timeZone`. */
function clock(at: Date, timeZone: string): string {
  return formatLocalDateTime(at, timeZone).slice(11, 16);
}

function historyText(days: number): string {
  return days === 1 ? 'the previous day' : `the previous ${days} days`;
}

/** The spend over the usual, for people: '30x', '5.2x'. */
export function ratioText(ratioTenths: bigint): string {
  return ratioTenths >= 100n ? `${ratioTenths / 10n}x` : `${ratioTenths / 10n}.${ratioTenths % 10n}x`;
}

export function renderForecast(forecast: Forecast, context: SignalContext): RenderedMessage {
  const { threshold, period, currency } = forecast;
  const product = threshold.product;
  const daily = period.kind === 'daily';
  const timeZone = context.timeZone ?? period.timeZone;
  const when = daily ? 'today' : 'this month';
  const projectedText = formatMoney({ nanos: forecast.projected, currency });
  const limitText = exactAmount(forecast.limit, currency);
  const reached = daily
    ? `by ${clock(forecast.reachedBy, period.timeZone)} today (${formatLocalDateTime(forecast.reachedBy, period.timeZone)})`
    : `by the end of ${localDateKey(new Date(forecast.reachedBy.getTime() - 1), period.timeZone)}`;

  const subjectText = subject('[WARNING] Telnyx ', product, ` on pace for ${projectedText} ${when}, limit ${limitText}`);
  const email = [
    `Telnyx ${product} spend is on pace to reach its ${period.kind} limit ${when}.`,
    '',
    ...table([
      ['Product', `${product}${filterText(threshold)}`],
      ['Period', describePeriod(period)],
      ['Spend so far', formatMoney({ nanos: forecast.spentSoFar, currency })],
      ['Projected', `${projectedText} by the end of the ${daily ? 'day' : 'month'}`],
      ['Limit', limitText],
      ['Limit reached', `${reached} at this pace`],
      ['Method', forecastMethod(forecast)],
      ['Checked at', `${formatLocalDateTime(context.checkedAt, timeZone)} (${timeZone})`],
      ['Threshold', describeThreshold(threshold)],
    ]),
    '',
    'This is an early warning: the limit has not been reached. A limit alert follows if it is.',
    `You will not hear about this forecast again ${daily ? 'today' : 'this month'}.`,
    'Usage that Telnyx reports late makes the spend so far read low, so the pace may be higher than shown.',
    '',
    ...changeHint(context.parameterLocation, formatThresholdValue(threshold)),
    '',
  ].join('\n');

  const tail = ` on pace for ${projectedText} ${when}, limit ${limitText} (${cents(forecast.spentSoFar)} so far).`;
  const head = 'Telnyx FORECAST: ';
  const sms = smsLine(head, product, tail);

  const payload = {
    version: PAYLOAD_VERSION,
    severity: 'warning',
    signal: 'forecast',
    product,
    period: period.kind,
    periodKey: period.key,
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    timeZone: period.timeZone,
    spend: formatNanos(forecast.spentSoFar),
    projected: formatNanos(forecast.projected),
    limit: formatNanos(forecast.limit),
    currency,
    reachedBy: forecast.reachedBy.toISOString(),
    historyDays: forecast.historyDays,
    method: forecastMethod(forecast),
    filter: { ...threshold.filter },
    checkedAt: context.checkedAt.toISOString(),
    parameter: threshold.parameterName,
  };
  return { subject: subjectText, default: email, email, sms, payload };
}

export function renderSpike(spike: Spike, context: SignalContext): RenderedMessage {
  const { threshold, currency } = spike;
  const product = threshold.product;
  const spendText = formatMoney({ nanos: spike.spend, currency });
  const usualText = `${formatMoney({ nanos: spike.usual, currency })}/h`;
  const ratio = spike.ratioTenths === undefined ? undefined : ratioText(spike.ratioTenths);
  const versus = ratio ? `${ratio} the usual ${usualText}` : `usual ${usualText}`;
  const subjectText = subject('[CRITICAL] Telnyx ', product, ` spike: ${spendText} in an hour, ${versus}`);
  // The last hour (complete or so far) is "the last hour"; an older one, reported late, is named.
  const when = spike.latest ? 'the last hour' : `the hour from ${clock(spike.hourStart, spike.day.timeZone)}`;
  const sms = smsLine('Telnyx SPIKE: ', product, ` ${spendText} in ${when}, ${versus}.`);
  const email = spikeEmail(spike, context, spendText, ratio);
  return { subject: subjectText, default: email, email, sms, payload: spikePayload(spike, context) };
}

/** The spike's email: the hour, how far above the usual, how the usual was found, and the hours around it. */
function spikeEmail(spike: Spike, context: SignalContext, spendText: string, ratio: string | undefined): string {
  const { threshold, currency } = spike;
  const product = threshold.product;
  const zone = spike.day.timeZone;
  const timeZone = context.timeZone ?? zone;
  const money = (nanos: bigint) => formatMoney({ nanos, currency });
  const hour = `${localDateKey(spike.hourStart, zone)} ${clock(spike.hourStart, zone)}-${clock(spike.hourEnd, zone)}${spike.partial ? ' (so far)' : ''} (${zone})`;
  const usual =
    `${money(spike.usual)}/h, the largest of this hour of the day's mean without its highest (${money(spike.sameHourMean)}) and a typical hour ` +
    `(${money(spike.hourlyMean)}) over ${historyText(spike.historyDays)}, and the median of the ${RECENT_HOURS} hours before (${money(spike.recentMedian)})`;
  const around = spike.around.map((entry) => {
    const marker = entry.start.getTime() === spike.hourStart.getTime() ? '  <- spike' : '';
    const current = entry.start.getTime() + HOUR_MS > spike.checkedAt.getTime() ? ' (so far)' : '';
    return `  ${clock(entry.start, zone)}  ${money(entry.spend).padStart(14)}   usual at this hour ${money(entry.sameHourMean)}${current}${marker}`;
  });
  return [
    `Telnyx ${product} spend jumped: ${spendText} in one hour, ${ratio ? `${ratio} the usual` : 'where it usually spends nothing'}.`,
    '',
    ...table([
      ['Product', `${product}${filterText(threshold)}`],
      ['Hour', hour],
      ['Spend', spendText],
      ['Usual', usual],
      [
        'Factor',
        `${ratio ?? 'n/a (the usual is zero)'}; a spike is at least ${formatNanos(spike.factorNanos, 0)}x the usual and ${exactAmount(spike.minimumPerHour, currency)}`,
      ],
      ['Earlier days', earlierDays(spike, money)],
      ['Checked at', `${formatLocalDateTime(context.checkedAt, timeZone)} (${timeZone})`],
      ['Threshold', describeThreshold(threshold)],
    ]),
    '',
    `The hours around it (${zone}):`,
    ...around,
    '',
    'Usage that Telnyx reports late makes the latest hours read low: the spike may be larger than shown.',
    `You will hear about a spike of ${product} at most once a day (${spike.day.key}); limit alerts are not affected.`,
    '',
    ...changeHint(context.parameterLocation, formatThresholdValue(threshold)),
    '',
  ].join('\n');
}

/** What the earlier days say about hours of this size: none came near it, a one-off was far larger, or one came near and this one is extreme. */
function earlierDays(spike: Spike, money: (nanos: bigint) => string): string {
  const days = historyText(spike.historyDays);
  if (spike.peakHour * 2n < spike.spend) return `no hour of half this size or more on ${days} (the largest: ${money(spike.peakHour)})`;
  if (spike.peakHour > spike.spend * 2n) return `one larger hour on ${days} (${money(spike.peakHour)}), a one-off more than twice this one`;
  const squared = formatNanos((spike.factorNanos * spike.factorNanos) / NANOS_PER_UNIT, 0);
  return `one hour of about this size on ${days} (${money(spike.peakHour)}); this one is at least ${squared}x the usual (the factor squared), so it is still a spike`;
}

/** The spike's machine payload: exact decimal strings. */
function spikePayload(spike: Spike, context: SignalContext): Record<string, unknown> {
  const { threshold } = spike;
  return {
    version: PAYLOAD_VERSION,
    severity: 'critical',
    signal: 'spike',
    product: threshold.product,
    period: 'hourly',
    periodKey: spike.day.key,
    hourStart: spike.hourStart.toISOString(),
    hourEnd: spike.hourEnd.toISOString(),
    partialHour: spike.partial,
    timeZone: spike.day.timeZone,
    spend: formatNanos(spike.spend),
    usual: formatNanos(spike.usual),
    sameHourMean: formatNanos(spike.sameHourMean),
    hourlyMean: formatNanos(spike.hourlyMean),
    recentMedian: formatNanos(spike.recentMedian),
    peakHour: formatNanos(spike.peakHour),
    secondPeakHour: formatNanos(spike.secondPeakHour),
    currency: spike.currency,
    method: usualMethod(spike),
    // spend / usual, to a tenth, rounded down; null when the usual is zero.
    ratio: spike.ratioTenths === undefined ? null : formatNanos(spike.ratioTenths * 100_000_000n, 0),
    factor: formatNanos(spike.factorNanos, 0),
    minimumPerHour: formatNanos(spike.minimumPerHour),
    historyDays: spike.historyDays,
    hours: spike.around.map((entry) => ({ start: entry.start.toISOString(), spend: formatNanos(entry.spend) })),
    filter: { ...threshold.filter },
    checkedAt: context.checkedAt.toISOString(),
    parameter: threshold.parameterName,
  };
}

/** The ledger key of a forecast: one per threshold (product, limit, currency, filter) and period. */
export function forecastKey(forecast: Forecast): string {
  const { threshold, period } = forecast;
  return ['forecast', threshold.product, period.kind, period.key, `${formatNanos(forecast.limit, 0)} ${forecast.currency}`, filterKey(threshold)].join('|');
}

/** The ledger key of a spike: one per threshold (product, currency, filter) and local day of the hour. */
export function spikeKey(spike: Spike): string {
  return ['spike', spike.threshold.product, spike.day.key, spike.currency, filterKey(spike.threshold)].join('|');
}

export function forecastToAlert(forecast: Forecast, context: SignalContext): Alert {
  return {
    key: forecastKey(forecast),
    rank: SIGNAL_RANK,
    severity: 'warning',
    signal: 'forecast',
    product: forecast.threshold.product,
    period: forecast.period.kind,
    expiresAt: expiresAtFor(forecast.period),
    message: renderForecast(forecast, context),
  };
}

export function spikeToAlert(spike: Spike, context: SignalContext): Alert {
  return {
    key: spikeKey(spike),
    rank: SIGNAL_RANK,
    severity: 'critical',
    signal: 'spike',
    product: spike.threshold.product,
    period: 'hourly',
    expiresAt: expiresAtFor(spike.day),
    message: renderSpike(spike, context),
  };
}
