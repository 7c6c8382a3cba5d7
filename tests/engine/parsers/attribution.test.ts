/**
 * What an analyst relies on: the source address is sshd's own, a rejected authentication counts
 * once, and event time stays sane across New Year and DST changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLineParser } from '../../../src/engine/parsers/index.js';
import type { SecurityEvent } from '../../../src/engine/model/event.js';

const NOW = Date.UTC(2024, 4, 2);
const PLANTED = '198.51.100.7';

function parseAll(text: string, opts: { now: number; timeZone?: string } = { now: NOW, timeZone: 'UTC' }): SecurityEvent[] {
  const parse = createLineParser(opts);
  return text
    .split('\n')
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .flatMap((l, i) => parse({ text: l, file: 'auth.log', line: i + 1 }).events);
}

describe('source attribution with attacker text around the address', () => {
  it('never takes the address planted in user names, key IDs, client strings or offers', () => {
    const text = readFileSync(join(import.meta.dirname, '../../fixtures/logs/injection-ambiguous.log'), 'utf8');
    const events = parseAll(text);
    expect(events.length).toBeGreaterThanOrEqual(18);
    expect(events.map((e) => e.ip)).not.toContain(PLANTED);
    // Every line that had to give up its address says why.
    for (const e of events) if (e.ip === null) expect(e.flags).toContain('suspicious');
  });

  it('distrusts the address at the end of a message sshd may have cut at 500 bytes', () => {
    const head = 'May  1 10:00:00 bastion-01 sshd[4242]: ';
    const fake = ` ${PLANTED} port 22`;
    const cut = `Connection closed by invalid user ${'x'.repeat(500 - 34 - fake.length)}${fake}`;
    expect(cut).toHaveLength(500);
    const [event] = parseAll(head + cut);
    expect(event).toMatchObject({ type: 'preauth_disconnect', ip: null, flags: ['suspicious'] });

    // One byte shorter: sshd did not cut it, the tail is its own.
    const whole = `Connection closed by invalid user ${'x'.repeat(499 - 34 - fake.length)}${fake}`;
    expect(parseAll(head + whole)[0]).toMatchObject({ ip: PLANTED, port: 22 });
  });

  it('drops the address of a too-long failure instead of guessing, yet keeps the event', () => {
    const user = '\\303'.repeat(110);
    const msg = `Failed keyboard-interactive/pam for invalid user ${user} from ${PLANTED} port 22 ssh2`;
    expect(msg.length).toBeGreaterThanOrEqual(500);
    const [event] = parseAll(`May  1 10:00:00 bastion-01 sshd-session[4243]: ${msg}`);
    expect(event).toMatchObject({ type: 'auth_failure', weight: 'attempt', ip: null });
  });
});

describe('attempt weights (README "Detection: BRUTE_FORCE")', () => {
  const attempts = (events: SecurityEvent[]) =>
    events.filter((e) => e.weight === 'attempt').reduce((n, e) => n + e.count, 0);

  it('counts a Debian password brute-force connection once per rejected password', () => {
    const session = [
      'May  1 09:14:04 bastion-01 sshd[24811]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.45  user=root',
      'May  1 09:14:06 bastion-01 sshd[24811]: Failed password for root from 203.0.113.45 port 52144 ssh2',
      'May  1 09:14:20 bastion-01 sshd[24811]: message repeated 5 times: [ Failed password for root from 203.0.113.45 port 52144 ssh2]',
      'May  1 09:14:20 bastion-01 sshd[24811]: error: maximum authentication attempts exceeded for root from 203.0.113.45 port 52144 ssh2 [preauth]',
      'May  1 09:14:20 bastion-01 sshd[24811]: Disconnecting authenticating user root 203.0.113.45 port 52144: Too many authentication failures [preauth]',
      'May  1 09:14:20 bastion-01 sshd[24811]: PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.45  user=root',
      'May  1 09:14:20 bastion-01 sshd[24811]: PAM service(sshd) ignoring max retries; 6 > 3',
    ].join('\n');
    const events = parseAll(session);
    expect(attempts(events)).toBe(6);
    expect(events.every((e) => e.ip === '203.0.113.45')).toBe(true);
    expect(events.filter((e) => e.weight === 'corroboration')).toHaveLength(3);
  });

  it('gives an invalid-user connection one credit and its failures as attempts (RHEL secure)', () => {
    const session = [
      'May  1 09:14:04 bastion-01 sshd[3100]: Invalid user oracle from 203.0.113.45 port 40000',
      'May  1 09:14:04 bastion-01 sshd[3100]: input_userauth_request: invalid user oracle [preauth]',
      'May  1 09:14:05 bastion-01 sshd[3100]: pam_unix(sshd:auth): check pass; user unknown',
      'May  1 09:14:05 bastion-01 sshd[3100]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.45 ',
      'May  1 09:14:07 bastion-01 sshd[3100]: Failed password for invalid user oracle from 203.0.113.45 port 40000 ssh2',
      'May  1 09:14:08 bastion-01 sshd[3100]: Received disconnect from 203.0.113.45 port 40000:11: Bye Bye [preauth]',
      'May  1 09:14:08 bastion-01 sshd[3100]: Disconnected from invalid user oracle 203.0.113.45 port 40000 [preauth]',
    ].join('\n');
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const results = session.split('\n').map((text, i) => parse({ text, file: 'secure', line: i + 1 }));
    expect(results.map((r) => r.status)).toEqual(['matched', 'ignored', 'ignored', 'matched', 'matched', 'matched', 'matched']);
    const events = results.flatMap((r) => r.events);
    expect(events.filter((e) => e.weight === 'credit')).toHaveLength(1);
    expect(attempts(events)).toBe(1);
  });
});

describe('event time', () => {
  it('moves into the new year while tailing across midnight, without a jump back', () => {
    // Started on December 30; the reference moves on with the lines read.
    const parse = createLineParser({ now: Date.UTC(2024, 11, 30, 12), timeZone: 'UTC' });
    const stamps = ['Dec 30 13:00:00', 'Dec 31 10:00:00', 'Dec 31 23:59:59', 'Jan  1 00:00:00', 'Jan  1 00:00:02', 'Jan  2 08:00:00'];
    const times = stamps.map((s, i) => {
      const r = parse({ text: `${s} bastion-01 sshd[1]: Invalid user a from 203.0.113.45 port ${i + 1}`, file: 'auth.log', line: i + 1 });
      return r.events[0]!.time;
    });
    expect(new Date(times[3]!).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
  });

  it('keeps one-second steps one second apart across a DST change (Europe/Berlin)', () => {
    for (const day of ['Mar 31', 'Oct 27']) {
      const parse = createLineParser({ now: Date.UTC(2024, 11, 1), timeZone: 'Europe/Berlin' });
      let previous: number | null = null;
      for (let s = 0; s < 4 * 3600; s += 61) {
        const h = String(Math.floor(s / 3600)).padStart(2, '0');
        const m = String(Math.floor(s / 60) % 60).padStart(2, '0');
        const sec = String(s % 60).padStart(2, '0');
        const r = parse({ text: `${day} ${h}:${m}:${sec} bastion-01 sshd[1]: Invalid user a from 203.0.113.45 port 1`, file: 'auth.log', line: 1 });
        const t = r.events[0]!.time;
        expect(Number.isFinite(t)).toBe(true);
        // Never more than the wall-clock step plus one hour away from the previous line.
        if (previous !== null) expect(Math.abs(t - previous)).toBeLessThanOrEqual(61_000 + 3_600_000);
        previous = t;
      }
    }
  });
});
