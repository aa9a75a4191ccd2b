/**
 * What a person reads in a chat message or a page, worded once from the machine payload (alert-payload.ts) so
 * that the Chatbot notification, Slack, Teams and PagerDuty all say the same: a title, the figures that matter
 * (spend, limit, share), and what to do next. Pure: the payload is data from the topic, read defensively (a field
 * an older or newer payload lacks is left out, never guessed).
 */
import { truncate } from './channel-text';
import { looksLikeSsmName } from './message-parts';
import { formatMoney, parseNanos, percentOf } from './money';

export type Fact = readonly [label: string, value: string];

export interface AlertView {
  readonly severity: string;
  readonly signal: string;
  readonly product: string;
  /** The alert's ledger key: the same for a warning and the critical that follows it (a thread, a dedup key). */
  readonly alertKey?: string;
  readonly title: string;
  readonly summary: string;
  readonly facts: readonly Fact[];
  readonly nextSteps: readonly string[];
  readonly sms: string;
  /** Where the operator changes what caused it (an SSM parameter or a file), when there is one. */
  readonly parameter?: string;
  /** When the check ran (or the digest was made), ISO 8601. */
  readonly at?: string;
}

type Payload = Readonly<Record<string, unknown>>;

const TITLE_MAX = 250;
const FACT_MAX = 500;

function text(payload: Payload, field: string): string | undefined {
  const value = payload[field];
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/** Cents for people ('55.00 USD'); the text as given when it is not an amount. */
function money(amount: string | undefined, currency: string | undefined): string | undefined {
  if (amount === undefined) return undefined;
  const nanos = parseNanos(amount);
  return nanos === undefined ? amount : formatMoney({ nanos, currency: currency ?? '' }).trim();
}

/** The limit as the operator wrote it ('50 USD'). */
function exact(amount: string | undefined, currency: string | undefined): string | undefined {
  return amount === undefined ? undefined : `${amount}${currency ? ` ${currency}` : ''}`;
}

function share(spend: string | undefined, limit: string | undefined): string | undefined {
  const spent = parseNanos(spend);
  const of = parseNanos(limit);
  return spent === undefined || of === undefined || of <= 0n ? undefined : `${percentOf(spent, of).toFixed(1)}% of the limit`;
}

function periodText(payload: Payload): string | undefined {
  const kind = text(payload, 'period');
  const key = text(payload, 'periodKey');
  if (kind === undefined || key === undefined) return undefined;
  const zone = text(payload, 'timeZone');
  return `${kind} ${key}${zone ? ` (${zone})` : ''}${payload['periodState'] === 'ended' ? ', ended' : ''}`;
}

function facts(entries: ReadonlyArray<readonly [string, string | undefined]>): Fact[] {
  return entries.filter((entry): entry is Fact => entry[1] !== undefined).map(([label, value]) => [label, truncate(value, FACT_MAX)] as const);
}

function limitFacts(payload: Payload): Fact[] {
  const currency = text(payload, 'currency');
  const spend = text(payload, 'spend');
  const limit = text(payload, 'limit');
  const incomplete = payload['complete'] === false;
  const account = text(payload, 'account');
  const accountName = text(payload, 'accountName');
  return facts([
    ['Account', account === undefined || account === '*' ? undefined : accountName ? `${accountName} (${account})` : account],
    ['Spend', incomplete ? `at least ${money(spend, currency)} (some usage could not be read)` : money(spend, currency)],
    ['Limit', exact(limit, currency)],
    ['Share', share(spend, limit)],
    ['Period', periodText(payload)],
  ]);
}

function forecastFacts(payload: Payload): Fact[] {
  const currency = text(payload, 'currency');
  return facts([
    ['Spend so far', money(text(payload, 'spend'), currency)],
    ['Projected', money(text(payload, 'projected'), currency)],
    ['Limit', exact(text(payload, 'limit'), currency)],
    ['Limit reached by', text(payload, 'reachedBy')],
    ['Period', periodText(payload)],
  ]);
}

function spikeFacts(payload: Payload): Fact[] {
  const currency = text(payload, 'currency');
  const usual = money(text(payload, 'usual'), currency);
  const ratio = text(payload, 'ratio');
  const start = text(payload, 'hourStart');
  const end = text(payload, 'hourEnd');
  return facts([
    ['Spend in the hour', money(text(payload, 'spend'), currency)],
    ['Usual', usual === undefined ? undefined : `${usual}/h`],
    ['Factor', ratio === undefined ? undefined : `${ratio}x the usual`],
    ['Hour', start && end ? `${start} to ${end}${payload['partialHour'] === true ? ' (so far)' : ''}` : undefined],
  ]);
}

function errorFacts(payload: Payload): Fact[] {
  return facts([
    ['Problem', text(payload, 'title')],
    ['Detail', text(payload, 'detail')],
    ['Parameter', text(payload, 'parameter')],
  ]);
}

/** Each currency's yesterday, month to date and month-end forecast. */
function digestFacts(payload: Payload): Fact[] {
  const totals = Array.isArray(payload['totals']) ? (payload['totals'] as unknown[]) : [];
  const rows: Array<readonly [string, string | undefined]> = [['Day', text(payload, 'date')]];
  for (const total of totals.slice(0, 3)) {
    if (typeof total !== 'object' || total === null) continue;
    const line = total as Payload;
    const currency = text(line, 'currency');
    const forecast = money(text(line, 'monthEndForecast'), currency);
    rows.push([`Yesterday${currency ? ` (${currency})` : ''}`, money(text(line, 'yesterday'), currency)]);
    rows.push([
      `Month to date${currency ? ` (${currency})` : ''}`,
      `${money(text(line, 'monthToDate'), currency)}${forecast ? `, on pace for ${forecast}` : ''}`,
    ]);
  }
  if (totals.length === 0) rows.push(['Spend', 'none yesterday or this month']);
  return facts(rows);
}

const FACTS_BY_SIGNAL: Readonly<Record<string, (payload: Payload) => Fact[]>> = {
  limit: limitFacts,
  forecast: forecastFacts,
  spike: spikeFacts,
  error: errorFacts,
  digest: digestFacts,
};

function nextSteps(signal: string, product: string, parameter: string | undefined): string[] {
  const where = parameter === undefined ? undefined : looksLikeSsmName(parameter) ? `the SSM parameter \`${parameter}\`` : parameter;
  switch (signal) {
    case 'limit':
    case 'forecast':
    case 'spike':
      return [
        product === 'total'
          ? 'See spend per product: `npx telnyx-cost-alert thresholds list`'
          : `See where it comes from: \`npx telnyx-cost-alert usage ${product} --hourly\``,
        ...(where ? [`To change the threshold, edit ${where}`] : []),
      ];
    case 'error':
      return [
        where
          ? `Fix ${where}, then check it: \`npx telnyx-cost-alert thresholds validate\``
          : "Until it is fixed, spend goes unchecked: see the check's log group",
      ];
    case 'test':
      return ['Nothing to do: this message proves that alerts reach you'];
    default:
      return [];
  }
}

/** The view of a payload published by the check, the digest or `test-alert`. */
export function alertView(payload: Payload): AlertView {
  const severity = text(payload, 'severity') ?? 'unknown';
  const signal = text(payload, 'signal') ?? 'unknown';
  const product = text(payload, 'product') ?? 'all';
  const subject = text(payload, 'subject');
  const summary = text(payload, 'summary') ?? subject ?? `Telnyx cost alert: ${signal} (${severity}) for ${product}`;
  const parameter = text(payload, 'parameter');
  const alertKey = text(payload, 'alertKey');
  const at = text(payload, 'checkedAt') ?? text(payload, 'sentAt');
  return {
    severity,
    signal,
    product,
    ...(alertKey === undefined ? {} : { alertKey }),
    title: truncate(subject ?? summary, TITLE_MAX),
    summary,
    facts: (FACTS_BY_SIGNAL[signal] ?? (() => []))(payload),
    nextSteps: nextSteps(signal, product, parameter),
    sms: text(payload, 'sms') ?? truncate(subject ?? summary, 160),
    ...(parameter === undefined ? {} : { parameter }),
    ...(at === undefined ? {} : { at }),
  };
}
