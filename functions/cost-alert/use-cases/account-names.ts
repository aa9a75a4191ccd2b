/**
 * The names of managed accounts, read only when an alert (or a digest line) about them is about to go out:
 * `GET /v2/managed_accounts` a page at a time, stopping as soon as every account wanted is found. Never
 * `GET /v2/managed_accounts/{id}`, whose answer carries the account's API key. An account the list does not
 * name (or a list that cannot be read) is named by its user_id: a name is a courtesy, never a reason to hold
 * back an alert, so a failure here is a warning in the log, not an error alert.
 */
import { labelOf, type AccountLabel, type ManagedAccount } from '../domain/account-names';
import { describeError } from './errors';
import type { Run } from './run';

export async function accountLabels(run: Run, wanted: ReadonlySet<string>): Promise<Map<string, AccountLabel>> {
  const found = new Map<string, ManagedAccount>();
  const { usage, log } = run.deps;
  if (wanted.size > 0 && usage.managedAccounts) {
    let pages = 0;
    try {
      for await (const page of usage.managedAccounts({ deadline: run.usageDeadline })) {
        pages++;
        for (const account of page) if (wanted.has(account.id)) found.set(account.id, account);
        if (found.size >= wanted.size) break;
      }
      log.info('Managed account names read', { wanted: wanted.size, found: found.size, pages });
    } catch (error) {
      log.warn('Managed account names could not be read; the alerts name the user_id', {
        wanted: wanted.size,
        found: found.size,
        pages,
        error: describeError(error),
      });
    }
  }
  return new Map([...wanted].map((userId) => [userId, labelOf(userId, found.get(userId))]));
}
