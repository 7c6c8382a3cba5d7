import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../src/engine/windows/ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the newest items, oldest first, once past capacity', () => {
    const r = new RingBuffer<number>(3);
    const dropped = [1, 2, 3, 4, 5].map((n) => r.push(n));
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(dropped).toEqual([undefined, undefined, undefined, 1, 2]);
    expect(r.size).toBe(3);
    expect(r.at(0)).toBe(3);
    expect(r.last()).toBe(5);
    expect(r.at(3)).toBeUndefined();
  });

  it('is empty after clear and rejects a zero capacity', () => {
    const r = new RingBuffer<string>(2);
    r.push('a');
    r.clear();
    expect(r.toArray()).toEqual([]);
    expect(r.last()).toBeUndefined();
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
