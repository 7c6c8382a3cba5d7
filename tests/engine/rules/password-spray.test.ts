import { describe, expect, it } from 'vitest';
import { createPasswordSpray, PASSWORD_SPRAY } from '../../../src/engine/rules/password-spray.js';
import { fail, intel, run, sec, tick } from './harness.js';
import { makeEvent } from '../../helpers/factories.js';

const IP = '198.51.100.61';
const NAMES = ['admin', 'test', 'oracle', 'guest', 'git', 'pi', 'ubuntu', 'postgres', 'ftp', 'deploy', 'backup', 'www'];

/** One failure per name from `ip`, `stepS` seconds apart. */
const spray = (n: number, stepS = 30, startS = 0, ip = IP) => NAMES.slice(0, n).map((u, i) => fail(ip, sec(startS + i * stepS), u));

describe('PASSWORD_SPRAY threshold and window', () => {
  it('9 names within 10 min do not fire; the 10th does, HIGH, with the names in facts', () => {
    expect(run(createPasswordSpray(), spray(9)).raised).toEqual([]);
    const { raised, final } = run(createPasswordSpray(), spray(10)); // 270 s
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ rule: PASSWORD_SPRAY, severity: 'HIGH', ip: IP, count: 10 });
    expect(final[0]!.facts).toEqual({ users: NAMES.slice(0, 10), distinctUsers: 10, windowSeconds: 600 });
    expect(final[0]!.summary).toBe(`10 user names tried from ${IP} within 4 min 30 s: admin, test, oracle, … (10 failed logins on bastion-01)`);
  });

  it('many failures on few names are not a spray', () => {
    const events = Array.from({ length: 50 }, (_, i) => fail(IP, sec(i), NAMES[i % 3]!));
    expect(run(createPasswordSpray(), events).raised).toEqual([]);
  });

  it('the 10th name 599.999 s after the 1st fires; 600.000 s after does not', () => {
    const at = (ms: number) => [...spray(9, 10), fail(IP, sec(0) + ms, 'zz')];
    expect(run(createPasswordSpray(), at(599_999)).raised).toHaveLength(1);
    expect(run(createPasswordSpray(), at(600_000)).raised).toHaveLength(0);
  });

  it('a failure logged a few seconds out of order still counts', () => {
    const events = [...spray(9, 10, 10), fail(IP, sec(5), 'late')];
    const { raised } = run(createPasswordSpray(), events);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.users).toContain('late');
  });

  it('counts what BRUTE_FORCE counts: an invalid-user credit plus its absorbed failure is one attempt', () => {
    const events = NAMES.slice(0, 10).flatMap((u, i) => [
      makeEvent({ ip: IP, time: sec(i), user: u, type: 'invalid_user', weight: 'credit', pid: 900 + i, attempts: 1 }),
      // the parser absorbs the connection's first failure into its credit
      makeEvent({ ip: IP, time: sec(i) + 500, user: u, weight: 'attempt', pid: 900 + i, attempts: 0 }),
    ]);
    const { final } = run(createPasswordSpray(), events);
    expect(final[0]!.count).toBe(10);
    // corroborating pam lines name users too, but never count
    const pam = NAMES.slice(0, 10).map((u, i) => makeEvent({ ip: IP, time: sec(i), user: u, weight: 'corroboration', attempts: 0 }));
    expect(run(createPasswordSpray(), pam).raised).toEqual([]);
  });

  it('grows with more names and closes after a quiet window', () => {
    const events = [...spray(10, 10), fail(IP, sec(120), 'root'), fail(IP, sec(130), 'admin'), tick(sec(800)), tick(sec(801))];
    const { final, engine } = run(createPasswordSpray(), events, { finish: false });
    expect(engine.stats.openIncidents).toBe(0);
    expect(final[0]!.count).toBe(12);
    expect(final[0]!.facts?.['distinctUsers']).toBe(11);
    expect(final[0]!.users).toContain('root');
  });

  it('state expires with the window; tracked IPs are capped', () => {
    const rule = createPasswordSpray({}, 2);
    const r = run(rule, [fail('203.0.113.1', sec(0), 'a'), fail('203.0.113.2', sec(1), 'a'), fail('203.0.113.3', sec(2), 'a')], { finish: false });
    expect(rule.trackedKeys).toBe(2);
    r.engine.ingestEvents([tick(sec(602))]);
    expect(rule.trackedKeys).toBe(0);
    const capped = createPasswordSpray({}, 2);
    const events = [...spray(9), fail('203.0.113.1', sec(300), 'a'), fail('203.0.113.2', sec(300), 'a'), fail(IP, sec(301), 'zz')];
    expect(run(capped, events).raised).toEqual([]);
  });

  it('an intel-listed sprayer escalates to CRITICAL', () => {
    const { raised } = run(createPasswordSpray(), spray(10, 5, 0, '203.0.113.9'), { intel: intel() });
    expect(raised[0]).toMatchObject({ severity: 'CRITICAL', flags: ['KNOWN_THREAT'] });
  });

  it('is configurable', () => {
    expect(run(createPasswordSpray({ distinctUsers: 3, windowSeconds: 60 }), spray(3, 29)).raised).toHaveLength(1);
    expect(run(createPasswordSpray({ distinctUsers: 3, windowSeconds: 60 }), spray(3, 30)).raised).toHaveLength(0);
  });
});
