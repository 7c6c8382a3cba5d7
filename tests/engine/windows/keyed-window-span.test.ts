import { describe, expect, it } from 'vitest';
import { KeyedWindow } from '../../../src/engine/windows/keyed-window.js';

describe('KeyedWindow.sum with a shorter span', () => {
  it('counts only entries within spanMs before the reference time', () => {
    const w = new KeyedWindow<string, null>({ windowMs: 3_600_000 });
    for (const t of [0, 100_000, 140_001, 150_000, 200_000]) w.add('a', t, 1, null);
    expect(w.sum('a')).toBe(5);
    expect(w.sum('a', 200_000, 60_000)).toBe(3); // 140.001 s (59.999 s before), 150 s, 200 s
    expect(w.sum('a', 200_001, 60_000)).toBe(2); // 140.001 s is now exactly 60 s before: out
    expect(w.sum('a', 150_000, 60_000)).toBe(3); // entries after the reference time never count
  });
});
