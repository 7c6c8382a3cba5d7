import { describe, expect, it } from 'vitest';
import { LruMap } from '../../../src/engine/windows/lru-map.js';

describe('LruMap', () => {
  it('evicts the least recently used key when full and returns it', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    m.get('a'); // a is now newest
    expect(m.set('c', 3)).toEqual({ key: 'b', value: 2 });
    expect(m.keys()).toEqual(['a', 'c']);
    expect(m.evicted).toBe(1);
  });

  it('peek does not change the order; set on an existing key does', () => {
    const m = new LruMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.peek('a');
    expect(m.oldest()?.key).toBe('a');
    m.set('a', 10);
    expect(m.keys()).toEqual(['b', 'a']);
    expect(m.peek('a')).toBe(10);
  });

  it('dropOldestWhile stops at the first entry that is still live', () => {
    const m = new LruMap<string, number>();
    for (const [k, t] of [['a', 1], ['b', 2], ['c', 9], ['d', 3]] as const) m.set(k, t);
    const dropped: string[] = [];
    expect(m.dropOldestWhile((t) => t < 5, (k) => dropped.push(k))).toBe(2);
    expect(dropped).toEqual(['a', 'b']);
    expect(m.keys()).toEqual(['c', 'd']);
  });

  it('stays fast under constant churn (1M inserts over a full map)', () => {
    const m = new LruMap<number, number>(10_000);
    for (let i = 0; i < 1_000_000; i++) m.set(i, i);
    expect(m.size).toBe(10_000);
    expect(m.has(999_999) && !m.has(989_999)).toBe(true);
  });
});
