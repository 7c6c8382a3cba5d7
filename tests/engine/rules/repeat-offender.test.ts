import { describe, expect, it } from 'vitest';
import type { SecurityEvent } from '../../../src/engine/model/event.js';
import { createBruteForce } from '../../../src/engine/rules/brute-force.js';
import { createDistributedBruteForce } from '../../../src/engine/rules/distributed-brute-force.js';
import { createPortScan } from '../../../src/engine/rules/port-scan.js';
import { createRepeatOffender, REPEAT_OFFENDER } from '../../../src/engine/rules/repeat-offender.js';
import type { Rule } from '../../../src/engine/rules/rule.js';
import { block, fail, intel, run, sec, tick } from './harness.js';

const IP = '198.51.100.44';
const HOUR = 3600;

/** A BRUTE_FORCE burst from `ip` starting at `startS` (6 failures in 5 s): one alert, closed a minute later. */
const burst = (startS: number, ip = IP): SecurityEvent[] => Array.from({ length: 6 }, (_, i) => fail(ip, sec(startS + i)));
const scan = (startS: number, ip = IP): SecurityEvent[] => Array.from({ length: 10 }, (_, i) => block(ip, sec(startS + i), 1000 + i));

const rules = (extra: Rule[] = []): Rule[] => [createBruteForce(), createPortScan(), ...extra, createRepeatOffender()];
const ruleIds = (r: { raised: { rule: string }[] }) => r.raised.map((a) => a.rule);

describe('REPEAT_OFFENDER', () => {
  it('an IP with 3 alerts raises a 4th: the 4th fires (HIGH), the 3rd does not', () => {
    const three = run(rules(), [...burst(0), ...scan(HOUR), ...burst(2 * HOUR)]);
    expect(ruleIds(three)).toEqual(['BRUTE_FORCE', 'PORT_SCAN', 'BRUTE_FORCE']);
    const four = run(rules(), [...burst(0), ...scan(HOUR), ...burst(2 * HOUR), ...burst(3 * HOUR)]);
    expect(ruleIds(four)).toEqual(['BRUTE_FORCE', 'PORT_SCAN', 'BRUTE_FORCE', 'BRUTE_FORCE', REPEAT_OFFENDER]);
    const ro = four.final.find((a) => a.rule === REPEAT_OFFENDER)!;
    expect(ro).toMatchObject({ severity: 'HIGH', ip: IP, count: 4, firstSeen: new Date(sec(5)).toISOString(), lastSeen: new Date(sec(3 * HOUR + 5)).toISOString() });
    expect(ro.facts).toEqual({
      alerts: four.final.filter((a) => a.rule !== REPEAT_OFFENDER).map((a) => a.id),
      rules: ['BRUTE_FORCE', 'PORT_SCAN', 'BRUTE_FORCE', 'BRUTE_FORCE'],
      priorAlerts: 3,
      windowSeconds: 86_400,
    });
    expect(ro.evidence).toHaveLength(4);
    expect(ro.summary).toBe(`${IP} raised 4 alerts within 3 h (BRUTE_FORCE ×3, PORT_SCAN): a repeat offender`);
  });

  it('the window is 24 h: a first alert exactly 24 h before the 4th no longer counts; 1 ms less does', () => {
    // Alerts are raised at the 6th failure (start + 5 s).
    const at = (lastStartMs: number) => [...burst(0), ...burst(HOUR), ...burst(2 * HOUR), ...Array.from({ length: 6 }, (_, i) => fail(IP, sec(i) + lastStartMs))];
    expect(ruleIds(run(rules(), at(86_400_000 - 1)))).toContain(REPEAT_OFFENDER);
    expect(ruleIds(run(rules(), at(86_400_000)))).not.toContain(REPEAT_OFFENDER);
  });

  it('counts only alerts about an address, never its own, and only for the same IP', () => {
    const botnet = Array.from({ length: 20 }, (_, i) => fail(`198.51.100.${100 + i}`, sec(10 * HOUR + i), 'admin'));
    const r = run(rules([createDistributedBruteForce()]), [...burst(0), ...burst(HOUR), ...burst(2 * HOUR, '198.51.100.45'), ...botnet]);
    expect(ruleIds(r)).not.toContain(REPEAT_OFFENDER);
  });

  it('further alerts while it is open grow it; it closes after a quiet day and counts anew', () => {
    const events = [...burst(0), ...burst(HOUR), ...burst(2 * HOUR), ...burst(3 * HOUR), ...burst(4 * HOUR), tick(sec(4 * HOUR + 5 + 86_400)), tick(sec(4 * HOUR + 6 + 86_400))];
    const r = run(rules(), events, { finish: false });
    const ro = r.final.filter((a) => a.rule === REPEAT_OFFENDER);
    expect(ro).toHaveLength(1);
    expect(ro[0]!.count).toBe(5);
    expect(r.engine.stats.openIncidents).toBe(0);
  });

  it('handles alerts raised out of order by a few seconds (from different rules)', () => {
    // The scan's alert is raised at 12 s, the burst's at 10 s: both count.
    const r = run(rules(), [...scan(3), ...burst(5), ...burst(HOUR), ...burst(2 * HOUR)]);
    expect(ruleIds(r)).toEqual(['PORT_SCAN', 'BRUTE_FORCE', 'BRUTE_FORCE', 'BRUTE_FORCE', REPEAT_OFFENDER]);
  });

  it('state expires with the window; tracked IPs are capped', () => {
    const ro = createRepeatOffender({}, 2);
    const r = run([createBruteForce(), ro], [...burst(0, '198.51.100.1'), ...burst(10, '198.51.100.2'), ...burst(20, '198.51.100.3')], { finish: false });
    expect(ro.trackedKeys).toBe(2);
    r.engine.ingestEvents([tick(sec(86_500))]);
    expect(ro.trackedKeys).toBe(0);
  });

  it('CRITICAL when the IP is intel-listed', () => {
    const ip = '203.0.113.66';
    const r = run(rules(), [...burst(0, ip), ...burst(HOUR, ip), ...burst(2 * HOUR, ip), ...burst(3 * HOUR, ip)], { intel: intel() });
    expect(r.raised.find((a) => a.rule === REPEAT_OFFENDER)).toMatchObject({ severity: 'CRITICAL', flags: ['KNOWN_THREAT'] });
  });

  it('is configurable', () => {
    const r = run([createBruteForce(), createRepeatOffender({ priorAlerts: 1, windowSeconds: 2 * HOUR })], [...burst(0), ...burst(HOUR)]);
    expect(ruleIds(r)).toEqual(['BRUTE_FORCE', 'BRUTE_FORCE', REPEAT_OFFENDER]);
    const late = run([createBruteForce(), createRepeatOffender({ priorAlerts: 1, windowSeconds: HOUR })], [...burst(0), ...burst(HOUR)]);
    expect(ruleIds(late)).toEqual(['BRUTE_FORCE', 'BRUTE_FORCE']);
  });
});
