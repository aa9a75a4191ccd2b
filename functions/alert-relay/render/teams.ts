/**
 * An alert as a Microsoft Teams message: an Adaptive Card (1.4) in the message envelope that both Teams' Workflows
 * ("Post to a channel when a webhook request is received") and the older incoming webhooks accept. The title is
 * coloured by severity; the figures are a FactSet.
 */
import type { AlertView } from '../../cost-alert/domain/alert-view';

const COLOR: Readonly<Record<string, string>> = { critical: 'Attention', error: 'Attention', warning: 'Warning' };

/** Adaptive Cards do not render `code`: the backticks are dropped rather than shown. */
const plain = (text: string) => text.replace(/`/g, '');

export function teamsMessage(view: AlertView): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: plain(view.title), weight: 'Bolder', size: 'Medium', wrap: true, color: COLOR[view.severity] ?? 'Default' },
    { type: 'TextBlock', text: plain(view.summary), wrap: true },
  ];
  if (view.facts.length > 0) body.push({ type: 'FactSet', facts: view.facts.map(([title, value]) => ({ title, value: plain(value) })) });
  for (const step of view.nextSteps) body.push({ type: 'TextBlock', text: `- ${plain(step)}`, wrap: true, isSubtle: true });
  body.push({
    type: 'TextBlock',
    text: `severity ${view.severity} · signal ${view.signal} · product ${view.product}`,
    wrap: true,
    isSubtle: true,
    size: 'Small',
  });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, msteams: { width: 'Full' } },
      },
    ],
  };
}
