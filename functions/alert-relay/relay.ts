/**
 * The relay's use case: one SNS notification -> every destination that wants it, each on its own. A destination is
 * claimed in the delivery memory, sent (with a short retry), then remembered, so that a retried invocation skips the
 * destinations the message already reached. One failing or misconfigured destination never stops the others; the
 * invocation fails afterwards, naming each one that did not get the message, so that Lambda retries it and the
 * function's error alarm speaks.
 */
import { type Delivery, deliveriesFor, type DeliveryContext } from './deliveries';
import { type Destination, type DestinationList, type DestinationProblem, wants } from './destinations';
import { send, type SendOptions } from './http-delivery';
import { memoryKey } from './memory-keys';
import type { DeliveryMemory, MemoryClaim } from './ports';
import { type RelayMessage, relayMessage, type SnsNotification } from './relay-message';

export interface RelayLog {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface RelayDependencies {
  /** Absent for a direct send from the CLI: every destination is sent to, nothing is remembered. */
  readonly memory?: DeliveryMemory;
  readonly telnyxBaseUrl: string;
  readonly apiKey: () => Promise<string>;
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: RelayLog;
  /** Epoch ms by which the invocation must be done. */
  readonly deadline?: number;
}

export type DeliveryOutcome = 'delivered' | 'already-delivered' | 'in-flight' | 'failed';

export interface DeliveryReport {
  readonly label: string;
  readonly outcome: DeliveryOutcome;
  readonly attempts?: number;
  readonly status?: number;
  readonly reason?: string;
}

export interface RelayReport {
  readonly messageId: string;
  readonly severity: string;
  readonly signal: string;
  readonly deliveries: readonly DeliveryReport[];
  /** Items of the list that could not be used: each is a failure of this message too. */
  readonly problems: readonly DestinationProblem[];
  /** Destinations whose severities or signals left this message out. */
  readonly filteredOut: number;
  /** Failures are logged, not retried (the relay's own alarms: see own-alarms.ts). */
  readonly bestEffort: boolean;
}

/** Says, for each destination that did not get the message, which one and why; never a secret. */
export class RelayFailedError extends Error {
  override readonly name = 'RelayFailedError';
  constructor(readonly failures: readonly string[]) {
    super(`${failures.length} destination(s) did not get the message: ${failures.join('; ')}`);
  }
}

/** Without a deadline, a claim is held this long: a crashed invocation's claim is taken over after it. */
const DEFAULT_LEASE_MS = 2 * 60 * 1000;

export async function relayNotification(deps: RelayDependencies, notification: SnsNotification, list: DestinationList): Promise<RelayReport> {
  const message = relayMessage(notification);
  const { severity, signal } = message.view;
  const wanted = list.destinations.filter((destination) => wants(destination, severity, signal));
  let apiKey: Promise<string> | undefined;
  const context: DeliveryContext = {
    now: new Date(deps.clock()),
    telnyxBaseUrl: deps.telnyxBaseUrl,
    // Read once per message, and only when a telnyx-sms destination wants it.
    apiKey: () => (apiKey ??= deps.apiKey()),
  };
  const reports = (await Promise.all(wanted.map((destination) => deliverTo(deps, destination, message, context)))).flat();
  for (const report of reports) deps.log.info('Delivery', { messageId: message.messageId, signal, severity, ...report });
  for (const problem of list.problems)
    deps.log.warn('Unusable destination', { messageId: message.messageId, destination: problem.label, problem: problem.message });
  return {
    messageId: message.messageId,
    severity,
    signal,
    deliveries: reports,
    problems: list.problems,
    filteredOut: list.destinations.length - wanted.length,
    bestEffort: message.bestEffort === true,
  };
}

/**
 * What went wrong for one report: every problem and every delivery that did not reach its destination. None for a
 * best-effort message: its failures are in the log, and retrying it would feed the alarm it reports.
 */
export function failuresOf(report: RelayReport): string[] {
  if (report.bestEffort) return [];
  return [
    ...report.problems.map((problem) => `${problem.label}: ${problem.message}`),
    ...report.deliveries
      .filter((delivery) => delivery.outcome === 'failed' || delivery.outcome === 'in-flight')
      .map((delivery) => `${delivery.label}: ${delivery.reason ?? delivery.outcome}`),
  ];
}

async function deliverTo(deps: RelayDependencies, destination: Destination, message: RelayMessage, context: DeliveryContext): Promise<DeliveryReport[]> {
  let deliveries: Delivery[];
  try {
    deliveries = await deliveriesFor(destination, message, context);
  } catch (error) {
    return [{ label: destination.label, outcome: 'failed', reason: error instanceof Error ? error.message : String(error) }];
  }
  return Promise.all(deliveries.map((delivery) => deliverOnce(deps, delivery, message.messageId)));
}

async function deliverOnce(deps: RelayDependencies, delivery: Delivery, messageId: string): Promise<DeliveryReport> {
  const id = memoryKey(messageId, delivery.id);
  const claim = await claimOrProceed(deps, id, delivery.label);
  if (claim?.status === 'delivered') return { label: delivery.label, outcome: 'already-delivered' };
  if (claim?.status === 'in-flight') {
    return {
      label: delivery.label,
      outcome: 'in-flight',
      reason: 'another invocation is delivering this message to it; the retry will tell whether it arrived',
    };
  }
  const options: SendOptions = { sleep: deps.sleep, now: deps.clock, ...(deps.deadline === undefined ? {} : { deadline: deps.deadline }) };
  const outcome = await send(delivery, options);
  if (claim?.status === 'claimed') {
    const settle = outcome.ok ? deps.memory?.delivered(id, claim.token, new Date(deps.clock())) : deps.memory?.release(id, claim.token);
    await settle?.catch((error: unknown) => deps.log.warn('Delivery memory not updated', { destination: delivery.label, error: String(error) }));
  }
  return outcome.ok
    ? { label: delivery.label, outcome: 'delivered', attempts: outcome.attempts, status: outcome.status }
    : {
        label: delivery.label,
        outcome: 'failed',
        attempts: outcome.attempts,
        reason: outcome.reason,
        ...(outcome.status === undefined ? {} : { status: outcome.status }),
      };
}

/**
 * The claim, or undefined when there is no memory or it cannot be used: a delivery then goes out unremembered
 * (a retried invocation may deliver it again, which beats an alert that never came).
 */
async function claimOrProceed(deps: RelayDependencies, id: string, label: string): Promise<MemoryClaim | undefined> {
  if (deps.memory === undefined) return undefined;
  const now = deps.clock();
  const leaseUntil = new Date((deps.deadline ?? now + DEFAULT_LEASE_MS) + 5_000);
  try {
    return await deps.memory.claim(id, new Date(now), leaseUntil);
  } catch (error) {
    deps.log.warn('Delivery memory unavailable: delivering without it (a retry may deliver this again)', { destination: label, error: String(error) });
    return undefined;
  }
}
