/**
 * The ledger's rules as scenarios, run against every AlertLedger adapter (memory, and DynamoDB on
 * moto's server), so that the local default and the deployed ledger cannot drift apart.
 */
import type { AlertLedger, ClaimRequest, ClaimResult } from '../../functions/cost-alert/ports';

const T0 = Date.parse('2026-11-26T10:00:00Z');
const MINUTE = 60_000;

export function claimAt(key: string, rank: number, minutesAfterT0 = 0): ClaimRequest {
  const now = T0 + minutesAfterT0 * MINUTE;
  return {
    key,
    rank,
    now: new Date(now),
    leaseUntil: new Date(now + 5 * MINUTE),
    expiresAt: new Date(Date.parse('2026-12-10T00:00:00Z')),
  };
}

function claimed(result: ClaimResult) {
  if (result.status !== 'claimed') throw new Error(`expected a claim, got ${result.status}`);
  return result.claim;
}

/** Registers the shared scenarios; `ledger()` returns a ledger over an empty store, `key()` a fresh key. */
export function describeLedgerContract(name: string, ledger: () => AlertLedger, key: () => string): void {
  describe(`${name} (ledger contract)`, () => {
    it('claims a key nothing is recorded for', async () => {
      // Prepare
      const subject = ledger();
      // Act
      const result = await subject.claim(claimAt(key(), 800_000));
      // Assess
      expect(result.status).toBe('claimed');
    });

    it('refuses a second claim while the first is in flight', async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      await subject.claim(claimAt(k, 800_000));
      // Act
      const second = await subject.claim(claimAt(k, 1_000_000, 1));
      // Assess
      expect(second.status).toBe('in-flight');
    });

    it('refuses the same rank once it was sent', async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      await subject.confirm(claimed(await subject.claim(claimAt(k, 800_000))), new Date(T0));
      // Act
      const again = await subject.claim(claimAt(k, 800_000, 60));
      // Assess
      expect(again.status).toBe('already-sent');
    });

    it('never claims a lower rank after a higher one was sent', async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      await subject.confirm(claimed(await subject.claim(claimAt(k, 1_000_000))), new Date(T0));
      // Act
      const lower = await subject.claim(claimAt(k, 800_000, 60));
      // Assess
      expect(lower.status).toBe('already-sent');
    });

    it('claims a higher rank after a lower one was sent', async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      await subject.confirm(claimed(await subject.claim(claimAt(k, 800_000))), new Date(T0));
      // Act
      const higher = await subject.claim(claimAt(k, 1_000_000, 60));
      // Assess
      expect(higher.status).toBe('claimed');
    });

    it('lets another run take over a claim whose lease ran out', async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      await subject.claim(claimAt(k, 800_000));
      // Act
      const atExpiry = await subject.claim(claimAt(k, 800_000, 5));
      const afterExpiry = await subject.claim(claimAt(k, 800_000, 6));
      // Assess
      expect(atExpiry.status).toBe('in-flight');
      expect(afterExpiry.status).toBe('claimed');
    });

    it('lets any rank take over a lapsed claim over nothing sent (a crashed critical, then a credit: the warning goes out)', async () => {
      // Prepare: a run claimed the critical and died before publishing; nothing was ever sent
      const subject = ledger();
      const k = key();
      await subject.claim(claimAt(k, 1_000_000));
      // Act: after the lease, a run that sees only the warning level (a credit came in)
      const lower = await subject.claim(claimAt(k, 800_000, 6));
      // Assess: the warning goes out; and once spend crosses the limit again, the critical is still above it
      const warning = claimed(lower);
      await subject.confirm(warning, new Date(T0 + 6 * MINUTE));
      expect((await subject.claim(claimAt(k, 800_000, 30))).status).toBe('already-sent');
      expect((await subject.claim(claimAt(k, 1_000_000, 30))).status).toBe('claimed');
    });

    it('lets a lapsed claim over a sent rank be taken over only above the rank sent', async () => {
      // Prepare: the warning at 0.6 was sent; a run claimed the critical over it and died
      const subject = ledger();
      const k = key();
      await subject.confirm(claimed(await subject.claim(claimAt(k, 600_000))), new Date(T0));
      await subject.claim(claimAt(k, 1_000_000, 10));
      // Act: after the lease
      const same = await subject.claim(claimAt(k, 600_000, 16));
      const higher = await subject.claim(claimAt(k, 800_000, 17));
      // Assess: 0.6 was sent already; 0.8 goes out
      expect(same.status).toBe('already-sent');
      await subject.confirm(claimed(higher), new Date(T0 + 17 * MINUTE));
      expect((await subject.claim(claimAt(k, 700_000, 30))).status).toBe('already-sent');
      expect((await subject.claim(claimAt(k, 1_000_000, 30))).status).toBe('claimed');
    });

    it('takes a lapsed claim over at its own rank', async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      await subject.claim(claimAt(k, 1_000_000));
      // Act
      const same = await subject.claim(claimAt(k, 1_000_000, 6));
      // Assess
      expect(same.status).toBe('claimed');
    });

    it('lets the next claim succeed after a release (the publish failed)', async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      const first = claimed(await subject.claim(claimAt(k, 800_000)));
      // Act
      await subject.release(first);
      const retry = await subject.claim(claimAt(k, 800_000, 1));
      // Assess
      expect(retry.status).toBe('claimed');
    });

    it('restores the sent record on release, so a released higher claim does not reopen the lower rank', async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      await subject.confirm(claimed(await subject.claim(claimAt(k, 800_000))), new Date(T0));
      const critical = claimed(await subject.claim(claimAt(k, 1_000_000, 60)));
      // Act
      await subject.release(critical);
      // Assess
      expect((await subject.claim(claimAt(k, 800_000, 61))).status).toBe('already-sent');
      expect((await subject.claim(claimAt(k, 1_000_000, 61))).status).toBe('claimed');
    });

    it('leaves a taken-over claim alone: the late confirm and release of the first run change nothing', async () => {
      // Prepare
      const subject = ledger();
      const k = key();
      const stale = claimed(await subject.claim(claimAt(k, 800_000)));
      const current = claimed(await subject.claim(claimAt(k, 800_000, 6)));
      // Act
      await subject.confirm(stale, new Date(T0 + 7 * MINUTE));
      await subject.release(stale);
      // Assess: the item still holds the live claim of the second run
      expect((await subject.claim(claimAt(k, 800_000, 8))).status).toBe('in-flight');
      await subject.confirm(current, new Date(T0 + 8 * MINUTE));
      expect((await subject.claim(claimAt(k, 800_000, 9))).status).toBe('already-sent');
    });

    it('keeps separate keys apart', async () => {
      // Prepare
      const subject = ledger();
      await subject.claim(claimAt(key(), 800_000));
      // Act
      const other = await subject.claim(claimAt(key(), 800_000));
      // Assess
      expect(other.status).toBe('claimed');
    });
  });
}
