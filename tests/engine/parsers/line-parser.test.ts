import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLineParser, MAX_LINE_LENGTH } from '../../../src/engine/parsers/index.js';
import type { ParseResult } from '../../../src/engine/parsers/index.js';
import { createRandom } from '../../../src/engine/sim/prng.js';

const NOW = Date.UTC(2024, 4, 2);
const line = (text: string, n = 1) => ({ text, file: 'auth.log', line: n });

const mulberry32 = (seed: number): (() => number) => createRandom(seed).next;

describe('createLineParser', () => {
  it('never blames an address injected into the user name (injection.log)', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const text = readFileSync(join(import.meta.dirname, '../../fixtures/logs/injection.log'), 'utf8');
    const results = text.split('\n').filter((l) => l.length > 0 && !l.startsWith('#')).map((l, i) => parse(line(l, i + 1)));
    const sources = results.flatMap((r) => r.events.map((e) => e.ip));
    expect(sources.length).toBeGreaterThanOrEqual(6);
    expect(sources).not.toContain('10.0.0.1');
    expect(sources).not.toContain('198.51.100.7');
  });

  it('takes the source of the issue injection line from the fixed tail', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const r = parse(line('May  1 09:14:04 bastion-01 sshd[1]: Failed password for invalid user x from 10.0.0.1 port 22 ssh2 from 192.0.2.9 port 58946 ssh2'));
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.ip).toBe('192.0.2.9');
    expect(JSON.stringify({ ...r.events[0], raw: '', user: '' })).not.toContain('10.0.0.1');
  });

  it('cuts lines longer than 64 KiB before parsing and says so', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const user = 'a'.repeat(MAX_LINE_LENGTH);
    const long = `May  1 09:14:04 bastion-01 sshd[1]: Failed password for invalid user ${user} from 203.0.113.45 port 52144 ssh2`;
    const r = parse(line(long));
    expect(r.truncated).toBe(true);
    expect(r.status).toBe('unmatched'); // the tail (and its address) was cut away
    expect(r.program).toBe('sshd');

    const padded = `May  1 09:14:04 bastion-01 sshd[1]: Invalid user admin from 203.0.113.45 port 52144`;
    const ok = parse(line(padded));
    expect(ok.truncated).toBe(false);

    const longNoise = `May  1 09:14:04 bastion-01 CRON[1]: ${'x'.repeat(MAX_LINE_LENGTH * 2)}`;
    const noise = parse(line(longNoise));
    expect(noise).toMatchObject({ status: 'unknown', truncated: true });
  });

  it('keeps the raw text of a truncated line at most 64 KiB long', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const msg = `[UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.45 DST=192.0.2.10 LEN=44 PROTO=TCP SPT=1 DPT=22 ${'X=1 '.repeat(MAX_LINE_LENGTH / 2)}`;
    const r = parse(line(`May  1 09:15:00 fw-edge kernel: ${msg}`));
    expect(r).toMatchObject({ status: 'matched', truncated: true });
    expect(r.events[0]!.raw.length).toBeLessThanOrEqual(MAX_LINE_LENGTH);
    expect(r.events[0]!.dport).toBe(22);
  });

  it('never throws on random bytes, whatever the envelope', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'Europe/Berlin' });
    const rnd = mulberry32(1234);
    const prefixes = ['', 'May  1 09:14:04 h sshd[1]: ', '<38>1 2024-05-01T07:14:04Z h sshd 1 - ', '{"MESSAGE":', '{"type":"auth_failed","message":"', '2024-05-01T09:14:04Z h kernel: IN= SRC=', '#fields\t', 'Failed password for '];
    const alphabet = ' :[]{}"\\=.-0123456789abcdefABCDEFxyz/\t\u0000\u001b\ufffd\ud800é';
    const statuses = new Set<ParseResult['status']>();
    for (let i = 0; i < 5000; i++) {
      let text = prefixes[Math.floor(rnd() * prefixes.length)]!;
      const len = Math.floor(rnd() * 120);
      for (let j = 0; j < len; j++) {
        text += rnd() < 0.5 ? alphabet[Math.floor(rnd() * alphabet.length)] : String.fromCharCode(Math.floor(rnd() * 0x10000));
      }
      const r = parse(line(text, i + 1));
      statuses.add(r.status);
      for (const e of r.events) {
        expect(Number.isFinite(e.time)).toBe(true);
        expect(e.raw).toBe(text.replace(/[\r\n\u0000]+$/, ''));
      }
    }
    expect(statuses.has('unknown')).toBe(true);
  });

  it('gives records without a time the time of the previous event (deterministic), else now', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const first = parse(line('{"type":"traffic_spike","bytes":5}'));
    expect(first.events[0]!.time).toBe(NOW);
    parse(line('2024-05-01T09:14:04Z bastion-01 sshd[1]: Invalid user admin from 203.0.113.45 port 52144'));
    const later = parse(line('{"type":"port_scan","src":"203.0.113.88","ports":[22]}'));
    expect(later.events[0]!.time).toBe(Date.UTC(2024, 4, 1, 9, 14, 4));
    const nil = parse(line('<38>1 - bastion-01 sshd 24811 - - Invalid user admin from 203.0.113.45 port 52145'));
    expect(nil.events[0]!.time).toBe(Date.UTC(2024, 4, 1, 9, 14, 4));
  });

  it('reads the same RFC 3164 line differently in different zones', () => {
    const text = 'Jan 15 10:00:00 bastion-01 sshd[1]: Invalid user admin from 203.0.113.45 port 52144';
    const utc = createLineParser({ now: NOW, timeZone: 'UTC' })(line(text)).events[0]!.time;
    const tokyo = createLineParser({ now: NOW, timeZone: 'Asia/Tokyo' })(line(text)).events[0]!.time;
    const kolkata = createLineParser({ now: NOW, timeZone: 'Asia/Kolkata' })(line(text)).events[0]!.time;
    expect(utc - tokyo).toBe(9 * 3_600_000);
    expect(utc - kolkata).toBe(5.5 * 3_600_000);
  });

  it('dates every month name of an RFC 3164 stamp and refuses near-miss names', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const failed = (stamp: string) => `${stamp}  1 12:00:00 bastion-01 sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2`;
    months.forEach((name, month) => {
      const r = createLineParser({ now: NOW, timeZone: 'UTC' })(line(failed(name)));
      expect(r.events, name).toHaveLength(1);
      // NOW is 2 May 2024: later months are last year's.
      expect(r.events[0]!.time, name).toBe(Date.UTC(month <= 4 ? 2024 : 2023, month, 1, 12, 0, 0));
    });
    for (const name of ['Jam', 'Jux', 'Maz', 'Aus', 'Dex', 'Sept'.slice(0, 2) + 'x', 'Oca', 'Nox', 'Fez']) {
      const r = createLineParser({ now: NOW, timeZone: 'UTC' })(line(failed(name)));
      expect(r.events, name).toHaveLength(0);
    }
  });

  it('gives each second of a minute its own instant, and the right year around now + 1 day', () => {
    const now = Date.UTC(2024, 4, 2, 12, 0, 30);
    const parse = createLineParser({ now, timeZone: 'UTC' });
    const failed = (stamp: string) => `${stamp} bastion-01 sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2`;
    const times = ['May  1 08:15:00', 'May  1 08:15:01', 'May  1 08:15:59', 'May  1 08:15:07'].map((s) => parse(line(failed(s))).events[0]!.time);
    expect(times).toEqual([0, 1, 59, 7].map((sec) => Date.UTC(2024, 4, 1, 8, 15, sec)));
    // now + 1 day (May 3 12:00:30) falls inside this minute: a second after it is last year's until
    // the lines themselves have passed now; then the stream sets the pace.
    expect(parse(line(failed('May  3 12:00:50'))).events[0]!.time).toBe(Date.UTC(2023, 4, 3, 12, 0, 50));
    expect(parse(line(failed('May  3 12:00:10'))).events[0]!.time).toBe(Date.UTC(2024, 4, 3, 12, 0, 10));
    expect(parse(line(failed('May  3 12:00:50'))).events[0]!.time).toBe(Date.UTC(2024, 4, 3, 12, 0, 50));
  });

  it('moves a minute seen last year into the new year once a live source has crossed New Year', () => {
    const parse = createLineParser({ now: Date.UTC(2024, 11, 30, 12), timeZone: 'UTC' });
    const failed = (stamp: string) => `${stamp} bastion-01 sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2`;
    const at = (stamp: string) => parse(line(failed(stamp))).events[0]!.time;
    expect(at('Jan  5 10:00:00')).toBe(Date.UTC(2024, 0, 5, 10, 0, 0)); // a replayed old line
    // A leap second (a stamp not worth remembering) takes the stream to the last day of the year…
    expect(at('Dec 31 11:59:60')).toBe(Date.UTC(2024, 11, 31, 12, 0, 0));
    // …after which the same minute name means next January.
    expect(at('Jan  5 10:00:30')).toBe(Date.UTC(2025, 0, 5, 10, 0, 30));
  });

  it('refuses an unknown time zone when it is created', () => {
    expect(() => createLineParser({ now: NOW, timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
  });

  it('strips a trailing CR, LF or NUL (UDP datagrams, CRLF files)', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const r = parse(line('May  1 09:14:04 bastion-01 sshd[1]: Invalid user admin from 203.0.113.45 port 52144\r\n\u0000'));
    expect(r.status).toBe('matched');
    expect(r.events[0]!.port).toBe(52144);
  });

  it('reads the pid in brackets after the tag only when it is 1 to 10 digits that fit in 32 bits', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const at = (pid: string) => parse(line(`May  1 09:14:04 h sshd${pid}: Invalid user a from 203.0.113.45 port 1`));
    expect(at('[52144]').events[0]!.pid).toBe(52144);
    expect(at('[007]').events[0]!.pid).toBe(7);
    expect(at('[4294967295]').events[0]!.pid).toBe(4_294_967_295);
    // not a pid, but still a tag with brackets: the line is read, without a pid
    for (const odd of ['[4294967296]', '[12345678901]', '[]', '[abc]', '[12a]', '[ 1]']) {
      const r = at(odd);
      expect([odd, r.status, r.events[0]?.pid]).toEqual([odd, 'matched', null]);
    }
    // no closing bracket, or something between `]` and the colon: no envelope we know
    expect(at('[12').status).toBe('unknown');
    expect(at('[1]x').status).toBe('unknown');
    // a sloppy relay's `tag[pid] msg` needs a numeric pid
    expect(parse(line('May  1 09:14:04 h sshd[9] Invalid user a from 203.0.113.45 port 1')).events[0]!.pid).toBe(9);
    expect(parse(line('May  1 09:14:04 h sshd[x] Invalid user a from 203.0.113.45 port 1')).status).toBe('unknown');
  });

  it('attributes lines to program families for per-program stats', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const program = (text: string) => parse(line(text)).program;
    expect(program('May  1 09:14:04 h sshd-session[1]: Invalid user a from 203.0.113.45 port 1')).toBe('sshd');
    expect(program('May  1 09:14:04 h sshd[1]: pam_unix(sshd:auth): check pass; user unknown')).toBe('pam');
    expect(program('May  1 09:14:04 h kernel: [UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.45 DST=192.0.2.10 PROTO=UDP SPT=1 DPT=2 ')).toBe('kernel');
    expect(program('{"type":"traffic_spike","bytes":1}')).toBe('legacy');
    expect(program('May  1 09:14:04 h CRON[1]: (root) CMD (true)')).toBeNull();
  });
});
