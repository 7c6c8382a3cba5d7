// KeyedWindow's segmented LRU (probation / protected) and its byte budget.
import { describe, expect, it } from 'vitest';
import { ENTRY_BYTES, KEY_BYTES, KeyedWindow } from '../../../src/engine/windows/keyed-window.js';

const W = 60_000;

describe('KeyedWindow segmented LRU', () => {
  it('a flood of one-shot keys cannot evict a key with several entries', () => {
    // Given a key with 2 entries and a cap of 1,000 keys
    const w = new KeyedWindow<string, null>({ windowMs: W, maxKeys: 1000 });
    w.add('attacker', 0, 1, null);
    w.add('attacker', 1, 1, null);
    // When 100,000 new keys arrive, each once
    for (let i = 0; i < 100_000; i++) w.add(`k${i}`, 2 + i / 10, 1, null);
    // Then the attacker is still counted, and the cap holds
    expect(w.sum('attacker')).toBe(2);
    expect(w.add('attacker', 10_000, 1, null)).toBe(3);
    expect(w.size).toBe(1000);
    expect(w.protectedSize).toBe(1);
    expect(w.evicted).toBe(100_000 + 1 - 1000);
  });

  it('evicts the least recently touched key seen once before any key with several entries', () => {
    const w = new KeyedWindow<string, null>({ windowMs: W, maxKeys: 3, protectedShare: 1 });
    w.add('twice', 0, 1, null);
    w.add('once-old', 1, 1, null);
    w.add('twice', 2, 1, null);
    w.add('once-new', 3, 1, null);
    w.add('fresh', 4, 1, null);
    expect([w.has('twice'), w.has('once-old'), w.has('once-new'), w.has('fresh')]).toEqual([true, false, true, true]);
  });

  it('bounds protected to its share of the cap: its least recently touched key goes back to probation', () => {
    // maxKeys 10 × 0.2 → 2 protected keys
    const w = new KeyedWindow<string, null>({ windowMs: W, maxKeys: 10 });
    expect(w.maxProtected).toBe(2);
    for (const k of ['a', 'b', 'c']) {
      w.add(k, 0, 1, null);
      w.add(k, 1, 1, null);
    }
    expect(w.protectedSize).toBe(2);
    // 'a' was demoted to probation as its newest key; 7 one-shot keys fill the cap after it
    for (let i = 0; i < 7; i++) w.add(`one-${i}`, 2, 1, null);
    expect(w.size).toBe(10);
    w.add('one-7', 3, 1, null);
    expect(w.has('a')).toBe(false);
    expect(w.has('b') && w.has('c') && w.has('one-0')).toBe(true);
  });

  it('with only keys of several entries left, the cap evicts the least recently touched of them', () => {
    const w = new KeyedWindow<string, null>({ windowMs: W, maxKeys: 2, protectedShare: 1 });
    for (const k of ['a', 'b']) {
      w.add(k, 0, 1, null);
      w.add(k, 1, 1, null);
    }
    w.add('a', 2, 1, null);
    w.add('c', 3, 1, null);
    expect([w.has('a'), w.has('b'), w.has('c')]).toEqual([true, false, true]);
    expect(w.protectedSize).toBe(1);
  });

  it('promotes only for a second entry inside the window, merged or not', () => {
    const w = new KeyedWindow<string, null>({ windowMs: W, maxKeys: 10, maxEntriesPerKey: 1 });
    w.add('a', 0, 1, null);
    w.add('a', 60_000, 1, null); // the first left the window: still one entry
    expect(w.protectedSize).toBe(0);
    w.add('a', 60_001, 1, null); // merged into the newest (one entry per key), but a repeat
    expect(w.protectedSize).toBe(1);
    expect(w.sum('a')).toBe(2);
  });

  it('expire(now) drops expired keys from both segments', () => {
    const w = new KeyedWindow<string, null>({ windowMs: W });
    w.add('p', 0, 1, null);
    w.add('p', 1, 1, null);
    w.add('o', 2, 1, null);
    w.add('live', 50_000, 1, null);
    expect(w.expire(60_002)).toBe(2);
    expect([w.has('p'), w.has('o'), w.has('live')]).toEqual([false, false, true]);
    expect(w.protectedSize).toBe(0);
  });

  it('the existing API keeps its meaning: delete, clear and size cover both segments', () => {
    const w = new KeyedWindow<string, null>({ windowMs: W });
    w.add('a', 0, 1, null);
    w.add('a', 1, 1, null);
    w.add('b', 2, 1, null);
    expect(w.size).toBe(2);
    expect(w.delete('a')).toBe(true);
    expect(w.protectedSize).toBe(0);
    w.clear();
    expect(w.size).toBe(0);
    expect(w.bytes).toBe(0);
  });
});

describe('KeyedWindow byte budget', () => {
  const sized = (maxBytes: number, maxKeys = 1000) => new KeyedWindow<string, string>({ windowMs: W, maxKeys, maxBytes, payloadBytes: (s) => s.length });

  it('counts approximate bytes per key, entry and payload', () => {
    const w = sized(1 << 20);
    w.add('a', 0, 1, 'x'.repeat(100));
    w.add('a', 1, 1, 'y'.repeat(50));
    w.add('b', 2, 1, 'z'.repeat(10));
    expect(w.bytes).toBe(2 * KEY_BYTES + 3 * ENTRY_BYTES + 160);
  });

  it('evicts keys seen once, least recently touched first, to stay within the budget', () => {
    const per = KEY_BYTES + ENTRY_BYTES + 1000;
    const w = sized(10 * per);
    w.add('attacker', 0, 1, 'a'.repeat(1000));
    w.add('attacker', 1, 1, 'a'.repeat(1000));
    for (let i = 0; i < 1000; i++) w.add(`k${i}`, 2 + i, 1, 'k'.repeat(1000));
    expect(w.bytes).toBeLessThanOrEqual(10 * per);
    expect(w.size).toBe(9); // the attacker takes two entries' room
    expect(w.sum('attacker')).toBe(2);
    expect(w.has('k999') && w.has('k992') && !w.has('k991')).toBe(true);
    expect(w.evictedForBytes).toBe(w.evicted);
  });

  it('keeps a single key larger than the budget alone rather than dropping the key being added', () => {
    const w = sized(100);
    w.add('small', 0, 1, 'x');
    expect(w.add('big', 1, 1, 'y'.repeat(10_000))).toBe(1);
    expect(w.has('big') && !w.has('small')).toBe(true);
  });

  it('gives every byte back: trimmed, merged, expired, deleted and evicted entries', () => {
    const w = sized(1 << 16, 50);
    let t = 0;
    for (let i = 0; i < 5000; i++) {
      const key = `k${(i * 7919) % 97}`;
      t += (i % 13) * 500;
      w.add(key, i % 11 === 0 ? t - 20_000 : t, 1, 'p'.repeat(i % 300));
      if (i % 17 === 0) w.entries(key);
      if (i % 29 === 0) w.delete(`k${i % 97}`);
      if (i % 31 === 0) w.expire(t);
      expect(w.bytes).toBeLessThanOrEqual(1 << 16);
    }
    // What is left adds up to the running figure.
    let left = 0;
    for (let k = 0; k < 97; k++) {
      const entries = w.entries(`k${k}`);
      if (w.has(`k${k}`)) left += KEY_BYTES + entries.reduce((s, e) => s + ENTRY_BYTES + e.payload.length, 0);
    }
    expect(w.bytes).toBe(left);
    w.expire(t + W);
    expect(w.size).toBe(0);
    expect(w.bytes).toBe(0);
  });
});
