/**
 * A parameter the store would not read (a SecureString: it may be a secret) is an error alert naming that
 * parameter, with no suggestion to overwrite it; every other threshold is still evaluated.
 */
import type { RunLog as CheckLog } from '../../functions/cost-alert/ports';
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { parseNanos } from '../../functions/cost-alert/domain/money';
import { secureStringProblem } from '../../functions/cost-alert/domain/parameter-paths';
import { RecordingPublisher } from '../../functions/cost-alert/local/console-publisher';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { ThresholdStore, UsageSource } from '../../functions/cost-alert/ports';

const NOW = Date.parse('2026-11-26T14:00:00Z');
const PATH = '/telnyx-cost-alert/thresholds';
const quiet: CheckLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Four dollars of messaging today; every query answers the same rows, which is all this test needs. */
const usage: UsageSource = {
  costProductOptions: async () => [
    { product: 'messaging', dimensions: ['currency'], metrics: ['cost'] },
    { product: 'voice', dimensions: ['currency'], metrics: ['cost'] },
  ],
  pages: (query) =>
    (async function* () {
      yield query.product === 'messaging' ? [{ product: 'messaging', values: { currency: 'USD', cost: '4' }, cost: parseNanos('4') }] : [];
    })(),
};

describe('runCheck with a threshold the store could not read', () => {
  it('sends an error alert naming the parameter, proposing no overwrite, and still alerts on the readable threshold', async () => {
    // Prepare
    const readError = secureStringProblem(`${PATH}/voice`, PATH);
    const thresholds: ThresholdStore = {
      path: PATH,
      describe: (product) => `${PATH}/${product}`,
      load: async () => [
        { name: `${PATH}/messaging`, value: '3' },
        { name: `${PATH}/voice`, value: '', readError },
      ],
    };
    const publisher = new RecordingPublisher();

    // Act
    const report = await runCheck({ thresholds, usage, ledger: new MemoryAlertLedger(), publisher, clock: () => NOW, log: quiet, timeZone: 'UTC' });

    // Assess
    expect(publisher.alerts.map((alert) => [alert.severity, alert.product]).sort()).toEqual([
      ['critical', 'messaging'],
      ['error', 'voice'],
    ]);
    const error = publisher.alerts.find((alert) => alert.severity === 'error');
    expect(error?.message.email).toContain(readError);
    expect(error?.message.email).toContain('a SecureString is not a threshold');
    // A SecureString may be a secret (the API key itself): no fix may propose writing over it.
    expect(JSON.stringify(error?.message)).not.toMatch(/put-parameter|--overwrite/);
    expect(report.failures).toEqual([readError]);
  });
});
