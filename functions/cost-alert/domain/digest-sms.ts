/** The daily digest as one SMS: the figures a reader needs at a glance, in at most 160 GSM-7 characters. */
import { SMS_MAX, toGsm7 } from './channel-text';
import { balanceSmsExtra } from './digest-balance';
import { changeAgainstAverage, type DigestInput, type DigestLine } from './digest-figures';
import { formatMoney, formatNanos, percentOf } from './money';

/**
 * One SMS line: the total of the main currency (the monthly total limit's, else USD, else the first),
 * then the other currencies and what was not read, as far as 160 GSM-7 characters allow.
 */
export function renderDigestSms(input: DigestInput, totals: readonly DigestLine[]): string {
  const credit = input.balance ? balanceSmsExtra(input.balance) : undefined;
  if (totals.length === 0) {
    const tail = `${input.notRead.length > 0 ? ` Not read: ${input.notRead.join(', ')}.` : ''}${credit ?? ''}`;
    return toGsm7(`Telnyx ${input.calendar.yesterday.key}: no spend yesterday or this month.${tail}`, SMS_MAX);
  }
  const preferred = input.monthlyTotal?.currency ?? 'USD';
  const main = totals.find((total) => total.currency === preferred) ?? totals[0];
  if (!main) return '';
  const change = changeAgainstAverage(main.yesterday, main.previousWeek);
  const changePart = change === undefined ? '' : ` (${change >= 0 ? '+' : ''}${change}% vs 7-day avg)`;
  const limit = input.monthlyTotal?.currency === main.currency ? input.monthlyTotal.limit : undefined;
  const limitPart = limit === undefined ? '' : `, ${Math.floor(percentOf(main.monthToDate, limit))}% of ${formatNanos(limit)}`;
  const text = `Telnyx yesterday ${formatMoney({ nanos: main.yesterday, currency: main.currency })}${changePart}; month ${formatMoney({ nanos: main.monthToDate, currency: main.currency })}${limitPart}.`;
  const extras = totals
    // A currency without spend yesterday or this month says nothing worth a place in one SMS.
    .filter((total) => total !== main && (total.yesterday !== 0n || total.monthToDate !== 0n))
    .map(
      (total) =>
        ` ${formatMoney({ nanos: total.yesterday, currency: total.currency })} yesterday, month ${formatMoney({ nanos: total.monthToDate, currency: total.currency })}.`,
    );
  if (input.notRead.length > 0) extras.push(` Not read: ${input.notRead.join(', ')}.`);
  // The credit before other currencies: when it runs out, nothing is spent in any of them.
  if (credit) extras.unshift(credit);
  return toGsm7(withWhatFits(text, extras), SMS_MAX);
}

/** `text` and as many of `extras` as fit in one SMS, in order; ' More in the email.' when some are left out. */
function withWhatFits(text: string, extras: readonly string[]): string {
  const more = ' More in the email.';
  const fits = (candidate: string) => toGsm7(candidate, Number.MAX_SAFE_INTEGER).length <= SMS_MAX;
  let out = text;
  for (const [index, extra] of extras.entries()) {
    // Room is kept for the pointer to the email while more would follow.
    if (fits(out + extra + (index < extras.length - 1 ? more : ''))) {
      out += extra;
      continue;
    }
    if (fits(out + more)) out += more;
    break;
  }
  return out;
}
