/** One cause, one alert. When reads fail the same way, the run sends one error alert for `all` (mixed causes: mixed-outage.test.ts). */
import { createServer } from 'node:net';
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { outageCause } from '../../functions/cost-alert/use-cases/check/outage-causes';
import { TelnyxNetworkError, TelnyxRequestError, TelnyxServerError } from '../../functions/cost-alert/telnyx/errors';
import { TelnyxUsageClient } from '../../functions/cost-alert/telnyx/usage-client';
import { checkDependencies, fakeUsage, thresholdStore } from './fakes';

const AT = '2026-11-26T14:00:00Z';
const FOUR = { messaging: '50', voice: '50', 'fax-api': '5', total: '{"daily": 100}' };

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('one cause, one alert', () => {
  it('Telnyx unreachable (a closed port) with four thresholds sends exactly one error alert', async () => {
    const usage = new TelnyxUsageClient({
      apiKey: 'test-key',
      baseUrl: `http://127.0.0.1:${await closedPort()}/v2`,
      sleep: async () => undefined,
      random: () => 0,
    });
    const d = checkDependencies({ at: AT, usage, thresholds: thresholdStore(FOUR) });

    const report = await runCheck(d);

    expect(d.publisher.alerts).toHaveLength(1);
    const [alert] = d.publisher.alerts;
    expect(alert).toMatchObject({ severity: 'error', signal: 'error', product: 'all' });
    expect(alert?.message.subject).toBe('[ERROR] Telnyx cost alert, all: Telnyx unreachable');
    expect(alert?.message.email).toContain(
      'Telnyx could not be reached (connection refused, reset or name not resolved): the usage of messaging, voice, fax-api and the list of products could not be read.',
    );
    expect(report.failures).toContain('Telnyx unreachable: the usage of messaging, voice, fax-api and the list of products not read');
  });

  it('5xx everywhere is one alert too', async () => {
    const down = (product?: string) => new TelnyxServerError(`Telnyx failed to answer for ${product ?? 'usage report options'} (HTTP 503)`, 503, product);
    const d = checkDependencies({
      at: AT,
      usage: fakeUsage(['messaging', 'voice', 'fax-api'], (q) => down(q.product)).source,
      thresholds: thresholdStore(FOUR),
    });

    await runCheck(d);

    expect(d.publisher.alerts.map((a) => [a.product, a.message.subject])).toEqual([['all', '[ERROR] Telnyx cost alert, all: Telnyx server errors']]);
    expect(d.publisher.alerts[0]?.message.email).toContain('the usage of messaging, voice, fax-api could not be read');
  });

  it('a product failing for a reason of its own keeps its alert; two products down while a third is read are still one outage', async () => {
    const mixed = checkDependencies({
      at: AT,
      usage: fakeUsage(['messaging', 'voice'], (q) =>
        q.product === 'voice' ? new TelnyxServerError('503', 503, 'voice') : new TelnyxRequestError('400', 400, 'messaging'),
      ).source,
      thresholds: thresholdStore({ messaging: '50', voice: '50' }),
    });
    await runCheck(mixed);
    expect(mixed.publisher.alerts.map((a) => a.product).sort()).toEqual(['messaging', 'voice']);

    const partly = checkDependencies({
      at: AT,
      usage: fakeUsage(['messaging', 'voice', 'fax-api'], (q) => (q.product === 'fax-api' ? [] : new TelnyxServerError('503', 503, q.product))).source,
      thresholds: thresholdStore({ messaging: '50', voice: '50', 'fax-api': '5' }),
    });
    await runCheck(partly);
    expect(partly.publisher.alerts.map((a) => [a.product, a.message.subject])).toEqual([['all', '[ERROR] Telnyx cost alert, all: Telnyx server errors']]);
    expect(partly.publisher.alerts[0]?.message.email).toContain('The limits of messaging, voice were not checked this time');
  });

  it('tells a TLS failure, a timeout and a refused connection apart', () => {
    const network = (code: string | undefined, message = 'Could not reach Telnyx') => {
      const inner = Object.assign(new Error('inner'), code === undefined ? {} : { code });
      return new TelnyxNetworkError(message, 'voice', { cause: new Error('fetch failed', { cause: inner }) });
    };
    expect(outageCause(network('CERT_HAS_EXPIRED'))).toBe('tls');
    expect(outageCause(network('ERR_TLS_CERT_ALTNAME_INVALID'))).toBe('tls');
    expect(outageCause(network('UND_ERR_CONNECT_TIMEOUT'))).toBe('timeout');
    expect(outageCause(new TelnyxNetworkError('Could not reach Telnyx for voice usage: no answer within 10000 ms', 'voice', { timedOut: true }))).toBe(
      'timeout',
    );
    // The kind is set where the failure happened, never read from the message's wording.
    expect(outageCause(network(undefined, 'no answer within 10000 ms'))).toBe('unreachable');
    expect(outageCause(network('ECONNREFUSED'))).toBe('unreachable');
    expect(outageCause(new TelnyxRequestError('400', 400, 'voice'))).toBeUndefined();
  });
});
