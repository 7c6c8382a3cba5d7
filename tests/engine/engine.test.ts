import { describe, expect, it } from 'vitest';
import { createEngine, type AlertChange } from '../../src/engine/engine.js';
import { parseFeed } from '../../src/engine/enrichment/feed-parse.js';
import { buildIntelIndex } from '../../src/engine/enrichment/intel-index.js';
import type { Alert } from '../../src/engine/model/alert.js';
import type { RawLine, SecurityEvent } from '../../src/engine/model/event.js';
import type { LineParser, ParseResult } from '../../src/engine/parsers/types.js';
import { ruleDefinitions } from '../../src/engine/rules/index.js';
import { attempts, makeAlert, makeEvent, T0 } from '../helpers/factories.js';

/**
 * A stand-in parser for engine tests (the real one is tested on its own):
 * `<offset-ms> FAIL <ip> <user>` → one sshd failure; `<offset-ms> OK <ip> <user>` → a success;
 * `sshd ???` → unmatched sshd line; anything else → unknown.
 */
const fakeParse: LineParser = (raw: RawLine): ParseResult => {
  const m = /^(\d+) (FAIL|OK) (\S+) (\S+)$/.exec(raw.text);
  if (m === null) {
    if (raw.text.startsWith('sshd ')) return { status: 'unmatched', program: 'sshd', events: [], truncated: false };
    return { status: 'unknown', program: null, events: [], truncated: false };
  }
  const fail = m[2] === 'FAIL';
  const event = makeEvent({
    time: T0 + Number(m[1]),
    ip: m[3]!,
    user: m[4]!,
    type: fail ? 'auth_failure' : 'auth_success',
    weight: fail ? 'attempt' : 'none',
    pid: raw.line,
    file: raw.file,
    line: raw.line,
    raw: raw.text,
  });
  return { status: 'matched', program: 'sshd', events: [event], truncated: false };
};

let lineNo = 0;
const lines = (...texts: string[]): RawLine[] => texts.map((text) => ({ text, file: 'auth.log', line: ++lineNo }));
const fails = (ip: string, n: number, startMs = 0, stepMs = 1000, user = 'root'): RawLine[] =>
  lines(...Array.from({ length: n }, (_, i) => `${startMs + i * stepMs} FAIL ${ip} ${user}`));

function setup(extra: Partial<Parameters<typeof createEngine>[0]> = {}) {
  const engine = createEngine({ parse: fakeParse, config: { bruteForce: { threshold: 5, windowSeconds: 60 } }, ...extra });
  const log: { change: AlertChange; alert: Alert }[] = [];
  engine.onAlert((alert, change) => log.push({ change, alert }));
  return { engine, log };
}

describe('engine: detection', () => {
  it('raises one BRUTE_FORCE alert on the 6th failure within 60 s, with evidence and summary', () => {
    const { engine, log } = setup();
    engine.ingest(fails('203.0.113.45', 5));
    expect(log).toEqual([]);
    engine.ingest(fails('203.0.113.45', 1, 5000));
    expect(log.map((l) => l.change)).toEqual(['raised']);
    const a = log[0]!.alert;
    expect(a).toMatchObject({
      id: 'BRUTE_FORCE-20240501T091400Z-203.0.113.45',
      rule: 'BRUTE_FORCE',
      severity: 'HIGH',
      ip: '203.0.113.45',
      count: 6,
      status: 'new',
      firstSeen: '2024-05-01T09:14:00.000Z',
      lastSeen: '2024-05-01T09:14:05.000Z',
      summary: '6 failed SSH logins for user root from 203.0.113.45 on bastion-01 within 5 s',
    });
    expect(a.evidence).toHaveLength(6);
    expect(a.evidence[0]).toMatchObject({ file: 'auth.log', text: '0 FAIL 203.0.113.45 root' });
  });

  it('a continuing attack updates the same alert once per batch, then closes at finish', () => {
    const { engine, log } = setup();
    engine.ingest(fails('203.0.113.45', 6));
    engine.ingest([...fails('203.0.113.45', 4, 6000, 1000, 'admin')]);
    expect(log.map((l) => l.change)).toEqual(['raised', 'updated']);
    expect(log[1]!.alert.count).toBe(10);
    expect(log[1]!.alert.users).toEqual(['root', 'admin']);
    expect(log[0]!.alert.count).toBe(6); // the raised object the listener kept is unchanged
    engine.finish();
    expect(log.map((l) => l.change)).toEqual(['raised', 'updated', 'closed']);
    expect(log[2]!.alert.id).toBe(log[0]!.alert.id);
  });

  it('emits "updated" at most once per update interval, and getSnapshot always shows the latest count', () => {
    let now = 0;
    const { engine, log } = setup({ clock: () => now, updateIntervalMs: 200 });
    engine.ingest(fails('203.0.113.45', 6));
    engine.ingest(fails('203.0.113.45', 1, 6000)); // first update: flushed (nothing flushed before)
    engine.ingest(fails('203.0.113.45', 1, 7000)); // within 200 ms: held back
    expect(log.map((l) => l.change)).toEqual(['raised', 'updated']);
    now = 250;
    engine.ingest(fails('203.0.113.45', 1, 8000));
    expect(log.map((l) => [l.change, l.alert.count])).toEqual([['raised', 6], ['updated', 7], ['updated', 9]]);
    engine.ingest(fails('203.0.113.45', 1, 9000)); // held back again…
    expect(engine.getSnapshot().alerts[0]!.count).toBe(10); // …but a reader sees it
    expect(log.at(-1)).toMatchObject({ change: 'updated', alert: { count: 10 } });
    engine.ingest(fails('203.0.113.45', 1, 10_000));
    engine.finish(); // the final state is always emitted on close
    expect(log.at(-1)).toMatchObject({ change: 'closed', alert: { count: 11 } });
  });

  it('closes an incident lazily once event time passes lastSeen + window, then starts over', () => {
    const { engine, log } = setup();
    engine.ingest(fails('203.0.113.45', 6));
    engine.ingest(lines('65000 OK 192.0.2.50 deploy')); // another source moves event time on
    expect(log.map((l) => l.change)).toEqual(['raised', 'closed']);
    engine.ingest(fails('203.0.113.45', 6, 120_000));
    expect(log.map((l) => l.change)).toEqual(['raised', 'closed', 'raised']);
    expect(log[2]!.alert.id).toBe('BRUTE_FORCE-20240501T091600Z-203.0.113.45');
    expect(engine.getSnapshot().alerts.map((a) => a.id)).toEqual([log[2]!.alert.id, log[0]!.alert.id]);
  });

  it('escalates a known threat to CRITICAL with the matching intel entries', () => {
    const intel = buildIntelIndex(parseFeed('ip,reason,source\n203.0.113.0/26,scanner net,demo\n', 'blacklist.csv').entries);
    const { engine, log } = setup({ intel });
    engine.ingest(fails('203.0.113.45', 6));
    expect(log[0]!.alert).toMatchObject({
      severity: 'CRITICAL',
      flags: ['KNOWN_THREAT'],
      intel: [{ file: 'blacklist.csv', entry: '203.0.113.0/26', reason: 'scanner net', source: 'demo' }],
    });
  });

  it('is deterministic: the same lines give the same alerts', () => {
    const input = [...fails('198.51.100.7', 8, 0, 700), ...fails('2001:db8::45', 7, 3000, 900)];
    const run = () => {
      const { engine, log } = setup();
      engine.ingest(input);
      engine.finish();
      return log.map((l) => ({ change: l.change, alert: l.alert }));
    };
    expect(run()).toEqual(run());
  });

  it('ingestEvents takes already-parsed events', () => {
    const { engine, log } = setup();
    engine.ingestEvents(attempts(6));
    expect(log).toHaveLength(1);
    expect(engine.stats.lines).toBe(0);
    expect(engine.stats.events).toBe(6);
  });
});

describe('engine: snapshot and stats', () => {
  it('returns the same snapshot object until something changed', () => {
    const { engine } = setup();
    const s0 = engine.getSnapshot();
    expect(engine.getSnapshot()).toBe(s0);
    engine.ingest(fails('198.51.100.1', 1));
    const s1 = engine.getSnapshot();
    expect(s1).not.toBe(s0);
    expect(s1.version).toBeGreaterThan(s0.version);
    expect(engine.getSnapshot()).toBe(s1);
  });

  it('notifies subscribers after each batch that changed something', () => {
    const { engine } = setup();
    let calls = 0;
    const off = engine.subscribe(() => calls++);
    engine.ingest(fails('198.51.100.1', 3));
    engine.ingest([]);
    expect(calls).toBe(1);
    off();
    engine.ingest(fails('198.51.100.1', 1));
    expect(calls).toBe(1);
  });

  it('counts lines, events by type, unmatched per program and unknown lines', () => {
    const { engine } = setup();
    const taps: string[] = [];
    engine.onLine((raw, r) => taps.push(`${raw.line}:${r.status}`));
    engine.ingest(lines('0 FAIL 198.51.100.1 root', '1 OK 192.0.2.50 deploy', 'sshd ???', 'CRON junk'));
    const c = engine.getSnapshot().counters;
    expect(c).toMatchObject({ lines: 4, events: 2, unmatched: 1, unknown: 1, truncated: 0 });
    expect(c.eventsByType.auth_failure).toBe(1);
    expect(c.eventsByType.auth_success).toBe(1);
    expect(engine.stats.unmatchedByProgram).toEqual({ sshd: 1 });
    expect(taps.map((t) => t.split(':')[1])).toEqual(['matched', 'matched', 'unmatched', 'unknown']);
  });

  it('keeps a bounded feed of the newest events, oldest first, with increasing seq', () => {
    const { engine } = setup({ feedSize: 3 });
    engine.ingest(fails('198.51.100.1', 5));
    const feed = engine.getSnapshot().feed;
    expect(feed.map((f) => f.seq)).toEqual([3, 4, 5]);
    expect(feed[2]).toMatchObject({ type: 'auth_failure', ip: '198.51.100.1', user: 'root', program: 'sshd', time: T0 + 4000 });
  });

  it('timeline: 60 one-minute buckets ending at the latest event, with failures and alerts', () => {
    const { engine } = setup();
    engine.ingest(fails('203.0.113.45', 7, 0, 1000));
    engine.ingest(fails('198.51.100.1', 2, 125_000));
    const { timeline, lastEventTime } = engine.getSnapshot();
    expect(lastEventTime).toBe(T0 + 126_000);
    expect(timeline).toHaveLength(60);
    expect(timeline.at(-1)!.minute).toBe(T0 + 120_000);
    expect(timeline.at(-3)).toEqual({ minute: T0, alerts: 1, failures: 7 });
    expect(timeline.at(-2)).toEqual({ minute: T0 + 60_000, alerts: 0, failures: 0 });
    expect(timeline.at(-1)).toEqual({ minute: T0 + 120_000, alerts: 0, failures: 2 });
  });

  it('alert counters by rule, severity and status follow the retained alerts', () => {
    const { engine } = setup();
    engine.ingest(fails('203.0.113.45', 6));
    const id = engine.getSnapshot().alerts[0]!.id;
    engine.setStatus(id, 'acknowledged', Date.UTC(2024, 4, 1, 10));
    const c = engine.getSnapshot().counters;
    expect(c.alertsByRule).toEqual({ BRUTE_FORCE: 1 });
    expect(c.alertsBySeverity.HIGH).toBe(1);
    expect(c.alertsByStatus).toMatchObject({ new: 0, acknowledged: 1 });
  });

  it('setStatus records history, emits "status" and returns null for an unknown id', () => {
    const { engine, log } = setup();
    engine.ingest(fails('203.0.113.45', 6));
    const id = log[0]!.alert.id;
    const a = engine.setStatus(id, 'false_positive', Date.UTC(2024, 4, 1, 10), 'pentest');
    expect(a!.history.at(-1)).toEqual({ status: 'false_positive', at: '2024-05-01T10:00:00.000Z', note: 'pentest' });
    expect(log.at(-1)).toMatchObject({ change: 'status' });
    expect(engine.getSnapshot().alerts[0]!.status).toBe('false_positive');
    expect(engine.setStatus('missing', 'resolved', 0)).toBeNull();
  });

  it('shows alerts from the store and keeps their status when the same incident is replayed', () => {
    const stored = makeAlert({ status: 'resolved', history: [{ status: 'new', at: 'a' }, { status: 'resolved', at: 'b' }] });
    const { engine, log } = setup({ initialAlerts: [stored] });
    expect(engine.getSnapshot().alerts.map((a) => a.id)).toEqual([stored.id]);
    engine.ingest(fails('203.0.113.45', 6));
    expect(log[0]!.alert.id).toBe(stored.id);
    expect(log[0]!.alert.status).toBe('resolved');
    expect(engine.getSnapshot().alerts).toHaveLength(1);
  });

  it('handles a million lines with bounded work per line (speed is measured by npm run bench)', () => {
    const engine = createEngine({ parse: fakeParse, config: { bruteForce: { threshold: 5, windowSeconds: 60 } } });
    const ev = makeEvent();
    const result: ParseResult = { status: 'matched', program: 'sshd', events: [ev], truncated: false };
    let i = 0;
    const fast = createEngine({
      parse: () => {
        i++;
        ev.time = T0 + i;
        ev.ip = `10.0.${(i >>> 8) & 15}.${i & 255}`; // 4,096 attackers, each failing every 4 s
        ev.pid = i;
        return result;
      },
      config: { bruteForce: { threshold: 5, windowSeconds: 60 } },
    });
    const batch: RawLine[] = Array.from({ length: 10_000 }, (_, k) => ({ text: '', file: 'x', line: k }));
    for (let b = 0; b < 100; b++) fast.ingest(batch);
    expect(fast.stats.lines).toBe(1_000_000);
    // 4,096 BRUTE_FORCE, and one DISTRIBUTED_BRUTE_FORCE: all 4,096 addresses fail on root.
    expect(fast.stats.alerts).toBe(4097);
    expect(engine.stats.lines).toBe(0);
  });
});

describe('engine with the real line parser', () => {
  it('counts one attempt per connection failure: pam duplicates and invalid-user credits are not double counted', async () => {
    const { createLineParser } = await import('../../src/engine/parsers/index.js');
    const parse = createLineParser({ now: Date.UTC(2024, 4, 2), timeZone: 'UTC' });
    const engine = createEngine({ parse, config: { bruteForce: { threshold: 5, windowSeconds: 60 } }, updateIntervalMs: 0 });
    const alerts: Alert[] = [];
    engine.onAlert((a, change) => {
      if (change === 'closed') alerts.push(a);
    });
    const text = [
      // connection 1: invalid user + 3 failures (= 3 attempts), pam lines corroborate
      'May  1 09:14:01 bastion-01 sshd[100]: Invalid user oracle from 203.0.113.45 port 50001',
      'May  1 09:14:02 bastion-01 sshd[100]: pam_unix(sshd:auth): check pass; user unknown',
      'May  1 09:14:02 bastion-01 sshd[100]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.45 ',
      'May  1 09:14:03 bastion-01 sshd[100]: Failed password for invalid user oracle from 203.0.113.45 port 50001 ssh2',
      'May  1 09:14:05 bastion-01 sshd[100]: Failed password for invalid user oracle from 203.0.113.45 port 50001 ssh2',
      'May  1 09:14:07 bastion-01 sshd[100]: Failed password for invalid user oracle from 203.0.113.45 port 50001 ssh2',
      // connection 2: root, 1 failure + "repeated 1 times" = 2 attempts → total 5, no alert yet
      'May  1 09:14:10 bastion-01 sshd[101]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.45  user=root',
      'May  1 09:14:10 bastion-01 sshd[101]: Failed password for root from 203.0.113.45 port 50002 ssh2',
      'May  1 09:14:12 bastion-01 sshd[101]: message repeated 1 times: [ Failed password for root from 203.0.113.45 port 50002 ssh2]',
      'May  1 09:14:13 bastion-01 sshd[101]: PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.45  user=root',
    ];
    engine.ingest(text.map((t, i) => ({ text: t, file: 'auth.log', line: i + 1 })));
    expect(engine.stats.alerts).toBe(0);
    engine.ingest([{ text: 'May  1 09:14:20 bastion-01 sshd[102]: Failed password for admin from 203.0.113.45 port 50003 ssh2', file: 'auth.log', line: 11 }]);
    engine.finish();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ ip: '203.0.113.45', count: 6, firstSeen: '2024-05-01T09:14:01.000Z' });
    expect(alerts[0]!.users).toEqual(expect.arrayContaining(['oracle', 'root', 'admin']));
  });
});

describe('engine: replay of merged files and adversarial input', () => {
  async function* batches(lines: RawLine[], size = 1000): AsyncGenerator<RawLine[]> {
    for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size);
  }

  async function replay(streams: RawLine[][], now: number): Promise<Alert[]> {
    const { createLineParser } = await import('../../src/engine/parsers/index.js');
    const { mergeByTime } = await import('../../src/plugins/sources/merge-by-time.js');
    const { createTimeOf } = await import('../../src/commands/time-of.js');
    const engine = createEngine({ parse: createLineParser({ now, timeZone: 'UTC' }), config: { bruteForce: { threshold: 5, windowSeconds: 60 } } });
    const out: Alert[] = [];
    engine.onAlert((a, change) => {
      if (change === 'closed') out.push(a);
    });
    const merged = streams.length === 1 ? batches(streams[0]!) : mergeByTime(streams.map((s) => batches(s)), createTimeOf({ now, timeZone: 'UTC' }));
    for await (const b of merged) engine.ingest(b);
    engine.finish();
    return out;
  }

  // Everything but the file name (a split moves lines to another file).
  const comparable = (a: Alert) => ({ ...a, evidence: a.evidence.map((e) => `${e.time} ${e.text}`) });

  it('gives the same alerts for one file and for the same lines split in two files named in either order', async () => {
    const { createTrafficGenerator } = await import('../../src/engine/sim/generator.js');
    const start = Date.UTC(2024, 4, 1, 9);
    const gen = createTrafficGenerator({ seed: 7, startTime: start });
    const texts = Array.from({ length: 12_000 }, () => gen.next().text);
    const now = start + 86_400_000;
    const whole = await replay([texts.map((text, i) => ({ text, file: 'auth.log', line: i + 1 }))], now);
    expect(whole.length).toBeGreaterThan(5);
    for (const cut of [1, 4321, 6000, 11_999]) {
      const older = texts.slice(0, cut).map((text, i) => ({ text, file: 'auth.log.1', line: i + 1 }));
      const newer = texts.slice(cut).map((text, i) => ({ text, file: 'auth.log', line: i + 1 }));
      for (const order of [[newer, older], [older, newer]]) {
        const merged = await replay(order, now);
        expect(merged.map(comparable), `cut at ${cut}`).toEqual(whole.map(comparable));
      }
    }
  });

  it('counts attempts from two hosts\' logs a few seconds out of order with each other', async () => {
    const line = (host: string, s: number, pid: number) =>
      `May  1 09:14:${String(s).padStart(2, '0')} ${host} sshd[${pid}]: Failed password for root from 203.0.113.9 port ${40000 + pid} ssh2`;
    // host b's clock (or its log shipping) runs 5 s behind: its lines come late relative to a's
    const a = [10, 12, 14, 16].map((s, i) => ({ text: line('a', s, 100 + i), file: 'a.log', line: i + 1 }));
    const b = [9, 11, 13].map((s, i) => ({ text: line('b', s, 200 + i), file: 'b.log', line: i + 1 }));
    const alerts = await replay([a, b], Date.UTC(2024, 4, 2));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ count: 7, hosts: ['b', 'a'], firstSeen: '2024-05-01T09:14:09.000Z', lastSeen: '2024-05-01T09:14:16.000Z' });
    expect(alerts[0]!.evidence.map((e) => `${e.file}:${e.line}`)).toEqual(['b.log:1', 'a.log:1', 'b.log:2', 'a.log:2', 'b.log:3', 'a.log:3', 'a.log:4']);
  });

  it('stays bounded under a flood of distinct spoofed sources and still catches a real attacker in it', () => {
    const { engine, log } = setup({ maxTrackedIps: 5000, maxOpenIncidents: 100 });
    const ev: SecurityEvent[] = [];
    for (let i = 0; i < 200_000; i++) {
      const time = T0 + i * 2; // 500 lines/s of event time: 30,000 distinct IPs per window
      ev.push(makeEvent({ ip: `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`, time, pid: i, raw: 'x' }));
      if (i >= 100_000 && i % 1000 === 0) ev.push(makeEvent({ ip: '198.51.100.66', time, pid: i, raw: 'real' }));
      if (ev.length >= 4096) engine.ingestEvents(ev.splice(0));
      // Each rule tracks at most maxTrackedIps keys.
      expect(engine.stats.trackedKeys).toBeLessThanOrEqual(ruleDefinitions.length * 5000 + 100);
    }
    engine.ingestEvents(ev);
    engine.finish();
    // Besides the real attacker's BRUTE_FORCE, the flood itself is a DISTRIBUTED_BRUTE_FORCE on root.
    expect(log.filter((l) => l.change === 'raised').map((l) => l.alert.rule).sort()).toEqual(['BRUTE_FORCE', 'DISTRIBUTED_BRUTE_FORCE']);
    const raised = log.filter((l) => l.change === 'raised' && l.alert.rule === 'BRUTE_FORCE').map((l) => l.alert);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ ip: '198.51.100.66', count: 6 });
    expect(engine.stats.openIncidents).toBe(0);
  });

  it('carries the suspicious marker of an attempt counted before the threshold into the alert', () => {
    const { engine, log } = setup();
    engine.ingestEvents([makeEvent({ time: T0, flags: ['suspicious'] }), ...attempts(5, { start: T0 + 1000 })]);
    expect(log[0]!.alert.flags).toContain('SUSPICIOUS_INPUT');
  });
});
