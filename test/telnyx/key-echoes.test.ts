/**
 * Redaction by construction: whatever a proxy or upstream echoes of the Authorization header into an error body,
 * in whatever encoding, no form of the key reaches an error's text (message, stack, fields, cause chain), and an
 * error message quotes nothing of a body but its code, title, a redacted detail and a field-name parameter.
 */
import { TelnyxRequestError, TelnyxServerError } from '../../functions/cost-alert/telnyx/errors';
import type { UsageQuery } from '../../functions/cost-alert/domain/usage';
import { TelnyxUsageClient } from '../../functions/cost-alert/telnyx/usage-client';
import { type EchoFault, type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { everythingIn } from '../support/error-text';
import { keyFormsIn } from './key-forms-in';

/** Shaped like a Telnyx key, spelling no word. */
const KEY = 'KEY019x4Vq7ZtR2mW8pL6nB3sD5hJ0cF9gY_a2Wq';
const NOW = Date.parse('2026-11-26T14:00:00Z');
const TODAY = { start: new Date('2026-11-26T00:00:00Z'), end: new Date('2026-11-26T14:00:00Z') };
const messagingToday: UsageQuery = { product: 'messaging', dimensions: ['currency'], metrics: ['cost'], window: TODAY };

describe('key echoes in other encodings', () => {
  let simulator: RunningSimulator;

  beforeEach(async () => {
    simulator = await startSimulator({ now: () => new Date(NOW) });
  });

  afterEach(async () => {
    await simulator.close();
  });

  const client = () => new TelnyxUsageClient({ apiKey: KEY, baseUrl: simulator.url, maxAttempts: 1, sleep: async () => undefined, random: () => 0 });

  it.each<[string, EchoFault]>([
    ['base64 of "Bearer <key>"', { form: 'base64', json: true }],
    ['base64 of the key', { form: 'base64', of: 'key', json: true }],
    ['base64url of "Bearer <key>"', { form: 'base64url', json: true }],
    ['base64url of the key', { form: 'base64url', of: 'key', json: true }],
    ['hex of "Bearer <key>"', { form: 'hex', json: true }],
    ['upper-case hex of the key', { form: 'hex-upper', of: 'key', json: true }],
    ['spaces between every character', { form: 'separated', separator: ' ', json: true }],
    ['dashes between every character', { form: 'separated', separator: '-', json: true }],
    ['dots between every character', { form: 'separated', of: 'key', separator: '.', json: true }],
    ['7-character pieces', { form: 'pieces', json: true }],
    ['7-character pieces on separate lines', { form: 'pieces', of: 'key', separator: '\n', json: true }],
  ])('keeps %s out of the whole error text', async (_name, echo) => {
    // Prepare: a gateway answering 502, and a 400, with the echo in the error's detail
    simulator.injectFault({ echoAuthorization: echo });
    simulator.injectFault({ status: 400, echoAuthorization: echo });

    // Act
    const gateway = await client()
      .list(messagingToday)
      .catch((error: unknown) => error);
    const rejected = await client()
      .list(messagingToday)
      .catch((error: unknown) => error);

    // Assess: the errors say what happened, and hold no form of the key
    expect(gateway).toBeInstanceOf(TelnyxServerError);
    expect((gateway as Error).message).toContain('Telnyx failed to answer for messaging usage (HTTP 502): Bad gateway: upstream refused the request');
    expect(rejected).toBeInstanceOf(TelnyxRequestError);
    for (const error of [gateway, rejected]) expect(keyFormsIn(everythingIn(error), KEY)).toEqual([]);
  });

  it('drops a long secret-shaped token that is not the key from an error detail, keeping the rest of the detail', async () => {
    // Prepare: a session token of another system in the detail
    const token = 'sess_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    simulator.injectFault({
      status: 400,
      body: JSON.stringify({ errors: [{ code: '10015', title: 'Bad Request', detail: `upstream session ${token} expired` }] }),
    });

    // Act
    const error = await client()
      .list(messagingToday)
      .catch((e: unknown) => e);

    // Assess
    expect((error as Error).message).toBe('Telnyx rejected Bad Request for messaging (HTTP 400): upstream session [withheld] expired');
    expect(everythingIn(error)).not.toContain(token.slice(5, 25));
  });

  it('quotes nothing of an error body but its code, title, detail and a parameter that is a field name', async () => {
    // Prepare: an error record with a parameter that is prose, a pointer and fields beside the record
    simulator.injectFault({
      status: 422,
      body: JSON.stringify({
        errors: [
          {
            code: '10015',
            title: 'Invalid value',
            detail: 'page[size] must be at most 5000',
            source: { parameter: 'see the note: the key you sent was', pointer: '/data/0' },
            meta: { url: 'https://example.invalid/echo?k=not-quoted' },
          },
        ],
        debug: { headers: 'authorization: not-quoted-either' },
      }),
    });

    // Act
    const error = await client()
      .list(messagingToday)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TelnyxRequestError);
    expect((error as Error).message).toBe('Telnyx rejected Invalid value for messaging (HTTP 422): page[size] must be at most 5000');
    expect(error).toMatchObject({
      errors: [{ code: '10015', title: 'Invalid value', detail: 'page[size] must be at most 5000', parameter: undefined, pointer: '/data/0' }],
    });
    expect(everythingIn(error)).not.toContain('not-quoted');
    expect(everythingIn(error)).not.toContain('see the note');
  });
});
