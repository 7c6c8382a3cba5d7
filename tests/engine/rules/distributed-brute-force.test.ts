import { describe, expect, it } from 'vitest';
import { createBruteForce } from '../../../src/engine/rules/brute-force.js';
import { createDistributedBruteForce, DISTRIBUTED_BRUTE_FORCE } from '../../../src/engine/rules/distributed-brute-force.js';
import { fail, intel, run, sec, tick } from './harness.js';

const ipN = (i: number) => `198.51.100.${i + 1}`;

/** One failure on `user` from each of `n` IPs, `stepS` seconds apart. */
const botnet = (n: number, stepS = 10, startS = 0, user = 'root', first = 0) =>
  Array.from({ length: n }, (_, i) => fail(ipN(first + i), sec(startS + i * stepS), user));

describe('DISTRIBUTED_BRUTE_FORCE threshold and window', () => {
  it('19 IPs within 5 min do not fire; the 20th does, HIGH, about the user, listing the IPs; no per-IP rule fires', () => {
    expect(run(createDistributedBruteForce(), botnet(19)).raised).toEqual([]);
    const { raised, final } = run([createBruteForce(), createDistributedBruteForce()], botnet(20)); // 190 s
    expect(raised).toHaveLength(1);
    const a = final[0]!;
    expect(a).toMatchObject({ rule: DISTRIBUTED_BRUTE_FORCE, severity: 'HIGH', ip: null, subject: { kind: 'user', value: 'root', ip: null }, count: 20 });
    expect(a.id).toBe('DISTRIBUTED_BRUTE_FORCE-20240501T091400Z-user-root');
    expect(a.facts).toEqual({ ips: Array.from({ length: 20 }, (_, i) => ipN(i)), distinctIps: 20, windowSeconds: 300 });
    expect(a.summary).toBe('20 IPs failed on user root within 3 min 10 s: 198.51.100.1, 198.51.100.2, 198.51.100.3, … (20 failed logins on bastion-01)');
  });

  it('one IP failing many times is not distributed; names are kept apart', () => {
    const one = Array.from({ length: 40 }, (_, i) => fail('198.51.100.9', sec(i * 5), 'root'));
    expect(run(createDistributedBruteForce(), one).raised).toEqual([]);
    const split = [...botnet(10, 5, 0, 'root'), ...botnet(10, 5, 60, 'admin', 10)];
    expect(run(createDistributedBruteForce(), split).raised).toEqual([]);
  });

  it('the 20th IP 299.999 s after the 1st fires; 300.000 s after does not', () => {
    const at = (ms: number) => [...botnet(19, 5), fail(ipN(50), sec(0) + ms)];
    expect(run(createDistributedBruteForce(), at(299_999)).raised).toHaveLength(1);
    expect(run(createDistributedBruteForce(), at(300_000)).raised).toHaveLength(0);
  });

  it('a failure logged a few seconds out of order still counts', () => {
    const { raised } = run(createDistributedBruteForce(), [...botnet(19, 5, 20), fail(ipN(60), sec(15))]);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.firstSeen).toBe(new Date(sec(15)).toISOString());
  });

  it('grows with new IPs and repeat failures; closes after a quiet window', () => {
    const events = [...botnet(20), fail(ipN(0), sec(200)), fail(ipN(30), sec(210)), tick(sec(511)), tick(sec(512))];
    const { final, engine } = run(createDistributedBruteForce(), events, { finish: false });
    expect(final[0]!.count).toBe(22);
    expect(final[0]!.facts?.['distinctIps']).toBe(21);
    expect(engine.stats.openIncidents).toBe(0);
  });

  it('state expires with the window; tracked names are capped', () => {
    const rule = createDistributedBruteForce({}, 2);
    const r = run(rule, [fail(ipN(1), sec(0), 'a'), fail(ipN(1), sec(1), 'b'), fail(ipN(1), sec(2), 'c')], { finish: false });
    expect(rule.trackedKeys).toBe(2);
    r.engine.ingestEvents([tick(sec(302))]);
    expect(rule.trackedKeys).toBe(0);
    const capped = createDistributedBruteForce({}, 2);
    expect(run(capped, [...botnet(19), fail(ipN(1), sec(200), 'a'), fail(ipN(1), sec(200), 'b'), fail(ipN(70), sec(201))]).raised).toEqual([]);
  });

  it('no single address: intel does not escalate it (intel applies to IP subjects)', () => {
    const events = Array.from({ length: 20 }, (_, i) => fail(`203.0.113.${i + 1}`, sec(i), 'root'));
    const { raised } = run(createDistributedBruteForce(), events, { intel: intel() });
    expect(raised[0]).toMatchObject({ severity: 'HIGH', flags: [], intel: [] });
  });

  it('is configurable', () => {
    expect(run(createDistributedBruteForce({ distinctIps: 3, windowSeconds: 20 }), botnet(3, 9)).raised).toHaveLength(1);
    expect(run(createDistributedBruteForce({ distinctIps: 3, windowSeconds: 20 }), botnet(3, 10)).raised).toEqual([]);
  });
});
