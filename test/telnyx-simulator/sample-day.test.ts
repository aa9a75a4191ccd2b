import { parseNanos } from '../../functions/cost-alert/domain/money';
import {
  BURST_COST,
  buildSampleDay,
  PRODUCT_CATALOGUE,
  SAMPLE_ACCOUNT_USER_ID,
  SAMPLE_MANAGED_USER_IDS,
  sampleDay,
  type UsageRecord,
  WIRELESS_TODAY,
} from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { report } from './tiny-account';

const NOW = new Date('2026-11-26T15:30:00Z');

/** Exact sum of the `cost` of rows, in nano-units. */
function totalCost(rows: ReadonlyArray<Record<string, unknown>>): bigint {
  return rows.reduce((sum, row) => sum + (parseNanos(row.cost) ?? 0n), 0n);
}

const units = (amount: number) => BigInt(amount) * 1_000_000_000n;

describe('sampleDay', () => {
  it('is deterministic for a given now', () => {
    expect(buildSampleDay(NOW)).toEqual(buildSampleDay(new Date(NOW.getTime())));
  });

  it('shares one day per instant, built as buildSampleDay builds it, and builds another instant anew', () => {
    // Act
    const shared = sampleDay(new Date(NOW.getTime()));

    // Assess
    expect(sampleDay(NOW)).toBe(shared);
    expect(shared).toEqual(buildSampleDay(NOW));
    expect(sampleDay(new Date(NOW.getTime() + 1000))).not.toBe(shared);
  });

  it('keeps earlier days the same at any hour of today, and records nothing after now', () => {
    // Prepare
    const morning = new Date('2026-11-26T01:00:00Z');

    // Act
    const early = sampleDay(morning);
    const late = sampleDay(NOW);

    // Assess
    const beforeToday = (records: readonly { timestamp: Date }[]) => records.filter((record) => record.timestamp < new Date('2026-11-26T00:00:00Z'));
    expect(beforeToday(early.records.messaging ?? [])).toEqual(beforeToday(late.records.messaging ?? []));
    for (const records of Object.values(early.records)) {
      expect(records.every((record) => record.timestamp <= morning)).toBe(true);
    }
  });

  it('has a messaging burst of BURST_COST in the 60 minutes before now, squeezed into today just after midnight', () => {
    const outboundUsd = (records: readonly UsageRecord[], from: Date, to: Date) =>
      records
        .filter(
          (record) => record.dimensions.direction === 'outbound' && record.dimensions.currency === 'USD' && record.timestamp >= from && record.timestamp < to,
        )
        .reduce((sum, record) => sum + (parseNanos(record.metrics.cost) ?? 0n), 0n);
    const lastHour = (now: Date) => outboundUsd(sampleDay(now).records.messaging ?? [], new Date(now.getTime() - 3_600_000), now);
    const early = new Date('2026-11-26T00:10:00Z');

    // The burst alone is BURST_COST; the ordinary traffic adds a little
    expect(lastHour(NOW)).toBeGreaterThanOrEqual(parseNanos(BURST_COST) ?? 0n);
    expect(lastHour(NOW)).toBeLessThan((parseNanos(BURST_COST) ?? 0n) + units(10));
    expect(outboundUsd(sampleDay(early).records.messaging ?? [], new Date('2026-11-26T00:00:00Z'), early)).toBeGreaterThanOrEqual(parseNanos(BURST_COST) ?? 0n);
  });

  it('keeps wireless steady on earlier days, and today at WIRELESS_TODAY for the own account at any hour', () => {
    const ownSpend = (now: Date, from: string, to: string) =>
      (sampleDay(now).records.wireless ?? [])
        .filter((record) => record.dimensions.user_id === SAMPLE_ACCOUNT_USER_ID)
        .filter((record) => record.timestamp >= new Date(from) && record.timestamp < new Date(to))
        .reduce((sum, record) => sum + (parseNanos(record.metrics.cost) ?? 0n), 0n);

    const yesterday = ownSpend(NOW, '2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z');
    const dayBefore = ownSpend(NOW, '2026-11-24T00:00:00Z', '2026-11-25T00:00:00Z');

    expect(yesterday).toBeGreaterThanOrEqual(units(4));
    expect(yesterday).toBeLessThanOrEqual(units(8));
    expect(dayBefore).toBeGreaterThanOrEqual(units(4));
    expect(dayBefore).toBeLessThanOrEqual(units(8));
    for (const at of ['2026-11-26T00:30:00Z', '2026-11-26T06:00:00Z', '2026-11-26T22:30:00Z']) {
      expect(ownSpend(new Date(at), '2026-11-26T00:00:00Z', at)).toBe(parseNanos(WIRELESS_TODAY));
    }
  });

  it('covers every catalogue product, carrying all of its dimensions except the time ones', () => {
    const scenario = sampleDay(NOW);

    for (const definition of PRODUCT_CATALOGUE) {
      const records = scenario.records[definition.product] ?? [];
      expect(records.length).toBeGreaterThan(0);
      const expected = definition.dimensions.filter((dimension) => dimension !== 'date' && dimension !== 'date_time').sort();
      expect(Object.keys(records[0]?.dimensions ?? {}).sort()).toEqual(expected);
      expect(Object.keys(records[0]?.metrics ?? {}).sort()).toEqual([...definition.metrics].sort());
    }
  });
});

describe('the simulator on the sample day', () => {
  let simulator: RunningSimulator;
  let clock = NOW;

  beforeAll(async () => {
    simulator = await startSimulator({ now: () => clock });
  });

  afterAll(async () => {
    await simulator.close();
  });

  it('spends 40-60 USD on outbound messaging today before the burst (BURST_COST more with it), and some EUR', async () => {
    const body = await report(simulator, 'product=messaging&dimensions=direction,currency&metrics=cost&date_range=today');

    const outboundUsd = totalCost(body.data.filter((row) => row.direction === 'outbound' && row.currency === 'USD')) - (parseNanos(BURST_COST) ?? 0n);
    expect(outboundUsd).toBeGreaterThanOrEqual(units(40));
    expect(outboundUsd).toBeLessThanOrEqual(units(60));
    expect(totalCost(body.data.filter((row) => row.currency === 'EUR'))).toBeGreaterThan(0n);
  });

  it('spends 20-30 USD on sip-trunking today', async () => {
    const body = await report(simulator, 'product=sip-trunking&dimensions=currency&metrics=cost&date_range=today');

    expect(body.data).toHaveLength(1);
    expect(totalCost(body.data)).toBeGreaterThanOrEqual(units(20));
    expect(totalCost(body.data)).toBeLessThanOrEqual(units(30));
  });

  it('reaches several hundred USD month-to-date over the cost products', async () => {
    let total = 0n;
    for (const definition of PRODUCT_CATALOGUE.filter((candidate) => candidate.metrics.includes('cost'))) {
      const body = await report(simulator, `product=${definition.product}&dimensions=currency&metrics=cost&filter[currency]=USD&date_range=this_month`);
      total += totalCost(body.data);
    }

    expect(total).toBeGreaterThanOrEqual(units(200));
    expect(total).toBeLessThanOrEqual(units(1000));
  });

  it('reports both managed accounts with managed_accounts=true', async () => {
    const body = await report(simulator, 'product=messaging&dimensions=currency&metrics=cost&filter[currency]=USD&managed_accounts=true');

    expect(body.data.map((row) => row.user_id)).toEqual([...SAMPLE_MANAGED_USER_IDS].sort());
  });

  it('still has usage today after the clock passes midnight', async () => {
    // Prepare
    clock = new Date('2026-11-27T00:05:00Z');

    // Act
    const body = await report(simulator, 'product=messaging&dimensions=date,currency&metrics=cost,count&filter[currency]=USD&date_range=today');

    // Assess
    expect(body.data).toEqual([expect.objectContaining({ date: '2026-11-27' })]);
    expect(totalCost(body.data)).toBeGreaterThan(units(40));
  });
});
