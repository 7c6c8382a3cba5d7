/**
 * `attempts`: what BRUTE_FORCE counts for each line, decided in the parser (attempt-counter.ts).
 * PAM-only logs alert like sshd logs, a PAM echo of sshd's `Failed` line counts once, a valid
 * user's publickey failures alone count nothing, connections are keyed by host, pid and peer, and
 * the sum of `attempts` per IP in `parse` output is exactly what the rule counts.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/engine.js';
import type { Alert } from '../../../src/engine/model/alert.js';
import type { SecurityEvent } from '../../../src/engine/model/event.js';
import { createLineParser } from '../../../src/engine/parsers/index.js';
import { IncidentTracker, type IncidentSink } from '../../../src/engine/incidents/incident-tracker.js';
import { createBruteForce } from '../../../src/engine/rules/brute-force.js';
import { createTrafficGenerator } from '../../../src/engine/sim/generator.js';

const NOW = Date.UTC(2024, 4, 2);
const ATTACKER = '203.0.113.45';

function parseAll(lines: readonly string[], journalText = false): SecurityEvent[] {
  const parse = createLineParser({ now: NOW, timeZone: 'UTC', journalText });
  return lines.flatMap((text, i) => parse({ text, file: 'auth.log', line: i + 1 }).events);
}

function attemptsByIp(events: readonly SecurityEvent[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) if (e.ip !== null && e.attempts > 0) out.set(e.ip, (out.get(e.ip) ?? 0) + e.attempts);
  return out;
}

/** The alerts a whole log raises (closed at the end), as [ip, count]. */
function alertsOf(lines: readonly string[]): [string, number][] {
  const engine = createEngine({ parse: createLineParser({ now: NOW, timeZone: 'UTC' }), config: { bruteForce: { threshold: 5, windowSeconds: 60 } }, updateIntervalMs: 0 });
  const closed: Alert[] = [];
  engine.onAlert((a, change) => {
    if (change === 'closed') closed.push(a);
  });
  engine.ingest(lines.map((text, i) => ({ text, file: 'auth.log', line: i + 1 })));
  engine.finish();
  return closed.filter((a) => a.rule === 'BRUTE_FORCE').map((a) => [a.ip as string, a.count]);
}

const stamp = (s: number) => `May  1 09:14:${String(s).padStart(2, '0')}`;
const pamFailure = (s: number, pid: number, ip = ATTACKER, user = 'root') =>
  `${stamp(s)} bastion-01 sshd[${pid}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=${user}`;
const failedPassword = (s: number, pid: number, ip = ATTACKER, user = 'root') =>
  `${stamp(s)} bastion-01 sshd[${pid}]: Failed password for ${user} from ${ip} port ${40000 + pid} ssh2`;
const closedBy = (s: number, pid: number, ip = ATTACKER, user = 'root') =>
  `${stamp(s)} bastion-01 sshd[${pid}]: Connection closed by authenticating user ${user} ${ip} port ${40000 + pid} [preauth]`;

describe('PAM-only logs alert like the equivalent sshd log', () => {
  // Seven connections, one wrong password each (what sshd logs with the pam_unix echo).
  const sshdLog = Array.from({ length: 7 }, (_, i) => [pamFailure(i * 2, 100 + i), failedPassword(i * 2 + 1, 100 + i), closedBy(i * 2 + 1, 100 + i)]).flat();

  it('sshd log: the PAM echo adds nothing, 7 attempts', () => {
    expect(attemptsByIp(parseAll(sshdLog)).get(ATTACKER)).toBe(7);
    expect(alertsOf(sshdLog)).toEqual([[ATTACKER, 7]]);
  });

  it('pam_unix(sshd:auth) lines without sshd Failed lines (sshd at LogLevel ERROR, a grep): the same alert', () => {
    const pamOnly = sshdLog.filter((l) => l.includes('pam_unix'));
    expect(attemptsByIp(parseAll(pamOnly)).get(ATTACKER)).toBe(7);
    expect(alertsOf(pamOnly)).toEqual(alertsOf(sshdLog));
  });

  it('old Red Hat sshd(pam_unix) lines, with `N more authentication failures`: the same alert', () => {
    // Two connections of 3 and 4 wrong passwords: sshd would log 7 Failed lines.
    const sshd = [
      pamFailure(0, 300), failedPassword(1, 300), failedPassword(3, 300), failedPassword(5, 300),
      `${stamp(5)} bastion-01 sshd[300]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ATTACKER}  user=root`,
      pamFailure(10, 301), failedPassword(11, 301), failedPassword(13, 301), failedPassword(15, 301), failedPassword(17, 301),
      `${stamp(17)} bastion-01 sshd[301]: PAM 3 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ATTACKER}  user=root`,
    ];
    const rhel = [
      `${stamp(0)} rhel4 sshd(pam_unix)[300]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=${ATTACKER}  user=root`,
      `${stamp(5)} rhel4 sshd(pam_unix)[300]: 2 more authentication failures; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=${ATTACKER}  user=root`,
      `${stamp(10)} rhel4 sshd(pam_unix)[301]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=${ATTACKER}  user=root`,
      `${stamp(17)} rhel4 sshd(pam_unix)[301]: 3 more authentication failures; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=${ATTACKER}  user=root`,
    ];
    expect(attemptsByIp(parseAll(sshd)).get(ATTACKER)).toBe(7);
    expect(attemptsByIp(parseAll(rhel)).get(ATTACKER)).toBe(7);
    expect(alertsOf(rhel)).toEqual(alertsOf(sshd));
    expect(alertsOf(rhel)).toEqual([[ATTACKER, 7]]);
  });
});

describe('a PAM failure waits for its connection', () => {
  const sshdSeen = failedPassword(0, 90, '192.0.2.200'); // the source reports sshd results

  it('confirmed by the Failed line of the same connection: counted once, on the Failed line', () => {
    const events = parseAll([sshdSeen, pamFailure(1, 500), failedPassword(2, 500)]);
    expect(events.slice(1).map((e) => e.attempts)).toEqual([0, 1]);
  });

  it('counted when the connection ends without a Failed line (client hung up during the PAM delay)', () => {
    const events = parseAll([sshdSeen, pamFailure(1, 501), closedBy(2, 501)]);
    expect(events.slice(1).map((e) => [e.type, e.attempts])).toEqual([['auth_failure', 0], ['preauth_disconnect', 1]]);
  });

  it('dropped when the same user then logs in (a stacked module failed, another accepted)', () => {
    const accepted = `${stamp(2)} bastion-01 sshd[502]: Accepted password for root from ${ATTACKER} port 40502 ssh2`;
    const events = parseAll([sshdSeen, pamFailure(1, 502), accepted, closedBy(3, 502)]);
    expect(events.slice(1).reduce((n, e) => n + e.attempts, 0)).toBe(0);
  });

  it('counted when another user then logs in', () => {
    const accepted = `${stamp(2)} bastion-01 sshd[503]: Accepted password for deploy from ${ATTACKER} port 40503 ssh2`;
    const events = parseAll([sshdSeen, pamFailure(1, 503, ATTACKER, 'root'), accepted]);
    expect(events.slice(1).map((e) => e.attempts)).toEqual([0, 1]);
  });

  it('an invalid user connection counts max(1, failures) whatever lines PAM adds', () => {
    const lines = [
      `${stamp(0)} bastion-01 sshd[504]: Invalid user oracle from ${ATTACKER} port 40504`,
      `${stamp(1)} bastion-01 sshd[504]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ATTACKER} `,
      `${stamp(2)} bastion-01 sshd[504]: Failed password for invalid user oracle from ${ATTACKER} port 40504 ssh2`,
      `${stamp(3)} bastion-01 sshd[504]: Failed password for invalid user oracle from ${ATTACKER} port 40504 ssh2`,
      `${stamp(4)} bastion-01 sshd[504]: Connection closed by invalid user oracle ${ATTACKER} port 40504 [preauth]`,
      `${stamp(4)} bastion-01 sshd[504]: PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ATTACKER} `,
    ];
    expect(parseAll(lines).map((e) => e.attempts)).toEqual([1, 0, 0, 1, 0, 0]);
    expect(parseAll(lines.slice(0, 1)).map((e) => e.attempts)).toEqual([1]);
  });
});

describe('Failed publickey for a valid user', () => {
  const key = (s: number, pid: number, user = 'git', invalid = false) =>
    `${stamp(s)} srv sshd[${pid}]: Failed publickey for ${invalid ? 'invalid user ' : ''}${user} from ${ATTACKER} port ${50000 + pid} ssh2: RSA SHA256:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8`;

  it('is no attempt by itself: not before a success, not at too-many-failures, not at the disconnect', () => {
    const lines = [
      key(0, 600), key(0, 600), `${stamp(1)} srv sshd[600]: Accepted publickey for git from ${ATTACKER} port 50600 ssh2: ED25519 SHA256:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8`,
      key(2, 601), key(2, 601), key(2, 601), `${stamp(3)} srv sshd[601]: Disconnecting: Too many authentication failures for git [preauth]`,
      `${stamp(3)} srv sshd[601]: Connection closed by ${ATTACKER} port 50601 [preauth]`,
    ];
    const events = parseAll(lines);
    expect(events.reduce((n, e) => n + e.attempts, 0)).toBe(0);
    // The address-less too-many line still belongs to the connection's peer.
    expect(events[6]).toMatchObject({ ip: ATTACKER, flags: ['preauth', 'peer'] });
  });

  it('counts once the same connection fails another method', () => {
    const password = `${stamp(1)} srv sshd[602]: Failed password for git from ${ATTACKER} port 50602 ssh2`;
    const events = parseAll([key(0, 602), key(0, 602), password]);
    expect(events.map((e) => e.attempts)).toEqual([0, 0, 3]);
  });

  it('counts for an invalid user', () => {
    expect(parseAll([key(0, 603, 'graysky', true), key(1, 603, 'graysky', true)]).map((e) => e.attempts)).toEqual([1, 1]);
  });
});

describe('connections are keyed by host, pid and peer address', () => {
  it("a Failed line of one address never uses another address's invalid-user credit on a reused pid", () => {
    const lines = [
      `${stamp(0)} bastion-01 sshd[700]: Invalid user admin from 198.51.100.1 port 1`,
      `${stamp(1)} bastion-01 sshd[700]: Failed password for root from 198.51.100.2 port 2 ssh2`,
    ];
    const byIp = attemptsByIp(parseAll(lines));
    expect(byIp.get('198.51.100.1')).toBe(1);
    expect(byIp.get('198.51.100.2')).toBe(1);
  });

  it('the same pid on another logging host is another connection', () => {
    const lines = [
      `${stamp(0)} web-01 sshd[701]: Invalid user admin from ${ATTACKER} port 1`,
      `${stamp(1)} web-02 sshd[701]: Failed password for invalid user admin from ${ATTACKER} port 1 ssh2`,
    ];
    expect(parseAll(lines).map((e) => e.attempts)).toEqual([1, 1]);
  });

  it('a pid that comes round again after its connection ended starts a new connection', () => {
    const lines = [
      `${stamp(0)} bastion-01 sshd[702]: Invalid user admin from ${ATTACKER} port 1`,
      `${stamp(1)} bastion-01 sshd[702]: Connection closed by invalid user admin ${ATTACKER} port 1 [preauth]`,
      `${stamp(5)} bastion-01 sshd[702]: Invalid user admin from ${ATTACKER} port 2`,
      `${stamp(6)} bastion-01 sshd[702]: Failed password for invalid user admin from ${ATTACKER} port 2 ssh2`,
    ];
    expect(parseAll(lines).map((e) => e.attempts)).toEqual([1, 0, 1, 0]);
  });
});

describe("the peer table (a process's address for ambiguous and address-less lines)", () => {
  const tooMany = (t: string, pid: number) => `${t} bastion-01 sshd[${pid}]: Disconnecting: Too many authentication failures for root [preauth]`;

  it('is forgotten when the connection ends', () => {
    const lines = [`${stamp(0)} bastion-01 sshd[800]: Invalid user a from ${ATTACKER} port 1`, tooMany(stamp(1), 800), `${stamp(2)} bastion-01 sshd[800]: Connection closed by invalid user a ${ATTACKER} port 1 [preauth]`, tooMany(stamp(3), 800)];
    expect(parseAll(lines).map((e) => e.ip)).toEqual([ATTACKER, ATTACKER, ATTACKER, null]);
  });

  it('is forgotten after 10 minutes of event time', () => {
    const named = `May  1 09:00:00 bastion-01 sshd[801]: Invalid user a from ${ATTACKER} port 1`;
    expect(parseAll([named, tooMany('May  1 09:09:59', 801)])[1]!.ip).toBe(ATTACKER);
    expect(parseAll([named, tooMany('May  1 09:10:01', 801)])[1]!.ip).toBeNull();
  });

  it('is never carried across a different peer', () => {
    const lines = [
      `${stamp(0)} bastion-01 sshd[802]: Invalid user a from 198.51.100.1 port 1`,
      `${stamp(1)} bastion-01 sshd[802]: Failed password for root from 198.51.100.2 port 2 ssh2`,
      tooMany(stamp(2), 802),
    ];
    expect(parseAll(lines)[2]!.ip).toBe('198.51.100.2');
  });

  it('is not taught by a line whose user name mimics a tail', () => {
    const lines = [`${stamp(0)} bastion-01 sshd[803]: Invalid user x from 198.51.100.7 port 22 from ${ATTACKER} port 1`, tooMany(stamp(1), 803)];
    const events = parseAll(lines);
    expect(events[0]).toMatchObject({ ip: ATTACKER, flags: ['suspicious'] });
    expect(events[1]!.ip).toBeNull();
  });
});

describe('parse output and detection agree', () => {
  it('for a mixed log, the sum of attempts per IP equals what BRUTE_FORCE counts for that IP', () => {
    const start = Date.UTC(2024, 4, 1, 9);
    const lines: string[] = [];
    for (const [format, sshdProgram] of [['rfc3164', 'sshd'], ['rfc3339', 'sshd-session']] as const) {
      const gen = createTrafficGenerator({ seed: 7, startTime: start, format, sshdProgram, rate: 200 });
      for (let i = 0; i < 15_000; i++) lines.push(gen.next().text);
    }
    // Shapes the generator does not write: PAM-only connections, publickey, reused pids, other envelopes.
    // (PAM failures wait for their connection in a log where sshd reports results: the 4 that end count.)
    for (let i = 0; i < 8; i++) lines.push(pamFailure(i, 900 + i, '192.0.2.190'), ...(i % 2 === 0 ? [closedBy(i, 900 + i, '192.0.2.190')] : []));
    for (let i = 0; i < 3; i++) lines.push(`Mar  9 11:22:3${i} bsd-gw <auth.info> sshd[91${i}]: Failed password for root from 192.0.2.191 port 6100${i} ssh2`);
    lines.push(`${stamp(30)} bastion-01 sshd[920]: Invalid user admin from 192.0.2.192 port 1`, `${stamp(31)} bastion-01 sshd[920]: Failed password for root from 192.0.2.193 port 2 ssh2`);
    lines.push(`${stamp(32)} rhel4 sshd(pam_unix)[921]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=192.0.2.194  user=root`);
    lines.push(`${stamp(33)} bastion-01 sshd[922]: message repeated 4 times: [ Failed password for root from 192.0.2.195 port 3 ssh2]`);

    const events = parseAll(lines);
    const fromParse = attemptsByIp(events);

    // The rule, fed by a second parser over the same lines, reports what it counted per event.
    const rule = createBruteForce({ threshold: 5, windowSeconds: 60 });
    const sink: IncidentSink = { raise: () => {}, update: () => {}, close: () => {} };
    const tracker = new IncidentTracker([rule], sink, 10_000);
    const ctx = tracker.contextFor(rule);
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const fromRule = new Map<string, number>();
    lines.forEach((text, i) => {
      for (const e of parse({ text, file: 'auth.log', line: i + 1 }).events) {
        rule.sweep(e.time);
        tracker.sweep(e.time);
        const n = rule.onEvent(e, ctx);
        if (n > 0) fromRule.set(e.ip!, (fromRule.get(e.ip!) ?? 0) + n);
      }
    });
    expect(fromParse.size).toBeGreaterThan(50);
    expect(fromRule).toEqual(fromParse);
    expect(fromParse.get('192.0.2.190')).toBe(4);
    expect(fromParse.get('192.0.2.192')).toBe(1);
    expect(fromParse.get('192.0.2.193')).toBe(1);
    expect(fromParse.get('192.0.2.195')).toBe(4);
  });
});
