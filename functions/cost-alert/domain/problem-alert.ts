/**
 * How an error alert reads: something stopped the check from judging a product (an invalid threshold, unreadable
 * usage, a refused key). The same problem goes out at most once a local day.
 */
import { errorAlertKey, expiresAtFor } from './alert-keys';
import { SMS_MAX, SUBJECT_MAX, toGsm7, toPrintableAscii, truncate } from './channel-text';
import { looksLikeSsmName, PAYLOAD_VERSION, periodWord } from './message-parts';
import { formatLocalDateTime, periodsAt } from './periods';
import { table } from './text-table';
import { ALL } from './types';
import type { Alert, PeriodKind, RenderedMessage } from './types';

/** Something that stopped the check from judging a product: an invalid threshold, unreadable usage, a refused key. */
export interface AlertProblem {
  /** Product, `total`, or `all`. */
  readonly product: string;
  /** Short and stable (it identifies the problem for a day): 'Invalid threshold', 'Telnyx refused the API key'. */
  readonly title: string;
  /** What happened and what to do. */
  readonly detail: string;
  readonly period?: PeriodKind;
  readonly parameterLocation?: string;
  /** False when writing a new value is not the fix (a SecureString may be a secret): no put-parameter example then. */
  readonly suggestOverwrite?: boolean;
  /** What goes unchecked until it is fixed, when not the product's limits (e.g. only its forecast and spike). */
  readonly consequence?: string;
}

/** Error alerts have one rank: the same error goes out once a day. */
export const ERROR_RANK = 1;

export function renderProblem(problem: AlertProblem, checkedAt: Date, timeZone: string): RenderedMessage {
  const localTime = formatLocalDateTime(checkedAt, timeZone);
  const title = toPrintableAscii(problem.title);
  const product = truncate(toPrintableAscii(problem.product), 40);
  const subjectText = truncate(`[ERROR] Telnyx cost alert, ${product}: ${title}`, SUBJECT_MAX);

  const rows: Array<readonly [string, string]> = [['Product', problem.product]];
  if (problem.period) rows.push(['Period', periodWord(problem.period)]);
  rows.push(['Checked at', `${localTime} (${timeZone})`]);
  if (problem.parameterLocation) rows.push(['Parameter', problem.parameterLocation]);
  const everything = problem.product === ALL;
  const email = [
    everything ? `Telnyx cost alert could not complete its check: ${problem.title}` : `Telnyx cost alert could not check ${problem.product}: ${problem.title}`,
    '',
    problem.detail,
    '',
    ...table(rows),
    '',
    `Until this is fixed, ${problem.consequence ?? (everything ? 'spend is not compared with any limit' : 'spend for this product is not compared with its limits')}. You will hear about this problem at most once a day.`,
    ...(problem.parameterLocation && looksLikeSsmName(problem.parameterLocation) && problem.suggestOverwrite !== false
      ? ['', 'To fix a threshold, e.g.:', `  aws ssm put-parameter --name ${problem.parameterLocation} --overwrite --value '50'`]
      : []),
    '',
  ].join('\n');

  const sms = toGsm7(`Telnyx cost alert ERROR, ${toGsm7(problem.product, 40)}: ${problem.title}. ${problem.detail}`, SMS_MAX);

  const payload = {
    version: PAYLOAD_VERSION,
    severity: 'error',
    signal: 'error',
    product: problem.product,
    ...(problem.period ? { period: problem.period } : {}),
    title: problem.title,
    detail: problem.detail,
    timeZone,
    checkedAt: checkedAt.toISOString(),
    ...(problem.parameterLocation ? { parameter: problem.parameterLocation } : {}),
  };

  return { subject: subjectText, default: email, email, sms, payload };
}

export function problemToAlert(problem: AlertProblem, checkedAt: Date, timeZone: string): Alert {
  return {
    // Two problems of one product and title (a nested and a direct parameter) are two alerts.
    key: errorAlertKey(problem.product, [problem.title, problem.parameterLocation].filter(Boolean).join(' '), checkedAt, timeZone),
    rank: ERROR_RANK,
    severity: 'error',
    signal: 'error',
    product: problem.product,
    ...(problem.period ? { period: problem.period } : {}),
    expiresAt: expiresAtFor(periodsAt(checkedAt, timeZone).daily),
    message: renderProblem(problem, checkedAt, timeZone),
  };
}
