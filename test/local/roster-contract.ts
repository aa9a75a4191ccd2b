/**
 * The rosters of managed accounts' alerts as scenarios, run against every AlertLedger adapter (memory, and
 * DynamoDB on moto's server): one read tells who was told, writes only add, and two runs that wrote one roster
 * at once both keep their accounts.
 */
import type { AlertLedger } from '../../functions/cost-alert/ports';

const EXPIRES = new Date('2026-12-10T00:00:00Z');
const NOW = new Date('2026-11-26T10:00:00Z');
const entries = (...pairs: Array<[string, number]>) => new Map(pairs);

/** Registers the shared scenarios; `ledger()` returns a ledger over an empty store, `key()` a fresh key. */
export function describeRosterContract(name: string, ledger: () => AlertLedger, key: () => string): void {
  describe(`${name} (roster contract)`, () => {
    it('recalls an empty roster for a series nothing was told in', async () => {
      // Act
      const roster = await ledger().recallAccounts(key());

      // Assess
      expect(roster.told).toEqual(new Map());
    });

    it('remembers the accounts told, the highest rank of each winning', async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      await subject.rememberAccounts(k, await subject.recallAccounts(k), entries(['aaaaaaaaaaaa', 800_000], ['bbbbbbbbbbbb', 1_000_000]), EXPIRES, NOW);

      // Act
      await subject.rememberAccounts(k, await subject.recallAccounts(k), entries(['aaaaaaaaaaaa', 1_000_000], ['bbbbbbbbbbbb', 800_000]), EXPIRES, NOW);

      // Assess
      expect(await subject.recallAccounts(k)).toMatchObject({ told: entries(['aaaaaaaaaaaa', 1_000_000], ['bbbbbbbbbbbb', 1_000_000]) });
    });

    it("keeps both runs' accounts when two runs add to a roster they read at the same time", async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      await subject.rememberAccounts(k, await subject.recallAccounts(k), entries(['aaaaaaaaaaaa', 1_000_000]), EXPIRES, NOW);
      const seenByBoth = await subject.recallAccounts(k);

      // Act
      await subject.rememberAccounts(k, seenByBoth, entries(['bbbbbbbbbbbb', 1_000_000]), EXPIRES, NOW);
      await subject.rememberAccounts(k, seenByBoth, entries(['cccccccccccc', 800_000]), EXPIRES, NOW);

      // Assess
      expect((await subject.recallAccounts(k)).told).toEqual(entries(['aaaaaaaaaaaa', 1_000_000], ['bbbbbbbbbbbb', 1_000_000], ['cccccccccccc', 800_000]));
    });

    it('holds 10,000 accounts in one roster', async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      const many = new Map(Array.from({ length: 10_000 }, (_, index) => [`acct${String(index).padStart(8, '0')}`, 1_000_000] as [string, number]));

      // Act
      await subject.rememberAccounts(k, await subject.recallAccounts(k), many, EXPIRES, NOW);

      // Assess
      expect((await subject.recallAccounts(k)).told.size).toBe(10_000);
    });
  });
}
