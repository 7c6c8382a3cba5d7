import { describe, expect, it } from 'vitest';
import { KeyedWindow } from '../../../src/engine/windows/keyed-window.js';

const W = 60_000;

describe('KeyedWindow', () => {
  it('sums counts per key inside the window (u − t < window)', () => {
    const w = new KeyedWindow<string, null>({ windowMs: W });
    expect(w.add('a', 0, 1, null)).toBe(1);
    expect(w.add('a', 1000, 3, null)).toBe(4);
    expect(w.add('b', 1000, 1, null)).toBe(1);
    expect(w.add('a', 59_999, 1, null)).toBe(5);
    // 60.000 s after the first entry: it leaves the window
    expect(w.add('a', 60_000, 1, null)).toBe(5);
    expect(w.entries('a').map((e) => e.time)).toEqual([1000, 59_999, 60_000]);
  });

  it('places an out-of-order entry in time order, and ignores one older than the window', () => {
    const w = new KeyedWindow<string, string>({ windowMs: W });
    w.add('a', 10_000, 1, 'x');
    w.add('a', 5_000, 1, 'y');
    expect(w.entries('a').map((e) => e.payload)).toEqual(['y', 'x']);
    expect(w.add('a', 10_000 - W, 1, 'old')).toBe(2);
  });

  it('merges entries past maxEntriesPerKey into the newest (never under-counts)', () => {
    const w = new KeyedWindow<string, null>({ windowMs: W, maxEntriesPerKey: 2 });
    for (let i = 0; i < 5; i++) w.add('a', i, 1, null);
    expect(w.sum('a')).toBe(5);
    expect(w.entries('a')).toHaveLength(2);
  });

  it('evicts the least recently touched key at the key cap', () => {
    const w = new KeyedWindow<string, null>({ windowMs: W, maxKeys: 2 });
    w.add('a', 0, 1, null);
    w.add('b', 1, 1, null);
    w.add('a', 2, 1, null);
    w.add('c', 3, 1, null);
    expect(w.has('a')).toBe(true);
    expect(w.has('b')).toBe(false);
    expect(w.size).toBe(2);
    expect(w.evicted).toBe(1);
  });

  it('expire(now) drops keys whose newest entry left the window', () => {
    const w = new KeyedWindow<string, null>({ windowMs: W });
    w.add('a', 0, 1, null);
    w.add('b', 30_000, 1, null);
    expect(w.expire(59_999)).toBe(0);
    expect(w.expire(60_000)).toBe(1);
    expect(w.has('a')).toBe(false);
    expect(w.has('b')).toBe(true);
  });

  it('sum(key, now) only counts entries inside the window ending at now', () => {
    const w = new KeyedWindow<string, null>({ windowMs: W });
    w.add('a', 0, 2, null);
    w.add('a', 30_000, 1, null);
    expect(w.sum('a', 70_000)).toBe(1);
    expect(w.sum('missing')).toBe(0);
  });

  it('a key whose single entry left the window starts again from the new entry', () => {
    const w = new KeyedWindow<string, string>({ windowMs: W });
    w.add('a', 0, 3, 'first');
    expect(w.add('a', 60_000, 1, 'second')).toBe(1);
    expect(w.entries('a')).toEqual([{ time: 60_000, count: 1, payload: 'second' }]);
  });

  it('keeps entries in time order whatever order they arrive in, and trims from the oldest', () => {
    const w = new KeyedWindow<string, number>({ windowMs: W });
    // arrival order 20 s, 5 s, 40 s, 10 s, 30 s
    for (const t of [20_000, 5_000, 40_000, 10_000, 30_000]) w.add('a', t, 1, t);
    expect(w.entries('a').map((e) => e.payload)).toEqual([5_000, 10_000, 20_000, 30_000, 40_000]);
    // at 65 s the 5 s entry leaves (65 − 5 = 60), 10 s..40 s stay: 4 + the new one
    expect(w.add('a', 65_000, 1, 65_000)).toBe(5);
    expect(w.entries('a').map((e) => e.time)).toEqual([10_000, 20_000, 30_000, 40_000, 65_000]);
    // a late entry placed before every other one
    expect(w.add('a', 6_000, 2, 6_000)).toBe(7);
    expect(w.entries('a')[0]).toEqual({ time: 6_000, count: 2, payload: 6_000 });
  });

  it('a late entry older than a single-entry key goes first', () => {
    const w = new KeyedWindow<string, string>({ windowMs: W });
    w.add('a', 10_000, 1, 'late-arriving newer');
    expect(w.add('a', 9_000, 1, 'older')).toBe(2);
    expect(w.entries('a').map((e) => e.payload)).toEqual(['older', 'late-arriving newer']);
  });

  it('a full key merges an out-of-order entry into its neighbour without losing the count', () => {
    const w = new KeyedWindow<string, string>({ windowMs: W, maxEntriesPerKey: 2 });
    w.add('a', 1000, 1, 'x');
    w.add('a', 3000, 1, 'y');
    expect(w.add('a', 2000, 4, 'z')).toBe(6);
    expect(w.entries('a').map((e) => [e.time, e.count, e.payload])).toEqual([
      [1000, 1, 'x'],
      [3000, 5, 'y'],
    ]);
  });

  it('stays bounded and quick under a flood of distinct keys', () => {
    const w = new KeyedWindow<string, null>({ windowMs: W, maxKeys: 1000 });
    for (let i = 0; i < 200_000; i++) w.add(`k${i}`, i, 1, null);
    expect(w.size).toBe(1000);
    expect(w.evicted).toBe(199_000);
    expect(w.has('k199999')).toBe(true);
    expect(w.has('k198999')).toBe(false);
  });
});
