import { describe, expect, it } from 'vitest';
import { SharedSubscription } from './shared-subscription.js';

/** A source the test pushes into, recording whether it was closed. */
function source<T>() {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  const state = { closed: false, ended: false };
  const iterator: AsyncIterator<T> = {
    async next() {
      for (;;) {
        if (failure) throw failure;
        if (queue.length > 0) return { value: queue.shift() as T, done: false };
        if (state.closed || state.ended) return { value: undefined, done: true };
        await new Promise<void>((r) => (wake = r));
      }
    },
    async return() {
      state.closed = true;
      wake?.();
      return { value: undefined, done: true };
    },
  };
  return {
    iterator,
    state,
    push: (v: T) => (queue.push(v), wake?.()),
    end: () => ((state.ended = true), wake?.()),
    fail: (e: unknown) => ((failure = e), wake?.()),
  };
}

const take = async <T>(it: AsyncIterator<T>, n: number): Promise<T[]> => {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const step = await it.next();
    if (step.done) break;
    out.push(step.value);
  }
  return out;
};

describe('SharedSubscription', () => {
  it('gives every consumer every value and the end, and refuses newcomers once a value is out', async () => {
    const s = source<number>();
    let closedToNewcomers = 0;
    const shared = new SharedSubscription(s.iterator, () => closedToNewcomers++);
    const a = shared.attach();
    const b = shared.attach();
    expect(shared.joinable).toBe(true);
    s.push(1);
    s.push(2);
    expect(await take(a, 2)).toEqual([1, 2]);
    expect(shared.joinable).toBe(false);
    expect(closedToNewcomers).toBe(1);
    expect(() => shared.attach()).toThrow(/already yielded/);
    s.end();
    expect(await take(b, 5)).toEqual([1, 2]);
    expect((await a.next()).done).toBe(true);
    expect(closedToNewcomers).toBe(1);
  });

  it('closes the source only when the last consumer leaves', async () => {
    const s = source<number>();
    const shared = new SharedSubscription(s.iterator);
    const a = shared.attach();
    const b = shared.attach();
    await a.return?.();
    expect(s.state.closed).toBe(false);
    s.push(7);
    expect(await take(b, 1)).toEqual([7]);
    await b.return?.();
    expect(s.state.closed).toBe(true);
    expect(shared.size).toBe(0);
  });

  it("passes the source's error to every consumer after the values before it", async () => {
    const s = source<number>();
    const shared = new SharedSubscription(s.iterator);
    const a = shared.attach();
    const b = shared.attach();
    s.push(1);
    expect(await take(a, 1)).toEqual([1]);
    s.fail(new Error('upstream gone'));
    await expect(a.next()).rejects.toThrow('upstream gone');
    expect(await b.next()).toEqual({ value: 1, done: false });
    await expect(b.next()).rejects.toThrow('upstream gone');
  });
});
