/** In-memory ports for the check's tests: usage decided per query, thresholds from a record, a quiet log. */
import type { RunLog as CheckLog } from '../../functions/cost-alert/ports';
import type { CheckDependencies } from '../../functions/cost-alert/use-cases/check/check-run';
import { parseNanos } from '../../functions/cost-alert/domain/money';
import type { RawParameter } from '../../functions/cost-alert/domain/types';
import { RecordingPublisher } from '../../functions/cost-alert/local/console-publisher';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { ThresholdStore, UsageSource } from '../../functions/cost-alert/ports';
import type { UsageQuery, UsageRow } from '../../functions/cost-alert/domain/usage';

export const PATH = '/telnyx-cost-alert/thresholds';

/** A usage row of `cost` (a decimal text) in `currency`, with more dimension values. */
export function row(product: string, cost: string, currency = 'USD', values: Record<string, string> = {}): UsageRow {
  return { product, values: { currency, ...values, cost }, cost: parseNanos(cost) };
}

export interface FakeUsage {
  readonly source: UsageSource;
  readonly queries: UsageQuery[];
}

/**
 * Usage answered per query: `answer` returns the rows of the whole query, or an Error to throw.
 * `products` are the products with a cost metric (dimensions currency, direction, date), or an Error.
 */
export function fakeUsage(products: readonly string[] | Error, answer: (query: UsageQuery) => readonly UsageRow[] | Error): FakeUsage {
  const queries: UsageQuery[] = [];
  const source: UsageSource = {
    costProductOptions: async () => {
      if (products instanceof Error) throw products;
      return [...products].sort().map((product) => ({ product, dimensions: ['currency', 'direction', 'date'], metrics: ['cost'] }));
    },
    pages: (query) => {
      queries.push(query);
      return (async function* () {
        const rows = answer(query);
        if (rows instanceof Error) throw rows;
        yield rows;
      })();
    },
  };
  return { source, queries };
}

export function thresholdStore(values: Record<string, string>): ThresholdStore {
  return {
    path: PATH,
    describe: (product) => `${PATH}/${product}`,
    load: async (): Promise<RawParameter[]> => Object.entries(values).map(([product, value]) => ({ name: `${PATH}/${product}`, value })),
  };
}

/** A log that keeps what it was told, for assertions on the log contract. */
export class MemoryLog implements CheckLog {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; message: string; fields: Record<string, unknown> }> = [];
  info(message: string, ...extra: Record<string, unknown>[]): void {
    this.lines.push({ level: 'info', message, fields: Object.assign({}, ...extra) });
  }
  warn(message: string, ...extra: Record<string, unknown>[]): void {
    this.lines.push({ level: 'warn', message, fields: Object.assign({}, ...extra) });
  }
  error(message: string, ...extra: Record<string, unknown>[]): void {
    this.lines.push({ level: 'error', message, fields: Object.assign({}, ...extra) });
  }
  named(message: string): Array<Record<string, unknown>> {
    return this.lines.filter((line) => line.message === message).map((line) => line.fields);
  }
}

export type TestDependencies = CheckDependencies & { publisher: RecordingPublisher; ledger: MemoryAlertLedger; log: MemoryLog };

export function checkDependencies(overrides: Partial<CheckDependencies> & { at: string }): TestDependencies {
  const { at, ...rest } = overrides;
  const now = Date.parse(at);
  return {
    thresholds: thresholdStore({}),
    usage: fakeUsage([], () => []).source,
    ledger: new MemoryAlertLedger(),
    publisher: new RecordingPublisher(),
    clock: () => now,
    log: new MemoryLog(),
    timeZone: 'UTC',
    ...rest,
  } as TestDependencies;
}

/** Usage as it happens: each event costs `cost` at `at`, and Telnyx reports it at `reportedAt` (default: at once). */
export interface UsageEvent {
  readonly product: string;
  readonly at: string;
  readonly cost: string;
  readonly reportedAt?: string;
  readonly currency?: string;
  readonly values?: Record<string, string>;
}

/** A usage source over events, answering each query with what Telnyx had reported by `now()` in its window. */
export function timedUsage(products: readonly string[], events: readonly UsageEvent[], now: () => number): FakeUsage {
  return fakeUsage(products, (query) => {
    const window = query.window;
    if (!window) throw new Error('the check always asks for an explicit window');
    return events
      .filter((event) => event.product === query.product)
      .filter((event) => {
        const at = Date.parse(event.at);
        return at >= window.start.getTime() && at < window.end.getTime() && Date.parse(event.reportedAt ?? event.at) <= now();
      })
      .map((event) => row(event.product, event.cost, event.currency, event.values));
  });
}
