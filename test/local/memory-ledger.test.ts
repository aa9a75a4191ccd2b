import { MemoryAlertLedger, MemoryLedgerError } from '../../functions/cost-alert/local/memory-ledger';
import { claimAt, describeLedgerContract } from './ledger-contract';
import { describeRosterContract } from './roster-contract';

let keys = 0;
describeLedgerContract(
  'MemoryAlertLedger',
  () => new MemoryAlertLedger(),
  () => `key-${++keys}`,
);
describeRosterContract(
  'MemoryAlertLedger',
  () => new MemoryAlertLedger(),
  () => `roster-${++keys}`,
);

describe('MemoryAlertLedger', () => {
  it('records the sent state with the claim rank, token and expiry on confirm', async () => {
    // Prepare
    const ledger = new MemoryAlertLedger(() => 'token-1');
    const request = claimAt('messaging#daily#2026-11-26', 800_000);
    const result = await ledger.claim(request);
    if (result.status !== 'claimed') throw new Error('expected a claim');
    // Act
    await ledger.confirm(result.claim, new Date('2026-11-26T10:00:05Z'));
    // Assess
    expect(ledger.recorded(request.key)).toEqual({
      rank: 800_000,
      state: 'sent',
      token: 'token-1',
      expiresAt: request.expiresAt,
      updatedAt: new Date('2026-11-26T10:00:05Z'),
    });
  });

  it('decides overlapping claims on one key one at a time: exactly one wins', async () => {
    // Prepare
    const ledger = new MemoryAlertLedger();
    // Act
    const results = await Promise.all([1, 2, 3].map(() => ledger.claim(claimAt('k', 800_000))));
    // Assess
    expect(results.map((r) => r.status).sort()).toEqual(['claimed', 'in-flight', 'in-flight']);
  });

  it('refuses to confirm a claim it did not make', async () => {
    // Prepare
    const ledger = new MemoryAlertLedger();
    // Act
    const confirming = ledger.confirm({ key: 'k', rank: 1, token: 't' }, new Date());
    // Assess
    await expect(confirming).rejects.toThrow(MemoryLedgerError);
  });
});
