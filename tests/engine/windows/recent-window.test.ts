import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/engine/sim/prng.js';
import { RecentWindow } from '../../../src/engine/windows/recent-window.js';

const make = (max = 3, windowMs = 60_000) => new RecentWindow<string, number>({ windowMs, maxEntriesPerKey: max });

describe('RecentWindow', () => {
  it('keeps the newest entries, drops the oldest for room, and never over-counts', () => {
    const w = make(3);
    for (let t = 0; t < 5; t++) w.add('a', t * 1000, 1, t);
    expect(w.entries('a').map((e) => e.payload)).toEqual([2, 3, 4]);
    expect(w.sum('a', 4000)).toBe(3);
    expect(w.droppedAt('a')).toBe(1000);
    expect(w.droppedAt('b')).toBe(Number.NEGATIVE_INFINITY);
  });

  it('sum(ref) counts entries at or before ref within the window: 59.999 s in, 60 s out', () => {
    const w = make(10);
    w.add('a', 0, 2, 0);
    w.add('a', 30_000, 1, 1);
    expect(w.sum('a', 59_999)).toBe(3);
    expect(w.sum('a', 60_000)).toBe(1);
    expect(w.sum('a', 29_999)).toBe(2);
    w.add('a', 89_999, 1, 2); // entries that left the newest's window go: 0 s does, 30 s stays
    expect(w.entries('a').map((e) => e.payload)).toEqual([1, 2]);
  });

  it('orders late entries by time; one older than the window is ignored; a late oldest entry is the one dropped when full', () => {
    const w = make(3);
    w.add('a', 10_000, 1, 1);
    w.add('a', 20_000, 1, 2);
    w.add('a', 15_000, 1, 3);
    expect(w.entries('a').map((e) => e.payload)).toEqual([1, 3, 2]);
    w.add('a', 5_000, 1, 4);
    expect(w.entries('a').map((e) => e.payload)).toEqual([1, 3, 2]);
    expect(w.droppedAt('a')).toBe(5_000);
    w.add('a', 100_000, 1, 5);
    w.add('a', 30_000, 1, 6); // 70 s before the newest
    expect(w.entries('a').map((e) => e.payload)).toEqual([5]);
  });

  it('expires idle keys and caps keys', () => {
    const w = new RecentWindow<string, null>({ windowMs: 1000, maxEntriesPerKey: 2, maxKeys: 2 });
    w.add('a', 0, 1, null);
    w.add('b', 10, 1, null);
    w.add('c', 20, 1, null);
    expect([w.size, w.sum('a', 20)]).toEqual([2, 0]);
    expect(w.expire(1010)).toBe(1);
    expect(w.expire(1020)).toBe(1);
  });

  it('matches a plain model on random input with late entries: it keeps the newest entries within the window', () => {
    const rnd = createRandom(42);
    for (let round = 0; round < 200; round++) {
      const cap = rnd.int(1, 6);
      const w = new RecentWindow<string, number>({ windowMs: 10_000, maxEntriesPerKey: cap });
      const accepted: { time: number; count: number; id: number }[] = [];
      let newest = Number.NEGATIVE_INFINITY;
      let t = 0;
      for (let id = 0; id < 60; id++) {
        t += rnd.int(0, 3000);
        const time = rnd.chance(0.25) ? t - rnd.int(0, 12_000) : t;
        const count = rnd.int(1, 3);
        w.add('k', time, count, id);
        if (time > newest) newest = time;
        else if (newest - time >= 10_000) continue;
        accepted.push({ time, count, id });
        const live = accepted.filter((e) => newest - e.time < 10_000).sort((a, b) => a.time - b.time);
        const kept = live.slice(Math.max(0, live.length - cap));
        expect(w.entries('k').map((e) => e.payload), `round ${round} step ${id}`).toEqual(kept.map((e) => e.id));
        const ref = newest - rnd.int(0, 5000);
        const want = kept.filter((e) => e.time <= ref && ref - e.time < 10_000).reduce((a, e) => a + e.count, 0);
        expect(w.sum('k', ref)).toBe(want);
      }
    }
  });
});
