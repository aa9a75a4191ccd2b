import { NO_CURRENCY, SpendTally } from '../../functions/cost-alert/domain/spend-tally';
import type { UsageRow } from '../../functions/cost-alert/domain/usage';

const row = (cost: bigint | undefined, values: Record<string, unknown>): UsageRow => ({
  product: 'messaging',
  values,
  ...(cost === undefined ? {} : { cost }),
});

describe('SpendTally', () => {
  it('keeps currencies apart: EUR rows never count toward USD', () => {
    // Prepare
    const tally = new SpendTally();

    // Act
    tally.add([row(10n, { currency: 'USD' }), row(7n, { currency: 'EUR' }), row(5n, { currency: 'usd' })]);
    tally.add([row(1n, { currency: 'EUR' })]);

    // Assess
    expect(tally.total('USD')).toBe(15n);
    expect(tally.total('EUR')).toBe(8n);
    expect(tally.total('GBP')).toBe(0n);
    expect(tally.currencies()).toEqual(['EUR', 'USD']);
  });

  it('sums rows without a currency apart and counts them', () => {
    // Prepare
    const tally = new SpendTally();

    // Act
    tally.add([row(3n, {}), row(4n, { currency: 'USD' }), row(2n, { currency: '' }), row(6n, { currency: null })]);

    // Assess
    expect(tally.total('USD')).toBe(4n);
    expect(tally.total(NO_CURRENCY)).toBe(11n);
    expect(tally.withoutCurrency).toBe(3);
    expect(tally.currencies()).toEqual([NO_CURRENCY, 'USD']);
  });

  it('skips and counts rows without a cost', () => {
    // Prepare
    const tally = new SpendTally();

    // Act
    tally.add([row(undefined, { currency: 'USD' }), row(9n, { currency: 'USD' })]);

    // Assess
    expect(tally.total('USD')).toBe(9n);
    expect(tally.withoutCost).toBe(1);
    expect(tally.counted).toBe(1);
  });

  it('counts only rows that match its filter', () => {
    // Prepare
    const tally = new SpendTally({ direction: 'outbound' });

    // Act
    tally.add([
      row(100n, { currency: 'USD', direction: 'outbound' }),
      row(200n, { currency: 'USD', direction: 'inbound' }),
      row(300n, { currency: 'USD' }),
      row(400n, { currency: 'USD', direction: 'OUTBOUND' }),
    ]);

    // Assess
    expect(tally.total('USD')).toBe(500n);
    expect(tally.filteredOut).toBe(2);
  });

  it('sums a million rows exactly (speed is measured by npm run bench, not here)', () => {
    // Prepare: a month of a busy account, 5000-row pages with currencies interleaved.
    const page: UsageRow[] = Array.from({ length: 5000 }, (_, i) => row(800_000n, { currency: i % 10 === 0 ? 'EUR' : 'USD', direction: 'outbound' }));
    const tally = new SpendTally({ direction: 'outbound' });

    // Act
    for (let i = 0; i < 200; i++) tally.add(page);

    // Assess
    expect(tally.counted).toBe(1_000_000);
    expect(tally.total('USD')).toBe(900_000n * 800_000n);
    expect(tally.total('EUR')).toBe(100_000n * 800_000n);
  });
});
