import { describe, expect, it } from 'vitest';
import { Ewma } from '../../../src/engine/windows/ewma.js';

describe('Ewma', () => {
  it('the first observation is the mean with no variance; a constant series stays put', () => {
    const e = new Ewma(0.1);
    e.update(100);
    expect([e.mean, e.variance, e.count]).toEqual([100, 0, 1]);
    for (let i = 0; i < 50; i++) e.update(100);
    expect([e.mean, e.variance]).toEqual([100, 0]);
    expect(e.zScore(101)).toBe(Number.POSITIVE_INFINITY);
    expect(e.zScore(100)).toBe(0);
  });

  it('tracks an alternating series: mean near the middle, deviation near half the swing', () => {
    const e = Ewma.fromHalfLife(60);
    for (let i = 0; i < 5000; i++) e.update(i % 2 === 0 ? 90 : 110);
    expect(e.mean).toBeGreaterThan(99);
    expect(e.mean).toBeLessThan(101);
    expect(e.stdDev).toBeGreaterThan(9);
    expect(e.stdDev).toBeLessThan(11);
    expect(e.zScore(150)).toBeGreaterThan(4);
  });

  it('half-life: an old level loses half its weight after that many steps', () => {
    const e = Ewma.fromHalfLife(10);
    e.update(1000);
    e.updateZeros(10);
    expect(e.mean).toBeCloseTo(500, 6);
    expect(e.count).toBe(11);
  });

  it('a very long quiet run resets to zero without looping over it', () => {
    const e = Ewma.fromHalfLife(60);
    e.update(5000);
    e.updateZeros(10_000_000);
    expect([e.mean, e.variance, e.count]).toEqual([0, 0, 10_000_001]);
  });

  it('rejects a bad alpha or half-life', () => {
    expect(() => new Ewma(0)).toThrow(RangeError);
    expect(() => Ewma.fromHalfLife(-1)).toThrow(RangeError);
  });
});
