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
});
