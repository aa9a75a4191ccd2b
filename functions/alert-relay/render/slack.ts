/**
 * An alert as a Slack incoming-webhook message: `text` (what the notification and old clients show) and Block Kit
 * `blocks` (a header, the summary with the figures as fields, the next steps). Slack's limits are kept: a header of
 * at most 150 characters, at most 10 fields of at most 2000, sections of at most 3000.
 */
import type { AlertView } from '../../cost-alert/domain/alert-view';
import { truncate } from '../../cost-alert/domain/channel-text';

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

const EMOJI: Readonly<Record<string, string>> = {
  critical: ':rotating_light:',
  error: ':x:',
  warning: ':warning:',
  info: ':information_source:',
};

/** Slack's mrkdwn takes &, < and > as control characters: they are escaped, everything else is shown as written. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackMessage(view: AlertView): SlackMessage {
  const emoji = EMOJI[view.severity] ?? ':bell:';
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${emoji} ${view.title}`, 150), emoji: true } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(slackEscape(view.summary), 3000) },
      ...(view.facts.length > 0
        ? {
            fields: view.facts
              .slice(0, 10)
              .map(([label, value]) => ({ type: 'mrkdwn', text: truncate(`*${slackEscape(label)}*\n${slackEscape(value)}`, 2000) })),
          }
        : {}),
    },
  ];
  if (view.nextSteps.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(view.nextSteps.map((step) => `• ${slackEscape(step)}`).join('\n'), 3000) } });
  }
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: slackEscape(`severity ${view.severity} · signal ${view.signal} · product ${view.product}${view.at ? ` · ${view.at}` : ''}`) },
    ],
  });
  return { text: truncate(`${emoji} ${view.title}`, 3000), blocks };
}
