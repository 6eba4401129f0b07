import { DecisionQueue } from '../src/stock/decision-queue';
import type { StoredDecision } from '../src/stock/stock-ledger';

const decision = (orderId: string): StoredDecision => ({ orderId, outcome: 'applied', reason: null, processedAt: new Date(0) });

/** A publish whose sends the test acknowledges (or fails) one at a time. */
function controlledPublish() {
  const sends: Array<{ ids: string[]; ack: () => void; fail: (error: Error) => void }> = [];
  const publish = (decisions: StoredDecision[]) =>
    new Promise<void>((ack, fail) => sends.push({ ids: decisions.map((d) => d.orderId), ack, fail }));
  return { sends, publish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('DecisionQueue', () => {
  it('sends the first decisions at once and gathers those that come while a send is unacknowledged into the next send', async () => {
    const { sends, publish } = controlledPublish();
    const queue = new DecisionQueue(publish);
    queue.add([decision('a')]);
    expect(sends.map((s) => s.ids)).toEqual([['a']]);
    queue.add([decision('b'), decision('c')]);
    queue.add([decision('d')]);
    let settled = false;
    const done = queue.settled().then((failure) => {
      settled = true;
      return failure;
    });
    await tick();
    expect(sends.map((s) => s.ids)).toEqual([['a']]);
    sends[0].ack();
    await tick();
    expect(sends.map((s) => s.ids)).toEqual([['a'], ['b', 'c', 'd']]);
    expect(settled).toBe(false);
    sends[1].ack();
    expect(await done).toBeNull();
    queue.add([decision('e')]);
    expect(sends.map((s) => s.ids)).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
    sends[2].ack();
    expect(await queue.settled()).toBeNull();
  });

  it('returns the first failure, without an unhandled rejection, and sends nothing more after it', async () => {
    const { sends, publish } = controlledPublish();
    const queue = new DecisionQueue(publish);
    queue.add([decision('a')]);
    queue.add([decision('b')]);
    const error = new Error('broker away');
    sends[0].fail(error);
    await tick();
    queue.add([decision('c')]);
    expect(await queue.settled()).toEqual({ error });
    expect(sends.map((s) => s.ids)).toEqual([['a']]);
  });

  it('settles at once when nothing was queued', async () => {
    const { sends, publish } = controlledPublish();
    const queue = new DecisionQueue(publish);
    queue.add([]);
    expect(await queue.settled()).toBeNull();
    expect(sends).toEqual([]);
  });
});
