import { describe, expect, it } from 'vitest';
import { DistinctWindow } from '../../../src/engine/windows/distinct-window.js';

const make = (opts: { windowMs?: number; maxKeys?: number; maxValuesPerKey?: number } = {}) =>
  new DistinctWindow<string, number, string, string>({ windowMs: 60_000, toPayload: (s) => `p:${s}`, ...opts });

describe('DistinctWindow', () => {
  it('counts distinct values per key; repeats add units, not values', () => {
    const w = make();
    expect(w.add('a', 22, 0, 1, 'x')).toBe(1);
    expect(w.add('a', 22, 1000, 2, 'y')).toBe(1);
    expect(w.add('a', 80, 2000, 1, 'z')).toBe(2);
    expect(w.add('b', 22, 2000, 1, 'q')).toBe(1);
    expect(w.entries('a')).toEqual([
      { value: 22, time: 1000, count: 3, payload: 'p:x' },
      { value: 80, time: 2000, count: 1, payload: 'p:z' },
    ]);
  });

  it('window boundary: a value last seen 59.999 s before the newest stays, at 60.000 s it leaves', () => {
    const w = make();
    w.add('a', 1, 0, 1, '');
    expect(w.add('a', 2, 59_999, 1, '')).toBe(2);
    const v = make();
    v.add('a', 1, 0, 1, '');
    expect(v.add('a', 2, 60_000, 1, '')).toBe(1);
  });

  it('a repeat keeps a value in the window; a late occurrence inside the window counts, outside it is ignored', () => {
    const w = make();
    w.add('a', 1, 0, 1, '');
    w.add('a', 1, 50_000, 1, '');
    expect(w.add('a', 2, 100_000, 1, '')).toBe(2);
    expect(w.add('a', 3, 95_000, 1, '')).toBe(3); // 5 s late
    expect(w.add('a', 4, 40_000, 1, '')).toBe(3); // 60 s late: ignored
    expect(w.entries('a').map((e) => e.value)).toEqual([1, 3, 2]); // in the order they first appeared
  });

  it('caps values per key (the one seen longest ago goes) and keys (least recently touched goes)', () => {
    const w = make({ maxValuesPerKey: 3, maxKeys: 2 });
    for (let v = 1; v <= 5; v++) w.add('a', v, v * 1000, 1, '');
    expect(w.entries('a').map((e) => e.value)).toEqual([3, 4, 5]);
    w.add('b', 1, 6000, 1, '');
    w.add('a', 6, 7000, 1, '');
    w.add('c', 1, 8000, 1, '');
    expect([w.has('a'), w.has('b'), w.has('c'), w.evicted]).toEqual([true, false, true, 1]);
  });

  it('expire(now) drops keys whose newest value left the window', () => {
    const w = make();
    w.add('a', 1, 0, 1, '');
    w.add('b', 1, 30_000, 1, '');
    expect(w.expire(59_999)).toBe(0);
    expect(w.expire(60_000)).toBe(1);
    expect([w.size, w.has('b')]).toEqual([1, true]);
  });
});
