import { send } from '../../functions/alert-relay/http-delivery';
import { jsonRequest } from '../../functions/alert-relay/render/outgoing';
import { type Receiver, startReceiver } from '../support/http-receiver';

let receiver: Receiver;
const waits: number[] = [];
const options = { sleep: async (ms: number) => void waits.push(ms), now: () => 0 };
const delivery = (path: string, secrets: string[] = []) => ({
  id: 'd1',
  label: 'destination 1 (slack, 127.0.0.1)',
  request: jsonRequest(`${receiver.url}${path}`, '{"text":"hi"}'),
  secrets,
});

beforeEach(async () => {
  waits.length = 0;
  receiver = await startReceiver();
});

afterEach(async () => {
  await receiver.close();
});

describe('send', () => {
  it('POSTs the body once when the receiver takes it', async () => {
    // Act
    const outcome = await send(delivery('/hook'), options);
    // Assess
    expect(outcome).toEqual({ ok: true, status: 200, attempts: 1 });
    expect(receiver.on('/hook')).toEqual([expect.objectContaining({ method: 'POST', body: '{"text":"hi"}' })]);
  });

  it('tries again after a 429 (waiting what Retry-After asks) and after a 5xx, then succeeds', async () => {
    // Prepare
    receiver.answer('/hook', { status: 429, headers: { 'retry-after': '3' } }, { status: 503 });
    // Act
    const outcome = await send(delivery('/hook'), options);
    // Assess
    expect(outcome).toEqual({ ok: true, status: 200, attempts: 3 });
    expect(waits).toEqual([3000, 2000]);
  });

  it('gives up after three attempts, saying what the receiver last answered', async () => {
    // Prepare
    receiver.answer('/hook', { status: 500, body: 'boom' }, { status: 500, body: 'boom' }, { status: 500, body: 'still boom' });
    // Act
    const outcome = await send(delivery('/hook'), options);
    // Assess
    expect(outcome).toEqual({ ok: false, attempts: 3, status: 500, reason: 'answered HTTP 500: still boom' });
  });

  it('does not try again after a 4xx: the same request would be refused again', async () => {
    // Prepare
    receiver.answer('/hook', { status: 404, body: 'no_service' });
    // Act
    const outcome = await send(delivery('/hook'), options);
    // Assess
    expect(outcome).toMatchObject({
      ok: false,
      attempts: 1,
      status: 404,
      reason: expect.stringMatching(/^answered HTTP 404: no_service \(the webhook or integration no longer exists/),
    });
  });

  it('masks a secret the receiver echoes in its answer', async () => {
    // Prepare
    receiver.answer('/hook', { status: 400, body: 'invalid routing key R0123456789abcdefghijklmnopqrstu' });
    // Act
    const outcome = await send(delivery('/hook', ['R0123456789abcdefghijklmnopqrstu']), options);
    // Assess
    expect(outcome).toMatchObject({ ok: false, reason: 'answered HTTP 400: invalid routing key ***' });
  });

  it('does not wait past the deadline to try again', async () => {
    // Prepare
    receiver.answer('/hook', { status: 503 });
    // Act
    const outcome = await send(delivery('/hook'), { ...options, deadline: 5_000 });
    // Assess
    expect(outcome).toMatchObject({ ok: false, attempts: 1, reason: 'answered HTTP 503; no time left in this invocation to try again' });
    expect(waits).toEqual([]);
  });

  it('treats a redirect as final: a signed body never follows it elsewhere', async () => {
    // Prepare
    receiver.answer('/hook', { status: 302, headers: { location: 'https://elsewhere.example.com/' } });
    // Act
    const outcome = await send(delivery('/hook'), options);
    // Assess
    expect(outcome).toMatchObject({ ok: false, attempts: 1, status: 302 });
    expect(receiver.received).toHaveLength(1);
  });

  it('tries again when nothing listens, and says it could not connect', async () => {
    // Prepare
    const url = receiver.url;
    await receiver.close();
    // Act
    const outcome = await send({ ...delivery('/hook'), request: jsonRequest(`${url}/hook`, '{}') }, options);
    // Assess
    expect(outcome).toEqual({ ok: false, attempts: 3, reason: 'could not connect (ECONNREFUSED)' });
    receiver = await startReceiver();
  });
});
