/**
 * The managed accounts' alerts, between evaluation and delivery (phase 5b), then their record after it (phase 6b).
 *
 * Which accounts were already told is one ledger item per series (a threshold in a period: its roster), read once
 * per series that has an account over a level: a run's ledger traffic does not grow with the number of accounts.
 *
 * - recall: the rosters of the series with an account over a level (one read each);
 * - fresh: the accounts over a level above the one their roster says they were told;
 * - fold: more than 10 fresh accounts make a storm: the 10 largest shares alone, one summary (`account=*`) for the rest;
 * - names: only now, and only of the accounts named (`GET /v2/managed_accounts`, use-cases/account-names.ts);
 * - deliver (with every other alert): each account alert claims its own ledger key (overlapping runs send it
 *   once), the summary one key made of the accounts it covers;
 * - remember: the accounts of every alert that went out (or had gone out: `already-sent`) join their roster, one
 *   conditional write per roster, the summary's folded accounts with them. An alert not sent is not remembered:
 *   the next run finds its accounts fresh and tries again.
 *
 * DynamoDB writes per run: per alert, the claim and the confirm (2, a release instead of the confirm when the publish
 * failed); per roster that gained accounts, one write (a retry when another run wrote it meanwhile). At most 11
 * account alerts a run touch at most 11 rosters: bounded by the alerts sent, whatever the number of accounts.
 */
import { type AccountBreach, toAccountAlert } from '../../domain/account-alert';
import type { AccountEvaluation } from '../../domain/account-rules';
import { foldStorm, STORM_LISTED, toStormAlert } from '../../domain/account-storm';
import { accountEntryId, accountRosterKey, expiresAtFor } from '../../domain/alert-keys';
import type { Alert } from '../../domain/types';
import type { AccountRoster } from '../../ports';
import { accountLabels } from '../account-names';
import type { Delivered } from '../delivery';
import { messageOf } from '../../domain/error-text';
import { describeError } from '../errors';
import type { CheckRun } from './check-run';

/** A roster entry an alert tells: [roster key, entry id, rank]. */
type Told = readonly [string, string, number];

export interface AccountAlerts {
  readonly alerts: readonly Alert[];
  /** Alert key -> the roster entries it tells when it goes out. */
  readonly tells: ReadonlyMap<string, readonly Told[]>;
  readonly rosters: ReadonlyMap<string, { readonly roster: AccountRoster; readonly expiresAt: Date }>;
}

const NONE: AccountAlerts = { alerts: [], tells: new Map(), rosters: new Map() };

function breached(evaluation: AccountEvaluation): evaluation is AccountBreach {
  return evaluation.level !== undefined;
}

function toldOf(breach: AccountBreach): Told {
  return [accountRosterKey(breach.threshold, breach.period), accountEntryId(breach.userId, breach.limit), breach.level.rankPpm];
}

/** The alerts of the accounts newly over a level, with what each tells. */
export async function prepareAccountAlerts(run: CheckRun, evaluations: readonly AccountEvaluation[]): Promise<AccountAlerts> {
  const breaches = evaluations.filter(breached);
  if (breaches.length === 0) return NONE;
  const rosters = await recallRosters(run, breaches);
  const fresh = breaches.filter((breach) => {
    const [key, entry, rank] = toldOf(breach);
    const recalled = rosters.get(key);
    return recalled !== undefined && (recalled.roster.told.get(entry) ?? Number.NEGATIVE_INFINITY) < rank;
  });
  run.deps.log.info('Managed accounts over a limit', { over: breaches.length, fresh: fresh.length });
  if (fresh.length === 0) return { ...NONE, rosters };
  const { alone, folded } = foldStorm(fresh);
  const labels = await accountLabels(run, new Set([...alone, ...folded.slice(0, STORM_LISTED)].map((breach) => breach.userId)));
  const context = (product: string) => ({ checkedAt: run.now, timeZone: run.timeZone, parameterLocation: run.deps.thresholds.describe(product) });
  const alerts: Alert[] = [];
  const tells = new Map<string, readonly Told[]>();
  for (const breach of alone) {
    const label = labels.get(breach.userId);
    if (!label) continue;
    const alert = toAccountAlert(breach, { ...context(breach.threshold.product), label });
    alerts.push(alert);
    tells.set(alert.key, [toldOf(breach)]);
  }
  if (folded.length > 0) {
    const entries = folded.map(toldOf);
    const product = folded[0]?.threshold.product ?? '';
    const storm = toStormAlert(folded, { ...context(product), alone: alone.length, evaluations, labels, entries });
    alerts.push(storm);
    tells.set(storm.key, entries);
    run.deps.log.warn('Managed accounts storm: one summary for the rest', { fresh: fresh.length, alone: alone.length, folded: folded.length });
  }
  return { alerts, tells, rosters };
}

/** One read per series with an account over a level; a series whose roster cannot be read sends nothing (its accounts are not lost: the run fails, the next run tries). */
async function recallRosters(run: CheckRun, breaches: readonly AccountBreach[]): Promise<Map<string, { roster: AccountRoster; expiresAt: Date }>> {
  const series = new Map<string, Date>();
  for (const breach of breaches) series.set(accountRosterKey(breach.threshold, breach.period), expiresAtFor(breach.period));
  const recalled = new Map<string, { roster: AccountRoster; expiresAt: Date }>();
  await Promise.all(
    [...series].map(async ([key, expiresAt]) => {
      try {
        recalled.set(key, { roster: await run.deps.ledger.recallAccounts(key), expiresAt });
      } catch (error) {
        run.deps.log.error('Could not read which managed accounts were told', { key, error: describeError(error) });
        run.problem({ failure: `managed accounts' alerts of ${key} not sent: the ledger could not be read (${messageOf(error)})` });
      }
    }),
  );
  return recalled;
}

/** The accounts of the alerts that went out join their rosters: one write per roster that gained some. */
export async function rememberAccountAlerts(run: CheckRun, prepared: AccountAlerts, delivered: readonly Delivered[]): Promise<void> {
  const gained = new Map<string, Map<string, number>>();
  for (const { alert, outcome } of delivered) {
    const told = prepared.tells.get(alert.key);
    if (told === undefined || (outcome !== 'published' && outcome !== 'already-sent')) continue;
    for (const [key, entry, rank] of told) {
      const entries = gained.get(key) ?? new Map<string, number>();
      entries.set(entry, Math.max(rank, entries.get(entry) ?? rank));
      gained.set(key, entries);
    }
  }
  await Promise.all(
    [...gained].map(async ([key, entries]) => {
      const recalled = prepared.rosters.get(key);
      if (!recalled) return;
      try {
        await run.deps.ledger.rememberAccounts(key, recalled.roster, entries, recalled.expiresAt, run.now);
      } catch (error) {
        run.deps.log.error('Managed accounts told but not recorded', { key, accounts: entries.size, error: describeError(error) });
        run.problem({
          failure: `${entries.size} managed account(s) of ${key} were alerted but not recorded as told, so their alerts may go out again (${messageOf(error)})`,
        });
      }
    }),
  );
}
