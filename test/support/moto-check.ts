/**
 * The deployed check on moto's server, for an integration suite: the stack's resources made afresh with the test's
 * thresholds (`prepareAws`), the Lambda handler wired to them and to a Telnyx simulator (`handlerFor`), and what the
 * alert topic sent (`sent`). Registers the suite's moto server (motoForSuite).
 */
import type { Config } from '../../functions/cost-alert/config';
import { createHandler } from '../../functions/cost-alert/handler';
import type { RunningSimulator } from '../../functions/telnyx-simulator/server';
import type { Moto, SentNotification } from './moto';
import { testHandlerOptions } from './handler-options';
import { createStackResources } from './moto-stack';
import { motoForSuite } from './moto-suite';

export const THRESHOLDS_PATH = '/telnyx-cost-alert/thresholds';
export const API_KEY_PARAMETER = '/telnyx-cost-alert/api-key';
export const LEDGER_TABLE = 'telnyx-cost-alert-ledger';

export interface MotoCheck {
  /** The suite's moto server (inside a test). */
  readonly moto: () => Moto;
  /** Resets moto and creates the topic, the ledger table, the API key and these threshold parameters. */
  prepareAws(thresholds: Record<string, string>): Promise<void>;
  /** The handler as deployed: the resources of the last prepareAws, Telnyx at the simulator, time pinned by `at`. */
  handlerFor(simulator: RunningSimulator, at: () => number): ReturnType<typeof createHandler>;
  /** What the alert topic published since the last prepareAws. */
  sent(): Promise<SentNotification[]>;
}

export function motoCheckForSuite(options: { readonly apiKey: string; readonly timeZone: string }): MotoCheck {
  const moto = motoForSuite();
  let topicArn = '';
  return {
    moto,
    async prepareAws(thresholds) {
      await moto().reset();
      topicArn = await createStackResources(moto(), {
        ledgerTable: LEDGER_TABLE,
        apiKey: { parameter: API_KEY_PARAMETER, value: options.apiKey },
        thresholds: { path: THRESHOLDS_PATH, values: thresholds },
      });
    },
    handlerFor(simulator, at) {
      const config: Config = {
        apiKeyParameter: API_KEY_PARAMETER,
        thresholdsPath: THRESHOLDS_PATH,
        topicArn,
        ledgerTable: LEDGER_TABLE,
        telnyxBaseUrl: simulator.url,
        timeZone: options.timeZone,
        maxConcurrency: 2,
        lateUsageHours: 0,
      };
      return createHandler(config, testHandlerOptions(at));
    },
    sent: () => moto().sentNotifications(topicArn),
  };
}
