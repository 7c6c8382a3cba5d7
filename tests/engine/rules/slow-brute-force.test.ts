import { describe, expect, it } from 'vitest';
import { createBruteForce } from '../../../src/engine/rules/brute-force.js';
import { createSlowBruteForce, peakWithin, SLOW_BRUTE_FORCE } from '../../../src/engine/rules/slow-brute-force.js';
import { fail, intel, run, sec, tick } from './harness.js';

const IP = '198.51.100.33';

/** `n` failures from IP, `stepS` seconds apart from `startS`. */
const slow = (n: number, stepS = 150, startS = 0, ip = IP) => Array.from({ length: n }, (_, i) => fail(ip, sec(startS + i * stepS), 'root'));

describe('SLOW_BRUTE_FORCE threshold and window', () => {
  it('19 failures within an hour do not fire; the 20th does, MEDIUM, and BRUTE_FORCE stays quiet', () => {
    expect(run(createSlowBruteForce(), slow(19)).raised).toEqual([]);
    const { raised, final } = run([createBruteForce(), createSlowBruteForce()], slow(20)); // 47 min 30 s
    expect(raised.map((a) => a.rule)).toEqual([SLOW_BRUTE_FORCE]);
    expect(raised[0]).toMatchObject({ severity: 'MEDIUM', ip: IP, count: 20 });
    expect(final[0]!.facts).toEqual({ peakInFastWindow: 1, fastThreshold: 5, fastWindowSeconds: 60, windowSeconds: 3600 });
    expect(final[0]!.summary).toBe(`20 failed SSH logins from ${IP} within 47 min 30 s, at most 1 in any 60 s (a brute-force burst is 6), user root on bastion-01`);
  });

  it('the 20th failure 3599.999 s after the 1st fires; 3600.000 s after does not', () => {
    const at = (ms: number) => [...slow(19, 150), fail(IP, sec(0) + ms)];
    expect(run(createSlowBruteForce(), at(3_599_999)).raised).toHaveLength(1);
    expect(run(createSlowBruteForce(), at(3_600_000)).raised).toHaveLength(0);
  });

  it('5 within 60 s is still slow; 6 within 60 s is a burst: BRUTE_FORCE fires and SLOW_BRUTE_FORCE does not, for an hour', () => {
    const five = [...slow(15, 200), ...slow(5, 10, 3100)];
    const r5 = run([createBruteForce(), createSlowBruteForce()], five);
    expect(r5.raised.map((a) => a.rule)).toEqual([SLOW_BRUTE_FORCE]);
    expect(r5.final[0]!.facts?.['peakInFastWindow']).toBe(5);
    const six = [...slow(14, 200), ...slow(6, 10, 2900), ...slow(20, 120, 3000)]; // burst at ~2950 s, then 20 slow ones over 40 min
    const r6 = run([createBruteForce(), createSlowBruteForce()], six);
    expect(r6.raised.map((a) => a.rule)).toEqual(['BRUTE_FORCE']);
    // an hour after the burst the IP is counted again
    const later = run(createSlowBruteForce(), [...six, ...slow(20, 100, 2950 + 3600)]);
    expect(later.raised).toHaveLength(1);
    expect(later.raised[0]!.firstSeen).toBe(new Date(sec(2950 + 3600)).toISOString());
  });

  it('a `message repeated 5 times` line is 5 attempts at once (a burst with one more)', () => {
    const r = run(createSlowBruteForce(), [...slow(14, 200), fail(IP, sec(3000)), fail(IP, sec(3010), 'root', { count: 5 }), ...slow(10, 100, 3100)]);
    expect(r.raised).toEqual([]);
  });

  it('a failure logged a few seconds out of order still counts', () => {
    const events = [...slow(19, 150, 10), fail(IP, sec(5))];
    expect(run(createSlowBruteForce(), events).raised).toHaveLength(1);
  });

  it('grows while failures continue; closes after a quiet hour', () => {
    const events = [...slow(20), fail(IP, sec(3100)), tick(sec(3100 + 3600)), tick(sec(3101 + 3600))];
    const { final, engine } = run(createSlowBruteForce(), events, { finish: false });
    expect(final[0]!.count).toBe(21);
    expect(engine.stats.openIncidents).toBe(0);
  });

  it('state expires with the window; tracked IPs are capped', () => {
    const rule = createSlowBruteForce({}, 2);
    const r = run(rule, [fail('203.0.113.1', sec(0)), fail('203.0.113.2', sec(1)), fail('203.0.113.3', sec(2))], { finish: false });
    expect(rule.trackedKeys).toBe(2);
    r.engine.ingestEvents([tick(sec(3602))]);
    expect(rule.trackedKeys).toBe(0);
    const capped = createSlowBruteForce({}, 2);
    expect(run(capped, [...slow(19), fail('203.0.113.1', sec(2900)), fail('203.0.113.2', sec(2901)), fail(IP, sec(2950))]).raised).toEqual([]);
  });

  it('an intel-listed slow attacker escalates to HIGH', () => {
    const { raised } = run(createSlowBruteForce(), slow(20, 150, 0, '203.0.113.70'), { intel: intel() });
    expect(raised[0]).toMatchObject({ severity: 'HIGH', flags: ['KNOWN_THREAT'] });
  });

  it('is configurable, and refuses a fast window as long as its own', () => {
    const r = run(createSlowBruteForce({ attempts: 4, windowSeconds: 600, fastThreshold: 1, fastWindowSeconds: 30 }), slow(4, 31));
    expect(r.raised).toHaveLength(1);
    expect(run(createSlowBruteForce({ attempts: 4, windowSeconds: 600, fastThreshold: 1, fastWindowSeconds: 30 }), slow(4, 29)).raised).toEqual([]);
    expect(() => createSlowBruteForce({ windowSeconds: 60, fastWindowSeconds: 60 })).toThrow(RangeError);
  });

  it('peakWithin: the most units within any span', () => {
    const e = (time: number, count = 1) => ({ time, count });
    expect(peakWithin([e(0), e(10), e(59_999, 2), e(60_000), e(70_000)], 60_000)).toBe(4);
    expect(peakWithin([], 60_000)).toBe(0);
  });
});
