// The queue between the pipeline and a slow sink: push never waits, one delivery at a time in
// order, drop-oldest when full (reported as one episode), idle and close with deadlines.
import { describe, expect, it } from 'vitest';
import { createDeliveryQueue } from '../../../src/plugins/sinks/delivery-queue.js';

function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

describe('createDeliveryQueue', () => {
  it('push returns before any delivery starts; items are delivered one at a time, in order', async () => {
    const seen: string[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const q = createDeliveryQueue<string>({
      capacity: 10,
      async deliver(item) {
        maxConcurrent = Math.max(maxConcurrent, ++concurrent);
        await new Promise((r) => setTimeout(r, 5));
        seen.push(item);
        concurrent--;
      },
    });
    for (const x of ['a', 'b', 'c']) q.push(x);
    expect(seen).toEqual([]);
    expect(q.pending).toBe(3);
    expect(await q.idle(2000)).toBe(true);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(maxConcurrent).toBe(1);
    expect(q.pending).toBe(0);
  });

  it('drops the oldest waiting item when full, and reports the episode once at each end', async () => {
    const g = gate();
    const seen: number[] = [];
    const events: string[] = [];
    const q = createDeliveryQueue<number>({
      capacity: 2,
      async deliver(n) {
        await g.p;
        seen.push(n);
      },
      onDropStart: () => events.push('start'),
      onDropEnd: (n) => events.push(`end ${n}`),
    });
    q.push(1);
    await new Promise((r) => setImmediate(r)); // 1 is in flight
    for (let i = 2; i <= 6; i++) q.push(i);
    expect(q.dropped).toBe(3);
    expect(events).toEqual(['start']);
    g.open();
    await q.idle(2000);
    expect(seen).toEqual([1, 5, 6]);
    expect(events).toEqual(['start', 'end 3']);
  });

  it('a rejecting delivery does not stop the queue', async () => {
    const seen: number[] = [];
    const q = createDeliveryQueue<number>({
      capacity: 5,
      async deliver(n) {
        if (n === 1) throw new Error('boom');
        seen.push(n);
      },
    });
    q.push(1);
    q.push(2);
    expect(await q.idle(2000)).toBe(true);
    expect(seen).toEqual([2]);
  });

  it('idle gives up at its deadline; close aborts what is in flight and counts what it gave up', async () => {
    let aborted = false;
    const q = createDeliveryQueue<number>({
      capacity: 5,
      deliver: (_n, signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
    });
    q.push(1);
    q.push(2);
    const t0 = performance.now();
    expect(await q.idle(50)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(await q.close(50)).toBe(2);
    expect(aborted).toBe(true);
    q.push(3);
    expect(q.pending).toBe(0);
  });

  it('close on an empty queue resolves at once with nothing given up', async () => {
    const q = createDeliveryQueue<number>({ capacity: 1, deliver: async () => undefined });
    expect(await q.close(10_000)).toBe(0);
  });
});
