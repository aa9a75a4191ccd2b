/** A hand-built account whose sums can be checked by eye, and a way to ask the simulator for a report. */
import { PRODUCT_CATALOGUE, type Scenario, type UsageRecord } from '../../functions/telnyx-simulator/scenario';
import type { RunningSimulator } from '../../functions/telnyx-simulator/server';

export const NOW = new Date('2026-11-26T15:30:00Z');
export const OWN = 'own-account';
export const MANAGED_A = 'managed-a';
export const MANAGED_B = 'managed-b';

function message(at: string, direction: string, currency: string, cost: string | number, userId = OWN): UsageRecord {
  return {
    timestamp: new Date(at),
    dimensions: { user_id: userId, direction, currency, country_iso: currency === 'EUR' ? 'DE' : 'US', message_type: 'SMS' },
    metrics: { cost, parts: 1, count: 1 },
  };
}

/**
 * Today (2026-11-26), own account: outbound USD 0.3 at 00:00:00, 0.1 at 09:10:00, 0.2 at 14:59:59
 * (0.6 in all); inbound USD 0.0025; outbound EUR 0.075. Yesterday 23:59:59: outbound USD 1.5.
 * 3 November: outbound USD 2. 31 October: outbound USD 9. Managed accounts today: 5 and 7 USD outbound.
 */
export function tinyAccount(overrides: Partial<Scenario> = {}): Scenario {
  return {
    products: PRODUCT_CATALOGUE.filter((definition) => ['messaging', 'sip-trunking', 'webrtc'].includes(definition.product)),
    accountUserId: OWN,
    records: {
      messaging: [
        message('2026-11-26T00:00:00Z', 'outbound', 'USD', '0.3'),
        message('2026-11-26T09:10:00Z', 'outbound', 'USD', '0.1'),
        message('2026-11-26T14:59:59Z', 'outbound', 'USD', 0.2),
        message('2026-11-26T10:00:00Z', 'inbound', 'USD', '0.0025'),
        message('2026-11-26T11:00:00Z', 'outbound', 'EUR', '0.075'),
        message('2026-11-25T23:59:59Z', 'outbound', 'USD', '1.5'),
        message('2026-11-03T08:00:00Z', 'outbound', 'USD', '2'),
        message('2026-10-31T12:00:00Z', 'outbound', 'USD', '9'),
        message('2026-11-26T12:00:00Z', 'outbound', 'USD', '5', MANAGED_A),
        message('2026-11-26T13:00:00Z', 'outbound', 'USD', '7', MANAGED_B),
      ],
      'sip-trunking': [
        {
          timestamp: new Date('2026-11-26T08:00:00Z'),
          dimensions: { user_id: OWN, direction: 'outbound', currency: 'USD', country_code: 'NLD' },
          metrics: { cost: '0.25', call_sec: 55, billed_sec: 60, attempted: 1, completed: 1, connected: 1 },
        },
      ],
      webrtc: [],
    },
    ...overrides,
  };
}

export const BEARER = { authorization: 'Bearer test-key' };

/** GET `${simulator.url}${path}?${query}` with a bearer token; `query` is sent exactly as written. */
export function get(simulator: RunningSimulator, path: string, query = '', headers: Record<string, string> = BEARER): Promise<Response> {
  return fetch(`${simulator.url}${path}${query ? `?${query}` : ''}`, { headers });
}

export interface ReportBody {
  data: Array<Record<string, unknown>>;
  meta: { page_number: number; page_size: number; total_pages: number; total_results: number };
}

export interface ErrorBody {
  errors: Array<{ code: string; title: string; detail?: string; source?: { parameter?: string }; meta?: { url?: string } }>;
}

/** A usage report that must succeed. */
export async function report(simulator: RunningSimulator, query: string): Promise<ReportBody> {
  const response = await get(simulator, '/usage_reports', query);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status}: ${text}`);
  return JSON.parse(text) as ReportBody;
}

/** A usage report that must fail with `status`. */
export async function refusal(simulator: RunningSimulator, query: string, status = 400): Promise<ErrorBody> {
  const response = await get(simulator, '/usage_reports', query);
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as ErrorBody;
}
