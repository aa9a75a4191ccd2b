/**
 * An alert as a PagerDuty Events API v2 `trigger`. `dedup_key` is the alert's ledger key: a repeated delivery of the
 * same alert (a retried invocation, SNS delivering twice) lands in the same PagerDuty alert, and so does the critical
 * that follows a warning of the same series while that alert is open. The digest is `info`.
 */
import { createHash } from 'node:crypto';
import { truncate } from '../../cost-alert/domain/channel-text';
import type { RelayMessage } from '../relay-message';

const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);
/** PagerDuty's limits: summary 1024 characters, dedup_key 255. */
const SUMMARY_MAX = 1024;
const DEDUP_KEY_MAX = 255;
export const PAGERDUTY_SOURCE = 'telnyx-cost-alert';

export interface PagerDutyEvent {
  readonly routing_key: string;
  readonly event_action: 'trigger';
  readonly dedup_key: string;
  readonly client: string;
  readonly payload: {
    readonly summary: string;
    readonly source: string;
    readonly severity: string;
    readonly timestamp?: string;
    readonly component: string;
    readonly group: string;
    readonly class?: string;
    readonly custom_details: Readonly<Record<string, unknown>>;
  };
}

/** A key PagerDuty accepts: the ledger key itself, or (past 255 characters) its start and a hash of the whole. */
export function dedupKeyOf(key: string): string {
  if (key.length <= DEDUP_KEY_MAX) return key;
  return `${key.slice(0, DEDUP_KEY_MAX - 17)}#${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

export function pagerDutyEvent(message: RelayMessage, routingKey: string): PagerDutyEvent {
  const { view, payload } = message;
  const timestamp = view.at !== undefined && Number.isFinite(Date.parse(view.at)) ? view.at : undefined;
  const period = typeof payload['period'] === 'string' ? payload['period'] : undefined;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKeyOf(message.dedupKey),
    client: PAGERDUTY_SOURCE,
    payload: {
      summary: truncate(view.title, SUMMARY_MAX),
      source: PAGERDUTY_SOURCE,
      // An alert of a severity PagerDuty does not know still pages, as an error.
      severity: SEVERITIES.has(view.severity) ? view.severity : 'error',
      ...(timestamp === undefined ? {} : { timestamp }),
      component: view.product,
      group: view.signal,
      ...(period === undefined ? {} : { class: period }),
      custom_details: payload,
    },
  };
}
