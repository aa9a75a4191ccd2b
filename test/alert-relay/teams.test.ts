import { teamsMessage } from '../../functions/alert-relay/render/teams';
import { criticalAlert, messageOf, warningAlert } from './fixtures';

interface Card {
  type: string;
  version: string;
  body: Array<Record<string, unknown>>;
}

const cardOf = (message: Record<string, unknown>): Card => {
  const [attachment] = message['attachments'] as Array<{ contentType: string; content: Card }>;
  expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachment!.content;
};

describe('teamsMessage', () => {
  it('is an Adaptive Card 1.4 in the message envelope Teams workflows and incoming webhooks accept', () => {
    // Act
    const message = teamsMessage(messageOf(criticalAlert).view);
    // Assess
    expect(message['type']).toBe('message');
    expect(cardOf(message)).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
  });

  it('titles the card with the subject, coloured by severity, and lists the figures as facts', () => {
    // Act
    const critical = cardOf(teamsMessage(messageOf(criticalAlert).view));
    const warning = cardOf(teamsMessage(messageOf(warningAlert).view));
    // Assess
    expect(critical.body[0]).toMatchObject({ type: 'TextBlock', text: criticalAlert.message.subject, color: 'Attention', weight: 'Bolder' });
    expect(warning.body[0]).toMatchObject({ color: 'Warning' });
    expect(critical.body.find((block) => block['type'] === 'FactSet')?.['facts']).toEqual(
      expect.arrayContaining([
        { title: 'Spend', value: '55.00 USD' },
        { title: 'Limit', value: '50.00 USD' },
      ]),
    );
  });

  it('shows the next steps without markdown backticks, which cards do not render', () => {
    // Act
    const text = JSON.stringify(cardOf(teamsMessage(messageOf(criticalAlert).view)).body);
    // Assess
    expect(text).toContain('edit the SSM parameter /telnyx-cost-alert/thresholds/messaging');
    expect(text).not.toContain('`');
  });
});
