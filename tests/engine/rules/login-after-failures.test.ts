import { describe, expect, it } from 'vitest';
import { createBruteForce } from '../../../src/engine/rules/brute-force.js';
import { createLoginAfterFailures, LOGIN_AFTER_FAILURES } from '../../../src/engine/rules/login-after-failures.js';
import { fail, intel, login, run, sec, tick } from './harness.js';

const IP = '198.51.100.77';

/** `n` failures from IP, `stepS` apart from `startS`. */
const fails = (n: number, stepS = 20, startS = 0, user = 'root', ip = IP) => Array.from({ length: n }, (_, i) => fail(ip, sec(startS + i * stepS), user));

describe('LOGIN_AFTER_FAILURES threshold and window', () => {
  it('a login after 4 failures does not fire; after 5 it does, CRITICAL, with the failures as evidence', () => {
    expect(run(createLoginAfterFailures(), [...fails(4), login(IP, sec(100))]).raised).toEqual([]);
    const { raised, final } = run(createLoginAfterFailures(), [...fails(3, 20, 0, 'admin'), ...fails(2, 20, 60), login(IP, sec(192))]);
    expect(raised).toHaveLength(1);
    const a = final[0]!;
    expect(a).toMatchObject({ rule: LOGIN_AFTER_FAILURES, severity: 'CRITICAL', ip: IP, count: 6, users: ['admin', 'root'] });
    expect(a.evidence).toHaveLength(6);
    expect(a.evidence[5]!.text).toContain('Accepted password for root');
    expect(a.facts).toEqual({
      failures: 5,
      failedUsers: ['admin', 'root'],
      firstFailureAt: new Date(sec(0)).toISOString(),
      lastFailureAt: new Date(sec(80)).toISOString(),
      secondsBeforeLogin: 192,
      loginAt: new Date(sec(192)).toISOString(),
      logins: 1,
      windowSeconds: 600,
      loginUser: 'root',
      method: 'password',
    });
    expect(a.summary).toBe(`root logged in (password) from ${IP} after 5 failed logins in the preceding 3 min 12 s (tried: admin, root) on bastion-01`);
  });

  it('failures from other IPs and logins without failures do not fire', () => {
    expect(run(createLoginAfterFailures(), [...fails(10, 1, 0, 'root', '198.51.100.1'), login(IP, sec(20))]).raised).toEqual([]);
  });

  it('a failure exactly 600 s before the login is outside its window; 599.999 s is inside', () => {
    const at = (ms: number) => [fail(IP, sec(0)), ...fails(4, 10, 300), login(IP, sec(0) + ms)];
    expect(run(createLoginAfterFailures(), at(599_999)).raised).toHaveLength(1);
    expect(run(createLoginAfterFailures(), at(600_000)).raised).toHaveLength(0);
  });

  it('failures stamped after the login are not "preceding" it', () => {
    expect(run(createLoginAfterFailures(), [...fails(4), fail(IP, sec(200)), login(IP, sec(150))]).raised).toEqual([]);
  });

  it('a failure logged a few seconds out of order (after the login line, stamped before it) still counts', () => {
    const { raised, final } = run(createLoginAfterFailures(), [...fails(4), login(IP, sec(100)), fail(IP, sec(97)), tick(sec(101))]);
    expect(raised).toHaveLength(1);
    expect(final[0]!.facts?.['failures']).toBe(5);
    // …but not once the login has waited its 10 s
    const stale = run(createLoginAfterFailures(), [...fails(4), login(IP, sec(100)), tick(sec(111)), fail(IP, sec(97))]);
    expect(stale.raised).toEqual([]);
  });

  it('further logins and failures grow the incident; the failures that led to it are not reused', () => {
    const events = [...fails(5), login(IP, sec(100)), fail(IP, sec(110)), login(IP, sec(120), 'admin'), tick(sec(721)), tick(sec(722)), login(IP, sec(730))];
    const { raised, final, engine } = run(createLoginAfterFailures(), events, { finish: false });
    expect(raised).toHaveLength(1);
    expect(final[0]!.count).toBe(8);
    expect(final[0]!.facts).toMatchObject({ failures: 6, logins: 2 });
    expect(final[0]!.summary).toMatch(/; 2 logins since$/);
    expect(engine.stats.openIncidents).toBe(0);
  });

  it('a long run of failures long ago does not make two recent ones enough (no over-count); many recent ones say "at least"', () => {
    // 50 failures a minute apart (0 s … 2940 s); at 3330 s only the last 4 are within 600 s.
    const old = [...fails(50, 60), login(IP, sec(3330))];
    expect(run(createLoginAfterFailures(), [...fails(50, 60), login(IP, sec(3299))]).raised).toHaveLength(1);
    expect(run(createLoginAfterFailures(), old).raised).toEqual([]);
    const many = run(createLoginAfterFailures(), [...fails(30, 5), login(IP, sec(160))]);
    expect(many.final[0]!.facts).toMatchObject({ failures: 8, failuresAtLeast: true });
    expect(many.final[0]!.summary).toMatch(/ after at least 8 failed logins in the preceding 50 s /);
  });

  it('state expires with the window; tracked IPs are capped', () => {
    const rule = createLoginAfterFailures({}, 2);
    const r = run(rule, [fail('203.0.113.1', sec(0)), fail('203.0.113.2', sec(1)), fail('203.0.113.3', sec(2))], { finish: false });
    expect(rule.trackedKeys).toBe(2);
    r.engine.ingestEvents([tick(sec(602))]);
    expect(rule.trackedKeys).toBe(0);
    const capped = createLoginAfterFailures({}, 2);
    expect(run(capped, [...fails(5), fail('203.0.113.1', sec(90)), fail('203.0.113.2', sec(91)), login(IP, sec(100))]).raised).toEqual([]);
  });

  it('stays CRITICAL with intel (already the top), flagged KNOWN_THREAT; BRUTE_FORCE alongside is unaffected', () => {
    const ip = '203.0.113.50';
    const { raised } = run([createBruteForce(), createLoginAfterFailures()], [...fails(6, 5, 0, 'root', ip), login(ip, sec(40))], { intel: intel() });
    expect(raised.map((a) => [a.rule, a.severity, a.flags])).toEqual([
      ['BRUTE_FORCE', 'CRITICAL', ['KNOWN_THREAT']],
      ['LOGIN_AFTER_FAILURES', 'CRITICAL', ['KNOWN_THREAT']],
    ]);
  });

  it('is configurable', () => {
    expect(run(createLoginAfterFailures({ failures: 2, windowSeconds: 30, severity: 'HIGH' }), [...fails(2, 10), login(IP, sec(25))]).raised[0]?.severity).toBe('HIGH');
    expect(run(createLoginAfterFailures({ failures: 2, windowSeconds: 30 }), [...fails(2, 10), login(IP, sec(30))]).raised).toEqual([]);
  });
});
