/**
 * A managed account as alerts name it: its organization name from Telnyx's list of managed accounts, or its
 * user_id when the list has none (or could not be read). Names and emails are data from Telnyx, typed by the
 * account's owner: every text that carries one is cleaned here first, for each channel (control and
 * direction-changing characters out, one line, a bounded length; subjects and SMS then through channel-text.ts).
 */

/** What the check keeps of an entry of `GET /v2/managed_accounts`: nothing else of it is read or held. */
export interface ManagedAccount {
  /** The account's id: the `user_id` of its usage rows. */
  readonly id: string;
  readonly organizationName?: string;
  readonly email?: string;
}

/** The longest organization name or email shown in a body. */
export const NAME_MAX = 80;

/**
 * `text` on one line without control, format (bidirectional overrides, zero-width) or separator characters,
 * whitespace runs as one space, cut to `max` characters; undefined when nothing printable is left.
 */
export function cleanName(text: string | undefined, max = NAME_MAX): string | undefined {
  if (text === undefined) return undefined;
  const clean = text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean === '') return undefined;
  const chars = [...clean];
  return chars.length <= max ? clean : `${chars.slice(0, max - 3).join('')}...`;
}

/** How an account is named in alerts: its organization name, else its user_id. */
export interface AccountLabel {
  readonly userId: string;
  /** The organization name (cleaned), or the user_id when there is none. */
  readonly name: string;
  readonly email?: string;
  /** False when the name is the user_id (no organization name was found). */
  readonly named: boolean;
}

export function labelOf(userId: string, account: ManagedAccount | undefined): AccountLabel {
  const name = cleanName(account?.organizationName);
  const email = cleanName(account?.email);
  return { userId, name: name ?? userId, named: name !== undefined, ...(email ? { email } : {}) };
}
