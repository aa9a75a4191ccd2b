/**
 * Delivering an alert, the same way in every use case: claim its ledger key (a conditional write), publish,
 * release the claim when the publish failed (the next run sends it), confirm with retries. Each alert goes out
 * once per series even when runs overlap or retry. The check claims and publishes each alert in one go
 * (`deliverAll`); the digest claims its day first, so that a second invocation asks Telnyx nothing, and
 * publishes what it then reads (`claim`, then `publishClaimed`).
 */
import type { Alert } from '../domain/types';
import type { AlertClaim, ClaimRequest } from '../ports';
import { confirmWithRetry } from './confirm';
import { describeError } from './errors';
import { messageOf } from '../domain/error-text';
import type { Run } from './run';

export type AlertOutcome = 'published' | 'already-sent' | 'in-flight' | 'failed';

export type Claimed =
  | { readonly status: 'claimed'; readonly claim: AlertClaim }
  | { readonly status: 'already-sent' | 'in-flight' }
  /** The ledger could not be read: whether the alert went out already is unknown. */
  | { readonly status: 'failed'; readonly error: unknown };

export type Published = { readonly status: 'published' } | { readonly status: 'failed'; readonly error: unknown };

export interface Delivered {
  readonly alert: Alert;
  readonly outcome: AlertOutcome;
}

/** What every log line of an alert's delivery carries (the dashboard's "Alert published" widgets group by signal). */
function fieldsOf(alert: Alert): Record<string, unknown> {
  return { key: alert.key, severity: alert.severity, signal: alert.signal, product: alert.product, period: alert.period, account: alert.account };
}

/** Claims a ledger key for this run, until the run's lease runs out. */
export async function claim(
  run: Run,
  request: Pick<ClaimRequest, 'key' | 'rank' | 'expiresAt'>,
  fields: Record<string, unknown> = { key: request.key },
): Promise<Claimed> {
  try {
    return await run.deps.ledger.claim({ key: request.key, rank: request.rank, expiresAt: request.expiresAt, now: run.now, leaseUntil: run.leaseUntil });
  } catch (error) {
    // Without the ledger nobody knows whether it went out already: publishing risks a repeat every run, not
    // publishing risks silence. The caller fails the run (so the error alarm speaks) and the next run retries.
    run.deps.log.error('Could not claim alert', { ...fields, error: describeError(error) });
    return { status: 'failed', error };
  }
}

/** Publishes a claimed alert: released when the publish fails, confirmed (with retries) when it went out. */
export async function publishClaimed(run: Run, claimed: AlertClaim, alert: Alert): Promise<Published> {
  const fields = fieldsOf(alert);
  try {
    await run.deps.publisher.publish(alert);
  } catch (error) {
    run.deps.log.error('Could not publish alert; released for the next run', { ...fields, error: describeError(error) });
    await release(run, claimed, fields);
    return { status: 'failed', error };
  }
  run.deps.log.info('Alert published', fields);
  await confirm(run, claimed, alert, fields);
  return { status: 'published' };
}

/** Each alert claimed, then published if the claim is this run's: each alone, so one failure stops no other. */
export async function deliverAll(run: Run, alerts: readonly Alert[]): Promise<Delivered[]> {
  const delivered = await Promise.all(alerts.map(async (alert) => ({ alert, outcome: await deliver(run, alert) })));
  for (const { alert, outcome } of delivered) if (outcome === 'failed') run.problem({ failure: `alert not published: ${alert.message.subject}` });
  return delivered;
}

async function deliver(run: Run, alert: Alert): Promise<AlertOutcome> {
  const claimed = await claim(run, alert, fieldsOf(alert));
  if (claimed.status === 'claimed') return (await publishClaimed(run, claimed.claim, alert)).status;
  if (claimed.status !== 'failed') run.deps.log.info('Alert already handled', { ...fieldsOf(alert), status: claimed.status });
  return claimed.status;
}

async function release(run: Run, claimed: AlertClaim, fields: Record<string, unknown>): Promise<void> {
  try {
    await run.deps.ledger.release(claimed);
  } catch (error) {
    // The lease still runs out, and the next run after it sends the alert.
    run.deps.log.error('Could not release claim; it lapses with its lease', { ...fields, error: describeError(error) });
  }
}

async function confirm(run: Run, claimed: AlertClaim, alert: Alert, fields: Record<string, unknown>): Promise<void> {
  const { clock, deadline, sleep, log } = run.deps;
  try {
    const onRetry = ({ attempt, delayMs, error }: { attempt: number; delayMs: number; error: unknown }) =>
      log.warn('Could not confirm published alert; retrying', { ...fields, attempt, delayMs, error: describeError(error) });
    await confirmWithRetry(run.deps.ledger, claimed, { clock, deadline, sleep, onRetry });
  } catch (error) {
    // Sent, but not recorded: it goes out once more after the lease. Never lost, but the run fails so the
    // error alarm speaks (a ledger that keeps failing would otherwise repeat alerts quietly).
    log.error('Alert published but not confirmed in the ledger', { ...fields, error: describeError(error) });
    run.problem({
      failure: `alert published but not recorded as sent, so it may go out again after ${run.leaseUntil.toISOString()}: ${alert.message.subject} (${messageOf(error)})`,
    });
  }
}
