/**
 * One outage, one alert, whatever the mix: every usage read of a run that failed for a passing cause (5xx,
 * 429, timeouts, the network, the deadline), spend and hourly alike, is one error alert for `all` naming each
 * product and its cause, once a local day; a run where one product fails keeps that product's own alert.
 */
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import type { Alert } from '../../functions/cost-alert/domain/types';
import { TelnyxDeadlineError, TelnyxNetworkError, TelnyxRateLimitError, TelnyxRequestError, TelnyxServerError } from '../../functions/cost-alert/telnyx/errors';
import type { UsageQuery } from '../../functions/cost-alert/domain/usage';
import { checkDependencies, fakeUsage, row, thresholdStore } from './fakes';

const AT = '2026-11-26T14:00:00Z';
const FIVE = ['messaging', 'voice', 'fax-api', 'wireless', 'sip-trunking'];
const isHourly = (query: UsageQuery) => query.dimensions.includes('date_time');
const serverError = (product: string, status = 500) => new TelnyxServerError(`Telnyx failed to answer for ${product} usage (HTTP ${status})`, status, product);
const rateLimited = (product: string) => new TelnyxRateLimitError(`Telnyx rate-limited ${product} usage (HTTP 429)`, 429, product);

/** What reaches a phone: the topic's SMS subscription takes critical and error alerts (its filter policy). */
const smsWorthy = (alerts: readonly Alert[]) => alerts.filter((alert) => alert.severity === 'critical' || alert.severity === 'error');
const errorAlerts = (alerts: readonly Alert[]) => alerts.filter((alert) => alert.severity === 'error');

/** A quiet answer: one row of 1.00 (with its hour, for an hourly query). */
const quiet = (query: UsageQuery) => [row(query.product, '1', 'USD', isHourly(query) ? { date_time: '2026-11-26T10:00:00Z' } : {})];

function thresholdsFor(products: readonly string[], value = '{"daily": 50, "forecast": true, "spike": true}'): Record<string, string> {
  return Object.fromEntries(products.map((product) => [product, value]));
}

describe('one outage, one alert, whatever the mix', () => {
  it('500 for some products and 429 for others: one error alert for all, naming each product and its cause', async () => {
    // Prepare
    const usage = fakeUsage(FIVE, (query) => (['messaging', 'voice'].includes(query.product) ? serverError(query.product) : rateLimited(query.product)));
    const d = checkDependencies({ at: AT, usage: usage.source, thresholds: thresholdStore(thresholdsFor(FIVE)), lateUsageHours: 0 });

    // Act
    const report = await runCheck(d);

    // Assess
    expect(errorAlerts(d.publisher.alerts)).toHaveLength(1);
    expect(smsWorthy(d.publisher.alerts)).toHaveLength(1);
    const [alert] = d.publisher.alerts;
    expect(alert).toMatchObject({ severity: 'error', signal: 'error', product: 'all' });
    const email = alert?.message.email ?? '';
    expect(email).toMatch(/server errors \(5xx\): the usage of messaging, voice could not be read/);
    expect(email).toMatch(/rate-limited .*\(HTTP 429\): the usage of fax-api, wireless, sip-trunking could not be read/);
    expect(report.failures.filter((failure) => failure.startsWith('Telnyx outage (mixed causes): '))).toEqual([
      'Telnyx outage (mixed causes): the usage of messaging, voice, fax-api, wireless, sip-trunking not read',
    ]);
  });

  it('504 on the hourly queries only: one error alert, and the limits are still checked', async () => {
    // Prepare
    const usage = fakeUsage(FIVE, (query) =>
      isHourly(query) ? serverError(query.product, 504) : [row(query.product, query.product === 'voice' ? '60' : '1')],
    );
    const d = checkDependencies({ at: AT, usage: usage.source, thresholds: thresholdStore(thresholdsFor(FIVE)), lateUsageHours: 0 });

    // Act
    await runCheck(d);

    // Assess
    expect(errorAlerts(d.publisher.alerts)).toHaveLength(1);
    expect(d.publisher.alerts.map((alert) => [alert.severity, alert.product])).toEqual([
      ['error', 'all'],
      ['critical', 'voice'],
    ]);
    const email = d.publisher.alerts[0]?.message.email ?? '';
    expect(email).toContain('the hourly usage of fax-api, messaging, sip-trunking, voice, wireless could not be read');
    expect(email).toContain('forecast and spike');
  });

  it('4 of 5 products failing (timeouts, 503, the deadline): one error alert, and the fifth is still evaluated', async () => {
    // Prepare
    const failures: Record<string, Error> = {
      messaging: new TelnyxNetworkError('Could not reach Telnyx for messaging usage: no answer in time', 'messaging', { timedOut: true }),
      voice: serverError('voice', 503),
      'fax-api': new TelnyxDeadlineError('Telnyx usage of fax-api not read before the deadline', 'fax-api'),
      wireless: serverError('wireless', 503),
    };
    const usage = fakeUsage(FIVE, (query) => failures[query.product] ?? [row(query.product, '70')]);
    const d = checkDependencies({ at: AT, usage: usage.source, thresholds: thresholdStore(thresholdsFor(FIVE, '50')), lateUsageHours: 0 });

    // Act
    const report = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((alert) => [alert.severity, alert.product])).toEqual([
      ['error', 'all'],
      ['critical', 'sip-trunking'],
    ]);
    expect(smsWorthy(d.publisher.alerts)).toHaveLength(2);
    const email = d.publisher.alerts[0]?.message.email ?? '';
    for (const product of ['messaging', 'voice', 'fax-api', 'wireless']) expect(email).toContain(product);
    expect(email).toContain('did not answer in time');
    expect(email).toContain('too slowly');
    expect(report.evaluations.map((evaluation) => evaluation.product)).toEqual(['sip-trunking']);
  });

  it('the outage alert goes out once a local day, however its mix and its products change', async () => {
    // Prepare: 14:00 every product answers 500; 14:15 a mix of 500 and 429; 14:30 two products are read again
    let mix: (product: string) => Error | undefined = (product) => serverError(product);
    const usage = fakeUsage(FIVE, (query) => mix(query.product) ?? quiet(query));
    let now = Date.parse(AT);
    const d = checkDependencies({ at: AT, usage: usage.source, thresholds: thresholdStore(thresholdsFor(FIVE, '50')), lateUsageHours: 0 });
    const deps = { ...d, clock: () => now };

    // Act
    const first = await runCheck(deps);
    now += 15 * 60_000;
    mix = (product) => (product.length > 5 ? rateLimited(product) : serverError(product));
    const second = await runCheck(deps);
    now += 15 * 60_000;
    mix = (product) => (['messaging', 'voice'].includes(product) ? undefined : rateLimited(product));
    const third = await runCheck(deps);

    // Assess
    const outcomes = (report: typeof first) => report.alerts.filter(({ alert }) => alert.severity === 'error').map(({ outcome }) => outcome);
    expect([outcomes(first), outcomes(second), outcomes(third)]).toEqual([['published'], ['already-sent'], ['already-sent']]);
    expect(d.publisher.alerts).toHaveLength(1);
  });

  it('exactly one product failing keeps its own alert', async () => {
    // Prepare
    const usage = fakeUsage(FIVE, (query) => (query.product === 'voice' ? serverError('voice') : quiet(query)));
    const d = checkDependencies({ at: AT, usage: usage.source, thresholds: thresholdStore(thresholdsFor(FIVE)), lateUsageHours: 0 });

    // Act
    await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((alert) => [alert.product, alert.message.subject])).toEqual([
      ['voice', '[ERROR] Telnyx cost alert, voice: Usage could not be read'],
    ]);
  });

  it('a failed hourly read adds no alert beside the failed spend read of the same product', async () => {
    // Prepare: voice fails both ways with a 500; messaging's spend read is refused as a bad request
    const usage = fakeUsage(FIVE, (query) =>
      query.product === 'voice'
        ? serverError('voice')
        : query.product === 'messaging' && !isHourly(query)
          ? new TelnyxRequestError('Telnyx refused the messaging query (HTTP 400)', 400, 'messaging')
          : quiet(query),
    );
    const d = checkDependencies({ at: AT, usage: usage.source, thresholds: thresholdStore(thresholdsFor(FIVE)), lateUsageHours: 0 });

    // Act
    await runCheck(d);

    // Assess: two products, two alerts, each naming its spend read
    expect(d.publisher.alerts.map((alert) => [alert.product, alert.message.subject]).sort()).toEqual([
      ['messaging', '[ERROR] Telnyx cost alert, messaging: Usage could not be read'],
      ['voice', '[ERROR] Telnyx cost alert, voice: Usage could not be read'],
    ]);
  });

  it('a product refused for its own reason keeps its alert beside the outage of the others', async () => {
    // Prepare
    const usage = fakeUsage(FIVE, (query) =>
      query.product === 'fax-api' ? new TelnyxRequestError('Telnyx refused the fax-api query (HTTP 422)', 422, 'fax-api') : serverError(query.product),
    );
    const d = checkDependencies({ at: AT, usage: usage.source, thresholds: thresholdStore(thresholdsFor(FIVE, '50')), lateUsageHours: 0 });

    // Act
    await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((alert) => alert.product).sort()).toEqual(['all', 'fax-api']);
  });
});
