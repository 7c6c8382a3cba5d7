import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../src/engine/text/iso-time.js';
import { createRandom } from '../../../src/engine/sim/prng.js';

describe('isoTime', () => {
  it('formats like toISOString, for repeated instants and for instants that share a slot', () => {
    const rand = createRandom(11).next;
    const base = Date.UTC(2026, 10, 28, 3, 0, 0);
    const times: number[] = [0, -1, -86_400_000, 1, 999, 1000, base, base + 1, base + 1_024_000, base + 2_048_000, 253_402_300_799_999];
    for (let i = 0; i < 5000; i++) times.push(base + Math.floor(rand() * 40 * 86_400) * 1000 + (rand() < 0.2 ? Math.floor(rand() * 1000) : 0));
    for (let round = 0; round < 2; round++) {
      for (const t of times) expect(isoTime(t), String(t)).toBe(new Date(t).toISOString());
    }
  });

  it('throws on a time that is not one, like toISOString', () => {
    expect(() => isoTime(NaN)).toThrow(RangeError);
    expect(() => isoTime(Infinity)).toThrow(RangeError);
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
