/**
 * Lambda entry of the relay, subscribed to the alert topic: wires the adapters from validated configuration, reads the
 * destinations (fresh on every invocation), relays each SNS record, and fails the invocation when a destination did
 * not get its message, so that Lambda retries it (the delivery memory keeps the destinations already reached from
 * getting it twice) and, after the retries, puts the event in the on-failure queue.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SNSEvent } from 'aws-lambda';
import { SsmSecret } from '../cost-alert/aws/ssm-secret';
import { DynamoDeliveryMemory } from './aws/dynamo-delivery-memory';
import { SsmDestinations } from './aws/ssm-destinations';
import { loadRelayConfig, type RelayConfig } from './config';
import { parseDestinations } from './destinations';
import type { DeliveryMemory, DestinationsSource } from './ports';
import { failuresOf, RelayFailedError, relayNotification, type RelayReport } from './relay';

const SERVICE = 'telnyx-cost-alert-relay';
/** Stop retrying this long before the Lambda timeout, so that the memory is settled and the report logged. */
const DEADLINE_MARGIN_MS = 5_000;

export interface RelayHandlerOptions {
  readonly logger?: Logger;
  readonly clock?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly destinations?: DestinationsSource;
  readonly memory?: DeliveryMemory;
}

export interface RelayResult {
  readonly messages: number;
  readonly delivered: number;
  readonly alreadyDelivered: number;
}

/** Everything built once per container. Exported for the tests, which build it per case. */
export function createRelayHandler(config: RelayConfig, options: RelayHandlerOptions = {}) {
  const logger = options.logger ?? new Logger({ serviceName: SERVICE });
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const ssm = new SSMClient({});
  const destinations = options.destinations ?? new SsmDestinations(ssm, config.destinationsParameter);
  const memory = options.memory ?? new DynamoDeliveryMemory(new DynamoDBClient({}), config.ledgerTable);

  /** Read on each invocation that needs it: a rotated key is used at once. */
  const apiKey = async (): Promise<string> => {
    if (config.apiKeyParameter === undefined) {
      throw new Error('TELNYX_API_KEY_PARAMETER is not set: the relay needs the Telnyx API key parameter for telnyx-sms destinations');
    }
    return new SsmSecret(ssm, config.apiKeyParameter).value();
  };

  return async function handler(event: SNSEvent, context?: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>): Promise<RelayResult> {
    if (context?.awsRequestId) logger.appendKeys({ requestId: context.awsRequestId });
    const deadline = typeof context?.getRemainingTimeInMillis === 'function' ? clock() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS : undefined;
    // Unreadable: nothing can be delivered, and Lambda's retry may find it fixed.
    const list = parseDestinations(await destinations.load(), destinations.description);
    const deps = { memory, telnyxBaseUrl: config.telnyxBaseUrl, apiKey, clock, sleep, log: logger, ...(deadline === undefined ? {} : { deadline }) };
    const reports: RelayReport[] = [];
    for (const record of event.Records ?? []) reports.push(await relayNotification(deps, record.Sns, list));
    const failures = reports.flatMap(failuresOf);
    const count = (outcome: string) => reports.flatMap((report) => report.deliveries).filter((delivery) => delivery.outcome === outcome).length;
    const result = { messages: reports.length, delivered: count('delivered'), alreadyDelivered: count('already-delivered') };
    logger.info('Relay finished', { ...result, failureCount: failures.length, failures });
    if (failures.length > 0) throw new RelayFailedError(failures);
    return result;
  };
}

let cached: { readonly environment: string; readonly handler: ReturnType<typeof createRelayHandler> } | undefined;

/** What the container's handler is built from: in Lambda it never changes; a test process may point it elsewhere. */
function environmentKey(env: NodeJS.ProcessEnv): string {
  return JSON.stringify(
    Object.entries(env)
      .filter(([name]) => /^(DESTINATIONS_PARAMETER|TELNYX_API_|ALERT_LEDGER_TABLE|AWS_ENDPOINT_URL|AWS_REGION)/.test(name))
      .sort(),
  );
}

/** The Lambda handler. A configuration error surfaces here, naming the variable, on the first invocation. */
export async function handler(event: SNSEvent, context?: Context): Promise<RelayResult> {
  const environment = environmentKey(process.env);
  if (cached?.environment !== environment) cached = { environment, handler: createRelayHandler(loadRelayConfig()) };
  return cached.handler(event, context);
}
