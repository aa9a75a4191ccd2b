/**
 * Bounded memory: the client reads an answer only up to its cap (16 MB a page by default). A page of 1.5 million
 * rows (about 100 MB, streamed by the simulator as it is read) is "not read", never held whole and never retried.
 */
import { TelnyxResponseTooLargeError } from '../../functions/cost-alert/telnyx/errors';
import type { UsageQuery, UsageRow } from '../../functions/cost-alert/domain/usage';
import { TelnyxUsageClient, type UsageClientOptions } from '../../functions/cost-alert/telnyx/usage-client';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';

const NOW = Date.parse('2026-11-26T14:00:00Z');
const TODAY = { start: new Date('2026-11-26T00:00:00Z'), end: new Date('2026-11-26T14:00:00Z') };
const messagingToday: UsageQuery = { product: 'messaging', dimensions: ['currency'], metrics: ['cost'], window: TODAY };
const MB = 1024 * 1024;

describe('answers larger than the client reads', () => {
  let simulator: RunningSimulator;

  beforeEach(async () => {
    simulator = await startSimulator({ now: () => new Date(NOW) });
  });

  afterEach(async () => {
    await simulator.close();
  });

  const client = (options: Partial<UsageClientOptions> = {}) =>
    new TelnyxUsageClient({ apiKey: 'test-key', baseUrl: simulator.url, sleep: async () => undefined, random: () => 0, ...options });

  async function readAll(c: TelnyxUsageClient): Promise<{ rows: UsageRow[]; error?: unknown }> {
    const rows: UsageRow[] = [];
    try {
      for await (const page of c.pages(messagingToday)) rows.push(...page);
      return { rows };
    } catch (error) {
      return { rows, error };
    }
  }

  it('stops reading a page of 1.5 million rows at the 16 MB cap: the product is not read (too-large), the rest is never downloaded', async () => {
    // Prepare: one page of 1.5 million rows, about 100 MB
    simulator.injectFault({ hugePage: { rows: 1_500_000 }, times: Infinity });

    // Act
    const { rows, error } = await readAll(client());

    // Assess: an error of its own kind, no row handed on, not retried, and the server stopped well before the end
    expect(error).toBeInstanceOf(TelnyxResponseTooLargeError);
    expect(error).toMatchObject({ kind: 'too-large', product: 'messaging', limitBytes: 16 * MB });
    expect((error as Error).message).toMatch(
      /^Telnyx answered page 1 of messaging usage with more than 16 MB \(at least 16\.\d MB\), more than the client reads for one page: messaging was not read this time/,
    );
    expect(rows).toEqual([]);
    expect(simulator.requests).toHaveLength(1);
    expect(simulator.requests[0]?.bytesSent).toBeLessThan(40 * MB);
  });

  it('takes its cap from maxBodyBytes, and refuses an answer whose content-length is over it before reading it', async () => {
    // Prepare: the sample day's messaging page (content-length set) and a streamed page of 5000 rows (about 330 KB)
    simulator.injectFault({ match: { product: 'wireless' }, hugePage: { rows: 5000 } });

    // Act
    const announced = await client({ maxBodyBytes: 100 })
      .list(messagingToday)
      .catch((e: unknown) => e);
    const streamed = await client({ maxBodyBytes: 100_000 })
      .list({ ...messagingToday, product: 'wireless' })
      .catch((e: unknown) => e);

    // Assess
    expect(announced).toBeInstanceOf(TelnyxResponseTooLargeError);
    expect((announced as Error).message).toMatch(/with more than 100 bytes \(at least \d{3} bytes\)/);
    expect(streamed).toBeInstanceOf(TelnyxResponseTooLargeError);
    expect(streamed).toMatchObject({ product: 'wireless', limitBytes: 100_000 });
  });

  it('still reads a full page of 5000 rows under the default cap', async () => {
    // Prepare
    simulator.injectFault({ hugePage: { rows: 5000 } });

    // Act
    const rows = await client().list(messagingToday);

    // Assess
    expect(rows).toHaveLength(5000);
    expect(rows.reduce((total, row) => total + (row.cost ?? 0n), 0n)).toBe(50_000_000_000n);
  });
});
