import { parseDestinations, wants } from '../../functions/alert-relay/destinations';

const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX';
const ROUTING_KEY = 'R0123456789abcdefghijklmnopqrstu';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const parse = (list: unknown) => parseDestinations(JSON.stringify(list), 'the SSM parameter /telnyx-cost-alert/destinations');

describe('parseDestinations', () => {
  it('reads every type with its own fields', () => {
    // Act
    const { destinations, problems } = parse([
      { type: 'slack', url: SLACK_URL, severities: ['critical', 'error'] },
      { type: 'teams', url: 'https://example.webhook.office.com/webhookb2/abc' },
      { type: 'pagerduty', routingKey: ROUTING_KEY, name: 'on-call' },
      { type: 'webhook', url: 'https://receiver.example.com/hooks', secret: SECRET, signals: ['limit', 'digest'] },
      { type: 'telnyx-sms', from: '+15555550100', to: ['+15555550123', '+15555550124'] },
    ]);
    // Assess
    expect(problems).toEqual([]);
    expect(destinations.map((destination) => destination.label)).toEqual([
      'destination 1 (slack, hooks.slack.com)',
      'destination 2 (teams, example.webhook.office.com)',
      'destination 3 (pagerduty "on-call", events.pagerduty.com)',
      'destination 4 (webhook, receiver.example.com)',
      'destination 5 (telnyx-sms)',
    ]);
    expect(destinations[0]).toMatchObject({ severities: ['critical', 'error'] });
    expect(destinations[2]).toMatchObject({ url: new URL('https://events.pagerduty.com/v2/enqueue') });
  });

  it('names each bad item by position and type, never by its secret, and keeps the good ones', () => {
    // Act
    const { destinations, problems } = parse([
      { type: 'slack', url: SLACK_URL },
      { type: 'pagerduty' },
      { type: 'webhook', url: 'https://receiver.example.com/hooks', secret: 'not-a-secret-XXXXsecretXXXX' },
      { type: 'slak', url: SLACK_URL },
      { type: 'slack', url: SLACK_URL.replace('https:', 'http:') },
    ]);
    // Assess
    expect(destinations).toHaveLength(1);
    expect(problems.map((problem) => [problem.position, problem.label])).toEqual([
      [2, 'destination 2 (pagerduty)'],
      [3, 'destination 3 (webhook)'],
      [4, 'destination 4'],
      [5, 'destination 5 (slack)'],
    ]);
    expect(problems[0]?.message).toMatch(/needs "routingKey"/);
    expect(problems[1]?.message).toMatch(/secret must start with "whsec_"/);
    expect(problems[2]?.message).toMatch(/unknown type "slak" \(did you mean "slack"\?\)/);
    expect(problems[3]?.message).toMatch(/http:\/\/, which is refused except for this machine/);
    expect(JSON.stringify(problems)).not.toMatch(/XXXXsecretXXXX|T000\/B000/);
  });

  it('allows plain http only to this machine (a local receiver or proxy)', () => {
    // Act
    const { destinations, problems } = parse([
      { type: 'slack', url: 'http://127.0.0.1:8080/hook' },
      { type: 'slack', url: 'http://localhost:8080/hook' },
      { type: 'slack', url: 'http://[::1]:8080/hook' },
      { type: 'slack', url: 'http://hooks.example.com/hook' },
    ]);
    // Assess
    expect(destinations).toHaveLength(3);
    expect(problems.map((problem) => problem.position)).toEqual([4]);
  });

  it('refuses unknown fields, with a suggestion for a typo', () => {
    // Act
    const { problems } = parse([{ type: 'pagerduty', routingkey: ROUTING_KEY }]);
    // Assess
    expect(problems[0]?.message).toMatch(/unknown field "routingkey" \(did you mean "routingKey"\?\)/);
    expect(problems[0]?.message).not.toContain(ROUTING_KEY);
  });

  it('refuses unknown severities and signals, and empty lists', () => {
    // Act
    const { problems } = parse([
      { type: 'slack', url: SLACK_URL, severities: ['critcal'] },
      { type: 'slack', url: SLACK_URL, signals: [] },
    ]);
    // Assess
    expect(problems[0]?.message).toMatch(/severities has "critcal" \(did you mean "critical"\?\)/);
    expect(problems[1]?.message).toMatch(/signals must be a non-empty list/);
  });

  it('checks telnyx-sms numbers and needs a sender', () => {
    // Act
    const { problems } = parse([
      { type: 'telnyx-sms', to: ['+15555550123'] },
      { type: 'telnyx-sms', from: '+15555550100', to: ['555-0123'] },
      { type: 'telnyx-sms', messagingProfileId: '4001767e-ce0f-4cae-9d5f-0d5e636e7809', to: ['+15555550123'] },
    ]);
    // Assess
    expect(problems.map((problem) => problem.position)).toEqual([1, 2]);
    expect(problems[1]?.message).toMatch(/to\[0\] is not a number in E.164/);
  });

  it('is one problem for the whole list when it is not JSON, without quoting the text', () => {
    // Act
    const { destinations, problems } = parseDestinations(`[{"type": "slack", "url": "${SLACK_URL}"`, 'the file destinations.json');
    // Assess
    expect(destinations).toEqual([]);
    expect(problems).toEqual([
      { position: 0, label: 'the destinations list', message: expect.stringMatching(/^the file destinations.json is not valid JSON/) },
    ]);
    expect(problems[0]?.message).not.toContain('XXXXsecretXXXX');
  });

  it('fingerprints an item by its content, not its position', () => {
    // Act
    const first = parse([
      { type: 'slack', url: SLACK_URL },
      { type: 'pagerduty', routingKey: ROUTING_KEY },
    ]).destinations;
    const reordered = parse([
      { routingKey: ROUTING_KEY, type: 'pagerduty' },
      { type: 'slack', url: SLACK_URL },
    ]).destinations;
    // Assess
    expect(reordered.map((destination) => destination.fingerprint)).toEqual([first[1]?.fingerprint, first[0]?.fingerprint]);
  });
});

describe('wants', () => {
  it('takes every alert without filters, and only the listed severities and signals with them', () => {
    // Assess
    expect(wants({}, 'info', 'digest')).toBe(true);
    expect(wants({ severities: ['critical'] }, 'warning', 'limit')).toBe(false);
    expect(wants({ severities: ['critical'], signals: ['limit', 'spike'] }, 'critical', 'spike')).toBe(true);
    expect(wants({ signals: ['limit'] }, 'critical', 'spike')).toBe(false);
  });
});
