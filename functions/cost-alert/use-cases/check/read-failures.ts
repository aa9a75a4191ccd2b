/**
 * Phase 4b of the check, reportReadFailures: what could not be read, in as few alerts as say it all.
 *
 * - A refused key stops everything: one alert for all, nothing else about the reads.
 * - A product is as failed as its worst read: a failed spend read speaks for it (its failed hourly read adds
 *   nothing); a product whose spend was read but not its hourly series loses only its forecast and spike.
 * - One outage, one alert, whatever the mix: when two or more products (or a product and the product list)
 *   failed for a passing cause (5xx, 429, timeouts, the network, the deadline: outage-causes.ts), they are one
 *   error alert for `all` naming each product and its cause, in one ledger series a day.
 * - A single product failing, or failing for its own reason (a 403 on its query, a bad request or answer),
 *   keeps its own alert; running out of time is said for the run ("Telnyx too slow ..."), not for a product.
 * - The balance (balance-evaluator.ts) is one more thing read: in an outage it is named with the products; alone
 *   (a 403 on it, a bad answer, or the only failure) it is one error alert about the balance.
 */
import { ALL, BALANCE } from '../../domain/types';
import { causeCode } from '../../telnyx/errors';
import { messageOf } from '../../domain/error-text';
import { describeError } from '../errors';
import type { ProductList } from '../products';
import type { Run } from '../run';
import { NO_BALANCE_ALERT } from '../balance-read';
import type { ReadKind, ReadResults } from '../usage-reads';
import {
  MIXED_OUTAGE_TITLE,
  OUTAGE_RANK,
  OUTAGE_SERIES,
  OUTAGE_TEXT,
  OUTAGE_TITLE,
  type OutageCause,
  outageCause,
  outageHint,
  SIGNALS_TOO_SLOW_TITLE,
} from './outage-causes';

/** What an unreadable hourly series of one product costs, in its error alert. */
export const NO_SIGNALS_FOR_PRODUCT = 'no forecast or spike alert can come for this product (its limits are still checked)';
const NO_SIGNALS_FOR_PRODUCTS = 'no forecast or spike alert can come for these products (their limits are still checked)';
const LIST = 'the list of products';

/** Something that could not be read: a product (by its worst read) or the product list. */
interface Unread {
  readonly product?: string;
  readonly kind: ReadKind | 'list';
  readonly error: unknown;
}

export function reportReadFailures(run: Run, products: ProductList, results: ReadResults): void {
  if (products.keyRefused || results.keyRefused) {
    const error = products.keyRefused ? products.error : results.refusal;
    run.problem({ alert: { product: ALL, title: 'Telnyx usage cannot be read', detail: messageOf(error) }, failure: messageOf(error) });
    return;
  }
  const unread = unreadOf(products, results);
  const passing = unread.flatMap((item) => {
    const cause = outageCause(item.error);
    return cause === undefined ? [] : [{ ...item, cause }];
  });
  const alone = passing.length >= 2 ? unread.filter((item) => outageCause(item.error) === undefined) : unread;
  if (passing.length >= 2) reportOutage(run, passing, !results.outcomes.some((outcome) => outcome.ok));
  // The product list first: without it the total is not checked either.
  for (const item of alone) if (item.kind === 'list') reportAlone(run, item);
  // The limits (own and managed accounts') in one alert, the signals in another.
  for (const kinds of [['spend', 'accounts'], ['hourly']] as const) {
    const late = alone.filter((item) => (kinds as readonly string[]).includes(item.kind) && outageCause(item.error) === 'deadline');
    if (late.length > 0) reportLate(run, kinds[0], late);
  }
  for (const item of alone) if (item.kind !== 'list' && (item.kind === 'balance' || outageCause(item.error) !== 'deadline')) reportAlone(run, item);
}

/** Each product once, by its worst read (spend, then the managed accounts', then hourly), in the order read; the product list last. */
function unreadOf(products: ProductList, results: ReadResults): Unread[] {
  const worst = new Map<string, Unread>();
  for (const kind of ['spend', 'accounts', 'hourly', 'balance'] as const) {
    for (const { read, ok, error } of results.outcomes) {
      if (!ok && read.kind === kind && !worst.has(read.product)) worst.set(read.product, { product: read.product, kind, error });
    }
  }
  return [...worst.values(), ...(products.error === undefined ? [] : [{ kind: 'list' as const, error: products.error }])];
}

/** "the usage of a, b and the hourly usage of c and the list of products" */
function describeUnread(items: readonly Unread[]): string {
  const of = (kind: Unread['kind']) => items.filter((item) => item.kind === kind).map((item) => item.product);
  const spend = of('spend');
  const accounts = of('accounts');
  const hourly = of('hourly');
  return [
    spend.length > 0 ? `the usage of ${spend.join(', ')}` : '',
    accounts.length > 0 ? `the managed accounts' usage of ${accounts.join(', ')}` : '',
    hourly.length > 0 ? `the hourly usage of ${hourly.join(', ')}` : '',
    items.some((item) => item.kind === 'balance') ? 'the balance' : '',
    items.some((item) => item.kind === 'list') ? LIST : '',
  ]
    .filter(Boolean)
    .join(' and ');
}

/** One alert for all: each cause with what it cost, what was not checked, what to do. */
function reportOutage(run: Run, items: ReadonlyArray<Unread & { readonly cause: OutageCause }>, nothingRead: boolean): void {
  const causes = new Map<OutageCause, Unread[]>();
  for (const item of items) causes.set(item.cause, [...(causes.get(item.cause) ?? []), item]);
  const limitsLost = items.some((item) => item.kind !== 'hourly');
  const [only] = causes.keys();
  const title = causes.size > 1 || only === undefined ? MIXED_OUTAGE_TITLE : only === 'deadline' && !limitsLost ? SIGNALS_TOO_SLOW_TITLE : OUTAGE_TITLE[only];
  const what = [...causes].map(([cause, unread]) => `${OUTAGE_TEXT[cause]}: ${describeUnread(unread)} could not be read`).join('; ');
  const first = items[0]?.error;
  const code = causeCode(first);
  const detail = `${what}. ${notChecked(items, nothingRead)}; ${outageHint(new Set(causes.keys()))}. First error: ${messageOf(first)}${code ? ` (${code})` : ''}`;
  run.problem({
    alert: { product: ALL, title, detail, ...(limitsLost ? {} : { consequence: NO_SIGNALS_FOR_PRODUCTS }) },
    series: { name: OUTAGE_SERIES, rank: limitsLost ? OUTAGE_RANK.limits : OUTAGE_RANK.signals },
    failure: `${title}: ${describeUnread(items)} not read`,
  });
  run.deps.log.error('Telnyx usage could not be read: one outage', {
    // How many products (or the list) each cause cost.
    causes: Object.fromEntries([...causes].map(([cause, unread]) => [cause, unread.length])),
    products: items.flatMap((item) => (item.product ? [item.product] : [])),
    productListFailed: items.some((item) => item.kind === 'list'),
    error: describeError(first),
  });
}

/** What the outage left unchecked this run. */
function notChecked(items: readonly Unread[], nothingRead: boolean): string {
  const of = (kind: Unread['kind']) => items.filter((item) => item.kind === kind).map((item) => item.product);
  const limits = of('spend');
  const signals = of('hourly');
  const parts: string[] = [];
  if (limits.length > 0) parts.push(nothingRead ? 'No limit was checked this time' : `The limits of ${limits.join(', ')} were not checked this time`);
  const accounts = of('accounts');
  if (accounts.length > 0 && !(nothingRead && limits.length > 0)) parts.push(`the managed accounts' limits of ${accounts.join(', ')} were not checked`);
  if (signals.length > 0) parts.push(`the forecast and spike of ${signals.join(', ')} were not evaluated (their limits were)`);
  if (items.some((item) => item.kind === 'list') && !(nothingRead && limits.length > 0)) parts.push('the total was not checked');
  if (items.some((item) => item.kind === 'balance')) parts.push('the available credit was not compared with the balance threshold');
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Running out of time is the run's problem, said once for the products it left unread. */
function reportLate(run: Run, kind: ReadKind, items: readonly Unread[]): void {
  const names = items.map((item) => item.product).join(', ');
  if (kind !== 'hourly') {
    const detail = `Telnyx answered too slowly: ${describeUnread(items)} could not be read before the check's deadline. Their thresholds were not checked this time; if this repeats, raise the function's timeout or TELNYX_MAX_CONCURRENCY.`;
    run.problem({
      alert: { product: ALL, title: OUTAGE_TITLE.deadline, detail },
      series: { name: OUTAGE_SERIES, rank: OUTAGE_RANK.limits },
      failure: `not read before the deadline: ${names}`,
    });
    run.deps.log.error('Usage not read before the deadline', { products: items.map((item) => item.product) });
    return;
  }
  const detail = `Telnyx answered too slowly: the hourly usage of ${names} could not be read before the check's deadline. Their forecasts and spikes were not evaluated this time; their limits were.`;
  run.problem({
    alert: { product: ALL, title: SIGNALS_TOO_SLOW_TITLE, detail, consequence: NO_SIGNALS_FOR_PRODUCTS },
    failure: `hourly usage not read before the deadline: ${names}`,
  });
}

/** A product (or the product list) that failed alone, or for a reason of its own. */
function reportAlone(run: Run, { product, kind, error }: Unread): void {
  const reason = messageOf(error);
  if (product === undefined) {
    const detail = `${reason}. Per-product thresholds are still checked; the total is not.`;
    run.problem({ alert: { product: ALL, title: 'Telnyx products could not be listed', detail }, failure: reason });
  } else if (kind === 'balance') {
    const detail = `${reason}. The available credit was not compared with the balance threshold this time; every other threshold was checked. The next run tries again.`;
    run.problem({
      alert: { product: BALANCE, title: 'Telnyx balance could not be read', detail, consequence: NO_BALANCE_ALERT },
      failure: `balance: ${reason}`,
    });
    run.deps.log.error('Could not read the balance', { error: describeError(error) });
  } else if (kind === 'hourly') {
    const detail = `${reason}. The forecast and spike of ${product} were not evaluated this time; its limits were checked as usual.`;
    run.problem({
      alert: { product, title: 'Hourly usage could not be read', detail, consequence: NO_SIGNALS_FOR_PRODUCT },
      failure: `${product} hourly: ${reason}`,
    });
    run.deps.log.error('Could not read hourly usage', { product, error: describeError(error) });
  } else if (kind === 'accounts') {
    const detail = `${reason}. The managed accounts' limits of ${product} were not checked this time (its own limits were); the next run tries again.`;
    run.problem({ alert: { product, title: "Managed accounts' usage could not be read", detail }, failure: `${product} managed accounts: ${reason}` });
    run.deps.log.error("Could not read the managed accounts' usage", { product, error: describeError(error) });
  } else {
    const detail = `${reason}. Its thresholds were not checked this time; the next run tries again.`;
    run.problem({ alert: { product, title: 'Usage could not be read', detail }, failure: `${product}: ${reason}` });
    run.deps.log.error('Could not read usage', { product, error: describeError(error) });
  }
}
