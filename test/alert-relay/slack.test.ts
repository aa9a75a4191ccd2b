import { slackEscape, slackMessage } from '../../functions/alert-relay/render/slack';
import { criticalAlert, messageOf } from './fixtures';

describe('slackMessage', () => {
  const message = slackMessage(messageOf(criticalAlert).view);

  it('has the fallback text and Block Kit blocks an incoming webhook takes', () => {
    // Assess
    expect(Object.keys(message).sort()).toEqual(['blocks', 'text']);
    expect(message.text).toBe(`:rotating_light: ${criticalAlert.message.subject}`);
    expect(message.blocks.map((block) => block['type'])).toEqual(['header', 'section', 'section', 'context']);
  });

  it('shows spend, limit and share as fields, and the parameter to edit', () => {
    // Assess
    const fields = (message.blocks[1]?.['fields'] as Array<{ type: string; text: string }>).map((field) => field.text);
    expect(fields).toEqual(['*Spend*\n55.00 USD', '*Limit*\n50.00 USD', '*Share*\n110.0% of the limit', '*Period*\ndaily 2026-11-26 (Europe/Berlin)']);
    expect(JSON.stringify(message.blocks[2])).toContain('/telnyx-cost-alert/thresholds/messaging');
  });

  it("keeps within Slack's limits: a header of at most 150 characters, at most 10 fields", () => {
    // Prepare
    const view = messageOf(criticalAlert).view;
    const long = { ...view, title: 'x'.repeat(400), facts: Array.from({ length: 14 }, (_, i) => [`f${i}`, 'v'] as const) };
    // Act
    const blocks = slackMessage(long).blocks;
    // Assess
    expect((blocks[0]?.['text'] as { text: string }).text.length).toBeLessThanOrEqual(150);
    expect(blocks[1]?.['fields']).toHaveLength(10);
  });

  it("escapes Slack's control characters so that text from outside cannot make a link or a mention", () => {
    // Assess
    expect(slackEscape('<!channel> & <https://evil.example|click>')).toBe('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
  });
});
