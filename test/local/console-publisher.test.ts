import { ConsolePublisher, RecordingPublisher, SimulatedPublishError } from '../../functions/cost-alert/local/console-publisher';
import type { Alert } from '../../functions/cost-alert/domain/types';

const alert = (key: string, overrides: Partial<Alert> = {}): Alert => ({
  key,
  rank: 800_000,
  severity: 'warning',
  signal: 'limit',
  product: 'messaging',
  period: 'monthly',
  expiresAt: new Date('2026-12-31T00:00:00Z'),
  message: {
    subject: 'WARNING: Telnyx messaging at 80% of its monthly limit',
    default: 'default text',
    email: 'Telnyx messaging spend this month is $400.00, 80% of $500.00.\n',
    sms: 'Telnyx WARNING: messaging $400.00 this month, 80% of $500.00',
    payload: {},
  },
  ...overrides,
});

describe('ConsolePublisher', () => {
  it('prints the subject, the email body and the SMS with its length, set apart', async () => {
    // Prepare
    const written: string[] = [];
    const publisher = new ConsolePublisher((text) => written.push(text));
    // Act
    await publisher.publish(alert('a'));
    // Assess
    expect(written).toHaveLength(1);
    const lines = (written[0] ?? '').split('\n');
    expect(lines[0]).toMatch(/^─+$/);
    expect(lines).toContain('WARNING · messaging · monthly');
    expect(lines).toContain('Subject: WARNING: Telnyx messaging at 80% of its monthly limit');
    expect(lines).toContain('Telnyx messaging spend this month is $400.00, 80% of $500.00.');
    expect(lines).toContain('SMS: Telnyx WARNING: messaging $400.00 this month, 80% of $500.00 (60 characters)');
    expect(written[0]).toMatch(/─\n\n$/);
  });

  it('leaves the period out of the heading of an alert without one', async () => {
    // Prepare
    const written: string[] = [];
    const { period: _period, ...withoutPeriod } = alert('b');
    // Act
    await new ConsolePublisher((text) => written.push(text)).publish({ ...withoutPeriod, severity: 'error', product: 'all' });
    // Assess
    expect(written[0]).toContain('\nERROR · all\n');
  });
});

describe('RecordingPublisher', () => {
  it('keeps the published alerts in order', async () => {
    // Prepare
    const publisher = new RecordingPublisher();
    // Act
    await publisher.publish(alert('a'));
    await publisher.publish(alert('b'));
    // Assess
    expect(publisher.alerts.map((a) => a.key)).toEqual(['a', 'b']);
  });

  it('fails the next n publishes when asked, recording none of them', async () => {
    // Prepare
    const publisher = new RecordingPublisher().failNext(2);
    // Act
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((key) => publisher.publish(alert(key))));
    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(outcomes[0]).toMatchObject({ reason: expect.any(SimulatedPublishError) });
    expect(publisher.alerts.map((a) => a.key)).toEqual(['c']);
  });
});
