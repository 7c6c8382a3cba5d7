import { describe, expect, it } from 'vitest';
import { banIncrementSchema, countOffences, incrementedSeconds } from '../../src/runtime/ban-increment.js';

const on = banIncrementSchema.parse({ enabled: true });

describe('incrementedSeconds', () => {
  it('is off by default, and 1 h, 2 h, 4 h … up to the 7-day cap when on', () => {
    expect(banIncrementSchema.parse({})).toEqual({ enabled: false, factor: 2, maxSeconds: 604_800, windowSeconds: 2_592_000 });
    expect(incrementedSeconds(3600, 3, banIncrementSchema.parse({}))).toBe(3600);
    expect([0, 1, 2, 3, 8].map((n) => incrementedSeconds(3600, n, on))).toEqual([3600, 7200, 14_400, 28_800, 604_800]);
  });

  it('keeps permanent permanent, never goes below the base, and survives huge counts', () => {
    expect(incrementedSeconds(null, 5, on)).toBeNull();
    expect(incrementedSeconds(10 * 86_400, 1, on)).toBe(10 * 86_400);
    expect(incrementedSeconds(3600, 10_000, { ...on, maxSeconds: null })).toBe(315_360_000);
  });
});

describe('countOffences', () => {
  const r = (ip: string, at: string, state?: 'failed' | 'expired') => ({ ip, backend: 'x', at, until: null, alertId: null, simulated: false, state });
  it('counts placed bans of the same target within the window', () => {
    const now = Date.parse('2024-05-10T00:00:00Z');
    const records = [r('203.0.113.45', '2024-05-09T00:00:00Z', 'expired'), r('203.0.113.45', '2024-05-09T01:00:00Z', 'failed'), r('203.0.113.45', '2024-04-01T00:00:00Z', 'expired'), r('203.0.113.46', '2024-05-09T00:00:00Z')];
    expect(countOffences(records, '203.0.113.45', now, 30 * 86_400)).toBe(1);
    expect(countOffences(records, '203.0.113.45', now, 60 * 86_400)).toBe(2);
  });
});
