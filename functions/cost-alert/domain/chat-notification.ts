/**
 * The alert as an Amazon Q Developer in chat applications (AWS Chatbot) custom notification: the `https` body
 * of a published alert, which Chatbot posts to the Slack and Teams channels subscribed to the topic. Chatbot
 * silently drops an https body in any other shape, so this follows its documented event schema exactly:
 * version "1.0", source "custom", content (client-markdown title, description, next steps, keywords) and
 * metadata. `threadId` is the alert's ledger key, the same for a warning and the critical that follows it, so
 * one series reads as one thread.
 */
import type { AlertView } from './alert-view';
import { truncate } from './channel-text';

export interface ChatNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id?: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps?: readonly string[];
    readonly keywords?: readonly string[];
  };
  readonly metadata: {
    readonly threadId?: string;
    readonly summary: string;
    readonly eventType: string;
    readonly relatedResources?: readonly string[];
    /** Values are strings, as the schema requires. */
    readonly additionalContext: Readonly<Record<string, string>>;
  };
}

/** Slack shows at most 3000 characters of a section; longer descriptions are cut there. */
export const DESCRIPTION_MAX = 3000;

/**
 * @param id identifies this notification: the same alert published again (a retried run) keeps it.
 */
export function chatNotification(view: AlertView, id?: string): ChatNotification {
  const lines = [view.summary, '', ...view.facts.map(([label, value]) => `${label}: ${value}`)];
  const context: Record<string, string> = { severity: view.severity, signal: view.signal, product: view.product };
  if (view.alertKey !== undefined) context['alertKey'] = view.alertKey;
  if (view.at !== undefined) context['at'] = view.at;
  return {
    version: '1.0',
    source: 'custom',
    ...(id === undefined ? {} : { id }),
    content: {
      textType: 'client-markdown',
      title: view.title,
      description: truncate(lines.join('\n').trim(), DESCRIPTION_MAX),
      ...(view.nextSteps.length > 0 ? { nextSteps: [...view.nextSteps] } : {}),
      keywords: [view.severity, view.signal, view.product],
    },
    metadata: {
      ...(view.alertKey === undefined ? {} : { threadId: view.alertKey }),
      summary: view.title,
      eventType: `telnyx-cost-alert.${view.signal}`,
      ...(view.parameter === undefined ? {} : { relatedResources: [view.parameter] }),
      additionalContext: context,
    },
  };
}
