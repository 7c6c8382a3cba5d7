import { describe, expect, it } from 'vitest';
import type { SecurityEvent } from '../../../src/engine/model/event.js';
import { IncidentTracker, type IncidentSink } from '../../../src/engine/incidents/incident-tracker.js';
import { BRUTE_FORCE, createBruteForce, type BruteForceConfig } from '../../../src/engine/rules/brute-force.js';
import type { CountedEvent, Rule } from '../../../src/engine/rules/rule.js';
import { attempts, makeEvent, T0 } from '../../helpers/factories.js';

interface Recorded {
  raises: { ip: string; entries: readonly CountedEvent[] }[];
  updates: { ip: string; event: SecurityEvent; counted: number }[];
  closes: string[];
}

/** The rule behind the shared incident tracker, as the engine runs it. */
function harness(config: Partial<BruteForceConfig>, sink: IncidentSink, maxOpen = 10_000) {
  const rule: Rule = createBruteForce(config);
  const tracker = new IncidentTracker([rule], sink, maxOpen);
  const ctx = tracker.contextFor(rule);
  return {
    rule,
    tracker,
    onEvent: (e: SecurityEvent) => rule.onEvent(e, ctx),
    sweep: (t: number) => {
      rule.sweep(t);
      tracker.sweep(t);
    },
    finish: () => {
      tracker.finish();
      rule.finish();
    },
  };
}

function run(events: readonly SecurityEvent[], config = { threshold: 5, windowSeconds: 60 }, opts: { sweep?: boolean; maxTrackedIps?: number } = {}) {
  const rec: Recorded = { raises: [], updates: [], closes: [] };
  const sink: IncidentSink = {
    raise: (r, subject, entries) => {
      expect(r.id).toBe(BRUTE_FORCE);
      rec.raises.push({ ip: subject.value, entries });
    },
    update: (_r, ip, event, counted) => rec.updates.push({ ip, event: event as SecurityEvent, counted }),
    close: (_r, ip) => rec.closes.push(ip),
  };
  const h = harness({ ...config, maxTrackedIps: opts.maxTrackedIps }, sink);
  let counted = 0;
  for (const e of events) {
    if (opts.sweep !== false) h.sweep(e.time);
    counted += h.onEvent(e);
  }
  return { ...h, rec, sink, counted };
}

const total = (entries: readonly CountedEvent[]): number => entries.reduce((s, e) => s + e.count, 0);

describe('BRUTE_FORCE threshold and window', () => {
  it.each([
    [5, 0],
    [6, 1],
    [20, 1],
  ])('%i attempts within 60 s raise %i alert(s)', (n, raised) => {
    const { rec } = run(attempts(n, { stepMs: 1000 }));
    expect(rec.raises).toHaveLength(raised);
  });

  it('the 6th attempt at 59.999 s after the 1st fires', () => {
    const ev = attempts(6, { stepMs: 1000 });
    ev[5] = makeEvent({ time: T0 + 59_999, pid: 1 });
    const { rec } = run(ev);
    expect(rec.raises).toHaveLength(1);
    expect(total(rec.raises[0]!.entries)).toBe(6);
  });

  it('6 attempts spread over exactly 60.000 s do not fire', () => {
    const ev = attempts(6, { stepMs: 1000 });
    ev[5] = makeEvent({ time: T0 + 60_000, pid: 1 });
    const { rec } = run(ev);
    expect(rec.raises).toHaveLength(0);
  });

  it('respects a custom threshold and window', () => {
    expect(run(attempts(3, { stepMs: 4000 }), { threshold: 2, windowSeconds: 10 }).rec.raises).toHaveLength(1);
    expect(run(attempts(3, { stepMs: 5000 }), { threshold: 2, windowSeconds: 10 }).rec.raises).toHaveLength(0);
  });

  it('"message repeated 5 times" after one failure fires at once (count adds N)', () => {
    const { rec } = run([makeEvent({ time: T0 }), makeEvent({ time: T0 + 5000, count: 5 })]);
    expect(rec.raises).toHaveLength(1);
    expect(total(rec.raises[0]!.entries)).toBe(6);
  });

  it('a single count-6 event crosses the threshold by itself', () => {
    expect(run([makeEvent({ count: 6 })]).rec.raises).toHaveLength(1);
  });

  it('attempts from different IPs are counted apart', () => {
    const ev = [...attempts(3, { ip: '198.51.100.7' }), ...attempts(3, { ip: '198.51.100.8' })];
    expect(run(ev).rec.raises).toHaveLength(0);
  });

  it('IPv6 sources are counted like IPv4', () => {
    expect(run(attempts(6, { ip: '2001:db8::45' })).rec.raises[0]!.ip).toBe('2001:db8::45');
  });
});

describe('BRUTE_FORCE attempt semantics', () => {
  it('sshd Failed + pam_unix corroboration for the same attempt count once', () => {
    const ev: SecurityEvent[] = [];
    for (let i = 0; i < 5; i++) {
      ev.push(makeEvent({ time: T0 + i * 1000, pid: 100 + i }));
      ev.push(makeEvent({ time: T0 + i * 1000, pid: 100 + i, program: 'sshd', weight: 'corroboration', user: 'root' }));
    }
    const { rec, counted } = run(ev);
    expect(counted).toBe(5);
    expect(rec.raises).toHaveLength(0);
  });

  it('counts the attempts the parser gave each event (connection semantics live in parsers/attempt-counter.ts)', () => {
    const conn = { pid: 4242, user: 'oracle' };
    const ev = [
      makeEvent({ ...conn, type: 'invalid_user', weight: 'credit', time: T0, attempts: 1 }),
      makeEvent({ ...conn, time: T0 + 1000, attempts: 0 }), // the invalid user's first failure: the same attempt
      makeEvent({ ...conn, time: T0 + 2000, attempts: 1 }),
      makeEvent({ ...conn, time: T0 + 3000, count: 4, attempts: 4 }),
    ];
    expect(run(ev).counted).toBe(6);
  });

  it('a disconnect line that confirms a PAM failure counts it, though its weight is none', () => {
    const closed = makeEvent({ type: 'preauth_disconnect', weight: 'none', time: T0, attempts: 1 });
    expect(run([closed]).counted).toBe(1);
    expect(run([makeEvent({ type: 'preauth_disconnect', weight: 'none', time: T0 })]).counted).toBe(0);
  });

  it('corroboration and none never count; events without an IP (rhost names) never count', () => {
    const ev = [
      ...Array.from({ length: 10 }, (_, i) => makeEvent({ time: T0 + i, weight: 'corroboration' })),
      ...Array.from({ length: 10 }, (_, i) => makeEvent({ time: T0 + i, weight: 'none', type: 'auth_success' })),
      ...Array.from({ length: 10 }, (_, i) => makeEvent({ time: T0 + i, ip: null, rhost: 'scanner-7.example.net' })),
    ];
    const { rec, counted } = run(ev);
    expect(counted).toBe(0);
    expect(rec.raises).toHaveLength(0);
  });
});

describe('BRUTE_FORCE incidents', () => {
  it('an attacker who keeps failing stays one incident; every later attempt updates it', () => {
    const { rec } = run(attempts(30, { stepMs: 2000 }));
    expect(rec.raises).toHaveLength(1);
    expect(rec.updates.filter((u) => u.counted > 0)).toHaveLength(24);
    expect(rec.closes).toEqual([]);
  });

  it('after a quiet full window the incident closes and the count restarts from zero', () => {
    const first = attempts(6, { stepMs: 1000 });
    const resume = T0 + 5000 + 60_000;
    const second = attempts(5, { start: resume, stepMs: 1000 });
    const { rec } = run([...first, ...second]);
    expect(rec.raises).toHaveLength(1);
    expect(rec.closes).toEqual(['203.0.113.45']);
    // 5 attempts after the quiet window are not enough for a second alert
    const third = run([...first, ...attempts(6, { start: resume, stepMs: 1000 })]);
    expect(third.rec.raises).toHaveLength(2);
  });

  it('59.999 s of quiet keeps the incident open', () => {
    const first = attempts(6, { stepMs: 1000 });
    const { rec } = run([...first, makeEvent({ time: T0 + 5000 + 59_999 })]);
    expect(rec.closes).toEqual([]);
    expect(rec.updates.at(-1)!.counted).toBe(1);
  });

  it('sweep closes an incident once event time passes lastSeen + window', () => {
    const { sweep, rec } = run(attempts(6));
    sweep(T0 + 5000 + 59_999);
    expect(rec.closes).toEqual([]);
    sweep(T0 + 5000 + 60_000);
    expect(rec.closes).toEqual(['203.0.113.45']);
  });

  it('finish closes every open incident', () => {
    const { finish, tracker, rec } = run([...attempts(6, { ip: '198.51.100.1' }), ...attempts(6, { ip: '198.51.100.2' })]);
    finish();
    expect(rec.closes.sort()).toEqual(['198.51.100.1', '198.51.100.2']);
    expect(tracker.openCount).toBe(0);
  });

  it('context lines (corroboration with a user) during an incident update it without counting', () => {
    const { rec } = run([...attempts(6), makeEvent({ time: T0 + 6000, weight: 'corroboration', user: 'admin' })]);
    expect(rec.updates).toEqual([expect.objectContaining({ counted: 0 })]);
    expect(rec.updates[0]!.event.user).toBe('admin');
  });

  it('events a few seconds out of order do not crash and still count', () => {
    const times = [0, 3000, 1000, 2000, 5000, 4000].map((d) => T0 + d);
    const { rec } = run(times.map((t, i) => makeEvent({ time: t, pid: i })));
    expect(rec.raises).toHaveLength(1);
  });

  it('the raise carries the counted events, oldest first', () => {
    const { rec } = run(attempts(6, { stepMs: 500 }));
    const times = rec.raises[0]!.entries.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(T0);
  });
});

describe('BRUTE_FORCE bounded state', () => {
  it('1,000,000 distinct IPs keep tracked state at or under the cap', () => {
    const cap = 10_000;
    const sink: IncidentSink = { raise: () => {}, update: () => {}, close: () => {} };
    const { rule, onEvent } = harness({ threshold: 5, windowSeconds: 60, maxTrackedIps: cap }, sink);
    const e = makeEvent();
    let max = 0;
    for (let i = 0; i < 1_000_000; i++) {
      e.ip = `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
      e.time = T0 + i; // 1 ms apart: all inside one window, only the cap bounds the state
      onEvent(e);
      if ((i & 1023) === 0) max = Math.max(max, rule.trackedKeys);
    }
    expect(Math.max(max, rule.trackedKeys)).toBeLessThanOrEqual(cap);
    expect(rule.trackedKeys).toBe(cap);
  });

  it('per-IP windows expire with event time', () => {
    const { rule, sweep } = run(attempts(3));
    expect(rule.trackedKeys).toBe(1);
    sweep(T0 + 2000 + 60_000);
    expect(rule.trackedKeys).toBe(0);
  });
});

describe('BRUTE_FORCE connections and pending attempts', () => {
  it('the attempts before the threshold reach the alert with their user, host, program and line', () => {
    const ev = [
      makeEvent({ time: T0, user: 'admin', host: 'db-01', file: 'a.log', line: 11, raw: 'first line', flags: ['suspicious'] }),
      ...attempts(5, { start: T0 + 1000 }),
    ];
    const { rec } = run(ev);
    const first = rec.raises[0]!.entries[0]!;
    expect(first.payload).toMatchObject({ time: T0, user: 'admin', host: 'db-01', program: 'sshd', file: 'a.log', line: 11, raw: 'first line' });
    expect(first.payload.flags).toContain('suspicious');
    expect(rec.raises[0]!.entries.slice(1).every((e) => e.payload.flags === undefined || e.payload.flags.length === 0)).toBe(true);
  });

  it('caps incidents open at once: past the cap the least recently updated one is closed early', () => {
    const closes: string[] = [];
    const raises: string[] = [];
    const sink: IncidentSink = { raise: (_r, s) => raises.push(s.value), update: () => {}, close: (_r, ip) => closes.push(ip) };
    const { onEvent, tracker, finish } = harness({ threshold: 5, windowSeconds: 60 }, sink, 2);
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) for (const e of attempts(6, { ip, stepMs: 10 })) onEvent(e);
    expect(raises).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
    expect(closes).toEqual(['192.0.2.1']);
    expect(tracker.openCount).toBe(2);
    finish();
    expect(closes).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
  });
});

