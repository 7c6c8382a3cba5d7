import { describe, expect, it } from 'vitest';
import { INTEL_ATTACKER_IP } from '../../../src/engine/sim/addresses.js';
import { createTrafficGenerator, type GeneratedLine, type TrafficGeneratorOptions } from '../../../src/engine/sim/generator.js';

const START = Date.UTC(2024, 4, 1, 9, 0, 0);

function take(opts: Partial<TrafficGeneratorOptions>, until: (l: GeneratedLine, i: number) => boolean): GeneratedLine[] {
  const gen = createTrafficGenerator({ seed: 1, startTime: START, ...opts });
  const out: GeneratedLine[] = [];
  for (let i = 0; ; i++) {
    const l = gen.next();
    if (until(l, i)) return out;
    out.push(l);
  }
}

const hour = (opts: Partial<TrafficGeneratorOptions> = {}) => take(opts, (l) => l.time - START > 3600_000);

// Envelopes and templates from /work/shared/log-formats.md (§2.1, §2.2, §3.9, §4, §5).
const RFC3164 = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d:\d\d:\d\d) (\S+) (.*)$/;
const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}(?:Z|[+-]\d\d:\d\d)) (\S+) (.*)$/;
const TAG = /^([^\s[\]:]+)(?:\[(\d+)\])?: ?(.*)$/s;
const SSHD_TEMPLATES = [
  /^(Accepted|Failed) (password|keyboard-interactive(?:\/\S+)?|none) for (invalid user )?(.*) from (\S+) port (\d{1,5}) ssh2$/,
  /^(Accepted|Failed) (publickey) for (invalid user )?(.*) from (\S+) port (\d{1,5}) ssh2(?:: (.*))?$/,
  /^Invalid user (.*) from (\S+) port (\d{1,5})$/,
  /^maximum authentication attempts exceeded for (invalid user )?(.*) from (\S+) port (\d{1,5}) ssh2$/,
  /^Disconnecting (?:(invalid|authenticating) )?user (.*) (\S+) port (\d{1,5}): Too many authentication failures$/,
  /^(Connection closed by|Connection reset by|Disconnected from) (?:(?:(invalid|authenticating) )?user (.*) )?(\S+) port (\d{1,5})$/,
  /^Received disconnect from (\S+) port (\d{1,5}):(\d+): (.*)$/,
  /^Unable to negotiate with (\S+) port (\d{1,5}): (no matching .+? found)\. Their offer: (.*)$/,
  /^banner exchange: Connection from (\S+) port (\d{1,5}): (.+)$/,
  /^kex_exchange_identification: (Connection closed by remote host|read: Connection reset by peer)$/,
  /^message repeated (\d+) times: \[ ?(.*)\]$/,
  /^pam_unix\(sshd:auth\): check pass; user unknown$/,
  /^pam_unix\(sshd:auth\): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=(\S*) (?: user=(\S+))?$/,
  /^PAM \d+ more authentication failures?; logname= uid=0 euid=0 tty=ssh ruser= rhost=(\S*) (?: user=(\S+))?$/,
  /^PAM service\(sshd\) ignoring max retries; \d+ > 3$/,
  /^pam_unix\(sshd:session\): session (opened for user \S+\(uid=\d+\) by \(uid=0\)|closed for user \S+)$/,
  /^drop connection #\d+ from \[(\S+)\]:\d+ on \[(\S+)\]:22 penalty: failed authentication$/,
];
const UFW = /^(?:\[\s*\d+\.\d{6}\] )?\[UFW BLOCK\] IN=eth0 OUT= MAC=\S+ SRC=(\S+) DST=(\S+) (?:\S+ )*PROTO=(TCP|UDP) SPT=\d+ DPT=(\d+) (?:\S+ )*$/;
const DOC_ATTACKER = /^(203\.0\.113\.\d+|198\.51\.100\.\d+|2001:db8:[0-9a-f:]+)$/;

interface Envelope { stamp: string; host: string; prog: string; pid: string | undefined; msg: string }

function envelope(text: string): Envelope {
  const m = RFC3339.exec(text);
  const head = m ?? RFC3164.exec(text);
  if (head === null) throw new Error(`no syslog envelope: ${JSON.stringify(text)}`);
  const tag = TAG.exec(head[m ? 3 : 5] as string);
  if (tag === null) throw new Error(`no tag: ${JSON.stringify(text)}`);
  const [, prog, pid, msg] = tag;
  return { stamp: head[1] as string, host: head[m ? 2 : 4] as string, prog: prog as string, pid, msg: msg as string };
}

function sshdMessage(msg: string): string {
  return msg.replace(/ \[(pre|post)auth\]$/, '').replace(/^(error|fatal): /, '');
}

describe('createTrafficGenerator', () => {
  it('is deterministic for a seed, and a different seed gives different traffic', () => {
    const a = take({ seed: 7 }, (_l, i) => i === 3000);
    const b = take({ seed: 7 }, (_l, i) => i === 3000);
    const c = take({ seed: 8 }, (_l, i) => i === 3000);
    expect(a).toEqual(b);
    expect(c.map((l) => l.text)).not.toEqual(a.map((l) => l.text));
  });

  it('never goes back in time, starts at the start time, and peekTime matches next()', () => {
    const gen = createTrafficGenerator({ seed: 3, startTime: START, format: 'rfc3339' });
    let prev = START;
    let problems = 0;
    for (let i = 0; i < 20_000; i++) {
      const peek = gen.peekTime();
      const l = gen.next();
      if (l.time !== peek || l.time < prev) problems++;
      prev = l.time;
    }
    expect(problems).toBe(0);
  });

  it('writes RFC 3339 stamps that say exactly the line time, microseconds in order', () => {
    const lines = take({ format: 'rfc3339', hostName: 'web-9' }, (_l, i) => i === 5000);
    let prevMicros = -1;
    const bad: string[] = [];
    for (const l of lines) {
      const e = envelope(l.text);
      const micros = Number(e.stamp.slice(20, 26)) + Math.floor(l.time / 1000) * 1e6;
      if (e.host !== 'web-9' || Date.parse(e.stamp) !== l.time || micros < prevMicros) bad.push(l.text);
      prevMicros = micros;
    }
    expect(bad).toEqual([]);
  });

  it('writes RFC 3164 stamps in local time with a space-padded day', () => {
    const start = new Date(2024, 4, 1, 23, 59, 58).getTime();
    const lines = take({ startTime: start, format: 'rfc3164' }, (l) => l.time - start > 5000);
    expect(lines[0]?.text.startsWith('May  1 23:59:5')).toBe(true);
    expect(lines.at(-1)?.text.startsWith('May  2 00:00:0')).toBe(true);
  });

  it('produces only lines in the documented formats (sshd, PAM, UFW and noise)', () => {
    const bad: string[] = [];
    const noise = new Set(['CRON', 'sudo', 'systemd', 'systemd-logind', 'postfix/smtpd']);
    for (const sshdProgram of ['sshd', 'sshd-session'] as const) {
      for (const l of hour({ sshdProgram, seed: 11 })) {
        const e = envelope(l.text);
        const ok =
          e.prog === 'sshd' || e.prog === 'sshd-session'
            ? e.pid !== undefined && SSHD_TEMPLATES.some((re) => re.test(sshdMessage(e.msg)))
            : e.prog === 'kernel'
              ? UFW.test(e.msg)
              : noise.has(e.prog);
        if (!ok) bad.push(l.text);
      }
    }
    expect(bad).toEqual([]);
  });

  it('runs at about the requested rate', () => {
    for (const rate of [5, 20, 60]) {
      const lines = hour({ rate, seed: 5 });
      expect(lines.length / 3600).toBeGreaterThan(rate * 0.85);
      expect(lines.length / 3600).toBeLessThan(rate * 1.15);
    }
  });

  it('mixes normal logins, noise and every kind of attack within an hour', () => {
    const text = hour({ seed: 2 }).map((l) => l.text).join('\n');
    for (const needle of [
      /Accepted publickey for deploy from 192\.0\.2\.50 port \d+ ssh2: ED25519 SHA256:/,
      /Accepted password for alice from 192\.0\.2\.31/,
      /session opened for user \w+\(uid=\d+\) by \(uid=0\)/,
      / CRON\[\d+\]: /,
      / sudo:    \w+ : TTY=/,
      / systemd\[1\]: /,
      / postfix\/smtpd\[\d+\]: /,
      /\[UFW BLOCK\] .*SRC=2001:0db8:/,
      /message repeated \d+ times: \[ Failed password/,
      /Invalid user \w+ from /,
      /Failed password for \S+ from 2001:db8:/,
      new RegExp(`Failed password for .* from ${INTEL_ATTACKER_IP.replace(/\./g, '\\.')} port`),
      /Failed password for invalid user .*\\033\[/,
      /\[preauth\]/,
      /maximum authentication attempts exceeded/,
      /Invalid user x from 198\.51\.100\.7 port 22 ssh2 from \S+ port \d+$/m,
    ]) {
      expect(text).toMatch(needle);
    }
  });

  it('now and then writes a raw ESC in a user name (as journald would keep it)', () => {
    const lines = hour({ seed: 4 });
    expect(lines.some((l) => l.text.includes('\u001b'))).toBe(true);
  });

  it('brute-force bursts: some addresses fail 8+ times within 90 s, and attackers use documentation ranges', () => {
    const failures = new Map<string, number[]>();
    for (const l of hour({ seed: 9 })) {
      const msg = sshdMessage(envelope(l.text).msg);
      const rep = /^message repeated (\d+) times: \[ ?(.*)\]$/.exec(msg);
      const inner = rep ? (rep[2] as string) : msg;
      const m = /^Failed password for (?:invalid user )?.* from (\S+) port \d+ ssh2$/.exec(inner);
      if (!m) continue;
      const ip = m[1] as string;
      const n = rep ? Number(rep[1]) : 1;
      const list = failures.get(ip) ?? [];
      for (let i = 0; i < n; i++) list.push(l.time);
      failures.set(ip, list);
    }
    const bursts = [...failures].filter(([, times]) => times.some((t, i) => (times[i + 7] ?? Infinity) - t <= 90_000));
    expect(bursts.length).toBeGreaterThan(20);
    for (const [ip] of bursts) expect(ip).toMatch(DOC_ATTACKER);
    expect(failures.has(INTEL_ATTACKER_IP)).toBe(true);
  });

  it('port scans: one source hits 10+ distinct ports', () => {
    const ports = new Map<string, Set<string>>();
    for (const l of hour({ seed: 9 })) {
      const m = UFW.exec(envelope(l.text).msg);
      if (!m) continue;
      const set = ports.get(m[1] as string) ?? new Set<string>();
      set.add(m[4] as string);
      ports.set(m[1] as string, set);
    }
    expect([...ports.values()].some((s) => s.size >= 10)).toBe(true);
  });
});
