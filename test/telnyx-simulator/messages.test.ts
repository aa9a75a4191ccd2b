import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';

let simulator: RunningSimulator;
const NOW = new Date('2026-11-26T13:05:00Z');

const post = (body: unknown, authorization = 'Bearer KEY0123') =>
  fetch(`${simulator.url}/messages`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeEach(async () => {
  simulator = await startSimulator({ apiKey: 'KEY0123', now: () => NOW });
});

afterEach(async () => {
  await simulator.close();
});

describe('POST /v2/messages', () => {
  it('accepts an SMS from a number, records it and answers with the queued message', async () => {
    // Act
    const response = await post({ from: '+15555550100', to: '+15555550123', text: 'Telnyx CRITICAL: messaging' });
    // Assess
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({ record_type: 'message', to: [{ phone_number: '+15555550123', status: 'queued' }], text: 'Telnyx CRITICAL: messaging' });
    expect(simulator.messages).toEqual([{ id: data['id'], from: '+15555550100', to: '+15555550123', text: 'Telnyx CRITICAL: messaging', receivedAt: NOW }]);
  });

  it('accepts a messaging profile instead of a from number', async () => {
    // Act
    const response = await post({ messaging_profile_id: 'profile-0001', to: '+15555550123', text: 'hi' });
    // Assess
    expect(response.status).toBe(200);
    expect(simulator.messages[0]).toMatchObject({ messagingProfileId: 'profile-0001' });
  });

  it.each([
    ['a to that is not E.164', { from: '+15555550100', to: '555-0123', text: 'hi' }, 'to'],
    ['no text', { from: '+15555550100', to: '+15555550123' }, 'text'],
    ['no sender', { to: '+15555550123', text: 'hi' }, 'from'],
  ])('refuses %s with 422 naming the parameter, and records nothing', async (_case, body, parameter) => {
    // Act
    const response = await post(body);
    // Assess
    expect(response.status).toBe(422);
    expect(((await response.json()) as { errors: Array<{ source: { parameter: string } }> }).errors[0]?.source.parameter).toBe(parameter);
    expect(simulator.messages).toEqual([]);
  });

  it('refuses a wrong key as the usage endpoints do', async () => {
    // Act
    const response = await post({ from: '+15555550100', to: '+15555550123', text: 'hi' }, 'Bearer nope');
    // Assess
    expect(response.status).toBe(401);
    expect(simulator.messages).toEqual([]);
  });
});
