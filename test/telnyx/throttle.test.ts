/** The client's shared throttle state: adaptive concurrency and the pause a 429 puts on an endpoint. */
import { RECOVERY_SUCCESSES, type Slot, Throttle } from '../../functions/cost-alert/telnyx/throttle';

const START = 1_000_000;

function setUp(maxConcurrency: number) {
  const state = { now: START, waits: [] as number[] };
  const throttle = new Throttle(
    maxConcurrency,
    () => state.now,
    async (ms) => {
      state.waits.push(ms);
      state.now += ms;
    },
  );
  const enter = async (deadline = START + 60_000, ahead = false): Promise<Slot> => {
    const entry = await throttle.enter('usage', deadline, ahead);
    if (!entry.ok) throw new Error(`refused: ${entry.why}`);
    return entry.slot;
  };
  return { state, throttle, enter };
}

/** Lets queued promises settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the shared throttle', () => {
  it('lets maxConcurrency requests in at once and queues the rest, first come first served', async () => {
    // Prepare
    const { enter } = setUp(2);
    const order: number[] = [];

    // Act
    const a = await enter();
    const b = await enter();
    const queued = [1, 2, 3].map((n) => enter().then((slot) => (order.push(n), slot)));
    await settle();
    const beforeRelease = [...order];
    a.release();
    await settle();
    b.release();
    await settle();

    // Assess
    expect(beforeRelease).toEqual([]);
    expect(order).toEqual([1, 2]);
    (await queued[0])?.release();
    await settle();
    expect(order).toEqual([1, 2, 3]);
  });

  it('queues the last page of a read under way ahead of the other requests, and such pages in order among themselves', async () => {
    // Prepare: one slot taken; two other requests queue, then two last pages
    const { enter } = setUp(1);
    const order: string[] = [];
    const held = await enter();
    const queued = [
      ['other A', false],
      ['other B', false],
      ['last page A', true],
      ['last page B', true],
    ].map(async ([name, ahead]) => {
      // Each request frees its slot as soon as it is let in
      const slot = await enter(START + 60_000, ahead as boolean);
      order.push(name as string);
      slot.release();
    });
    await settle();

    // Act
    held.release();
    await Promise.all(queued);

    // Assess
    expect(order).toEqual(['last page A', 'last page B', 'other A', 'other B']);
  });

  it('halves the limit on a 429 once for the requests sent together, never below 1', async () => {
    // Prepare
    const { throttle, enter } = setUp(4);
    const together = await Promise.all([enter(), enter(), enter(), enter()]);

    // Act: all four of the same round answered 429
    for (const slot of together) throttle.throttled(slot, 'usage', 0);
    const afterOneRound = throttle.concurrency;
    for (const slot of together) slot.release();
    for (let round = 0; round < 3; round++) {
      const slot = await enter();
      throttle.throttled(slot, 'usage', 0);
      slot.release();
    }

    // Assess
    expect(afterOneRound).toBe(2);
    expect(throttle.concurrency).toBe(1);
  });

  it(`grows the limit back by one after ${RECOVERY_SUCCESSES} answers in a row without a 429`, async () => {
    // Prepare: 4 halved to 2
    const { throttle, enter } = setUp(4);
    const first = await enter();
    throttle.throttled(first, 'usage', 0);
    first.release();

    // Act
    for (let i = 0; i < RECOVERY_SUCCESSES - 1; i++) throttle.succeeded();
    const almost = throttle.concurrency;
    throttle.succeeded();
    const once = throttle.concurrency;
    for (let i = 0; i < 10 * RECOVERY_SUCCESSES; i++) throttle.succeeded();

    // Assess
    expect([almost, once, throttle.concurrency]).toEqual([2, 3, 4]);
  });

  it('makes every request to the paused endpoint wait out the pause, and not the other endpoint', async () => {
    // Prepare: a 429 asks for 5 s
    const { state, throttle, enter } = setUp(2);
    const slot = await enter();
    throttle.throttled(slot, 'usage', 5000);
    slot.release();

    // Act
    const options = await throttle.enter('options', START + 60_000);
    const waitsForOptions = [...state.waits];
    if (options.ok) options.slot.release();
    const usage = await enter();

    // Assess
    expect(options.ok).toBe(true);
    expect(waitsForOptions).toEqual([]);
    expect(state.waits).toEqual([5000]);
    expect(state.now).toBe(START + 5000);
    usage.release();
  });

  it('does not make a request wait for a pause that ends at or past its deadline', async () => {
    // Prepare
    const { state, throttle, enter } = setUp(2);
    const slot = await enter();
    throttle.throttled(slot, 'usage', 30_000);
    slot.release();

    // Act
    const entry = await throttle.enter('usage', START + 30_000);

    // Assess
    expect(entry).toEqual({ ok: false, why: 'paused', until: START + 30_000 });
    expect(state.waits).toEqual([]);
  });

  it('waits a pause once, even with a clock that does not move while it waits', async () => {
    // Prepare: a clock pinned, as in tests of the handler
    const throttle = new Throttle(
      2,
      () => START,
      async () => undefined,
    );
    const first = await throttle.enter('usage', START + 60_000);
    if (!first.ok) throw new Error('refused');
    throttle.throttled(first.slot, 'usage', 1000);
    first.slot.release();

    // Act & Assess: it returns instead of waiting for ever
    await expect(throttle.enter('usage', START + 60_000)).resolves.toMatchObject({ ok: true });
  });
});
