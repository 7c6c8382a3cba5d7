import { describe, expect, it } from 'vitest';
import { addToDraft, alertId, compactUtc, createDraft, formatDuration, materialize, defaultSummary } from '../../../src/engine/alerts/alert-builder.js';
import { makeEvent, T0 } from '../../helpers/factories.js';

describe('alert ids', () => {
  it('are stable and filename/URL safe', () => {
    expect(compactUtc(Date.UTC(2024, 4, 1, 9, 14, 4, 118))).toBe('20240501T091404Z');
    expect(alertId('BRUTE_FORCE', T0, '203.0.113.45')).toBe('BRUTE_FORCE-20240501T091400Z-203.0.113.45');
    expect(alertId('BRUTE_FORCE', T0, '203.0.113.45')).toBe(alertId('BRUTE_FORCE', T0, '203.0.113.45'));
    const v6 = alertId('BRUTE_FORCE', T0, '2001:db8::45');
    expect(v6).toBe('BRUTE_FORCE-20240501T091400Z-2001-db8--45');
    expect(v6).toMatch(/^[A-Za-z0-9._-]+$/);
  });
});

describe('incident drafts', () => {
  it('keep the first 10 and the latest 10 counted lines as evidence, with file:line', () => {
    const d = createDraft('BRUTE_FORCE', '203.0.113.45', 'HIGH');
    for (let i = 1; i <= 35; i++) addToDraft(d, makeEvent({ time: T0 + i * 1000, line: i, raw: `line ${i}` }), 1);
    const a = materialize(d, 'x', 'new', []);
    expect(a.evidence.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35]);
    expect(a.evidence[0]).toEqual({ time: new Date(T0 + 1000).toISOString(), file: 'auth.log', line: 1, text: 'line 1' });
    expect(a.count).toBe(35);
  });

  it('before the tail wraps, evidence is every counted line in order', () => {
    const d = createDraft('BRUTE_FORCE', '203.0.113.45', 'HIGH');
    for (let i = 1; i <= 15; i++) addToDraft(d, makeEvent({ time: T0 + i * 1000, line: i, file: i % 2 ? 'a.log' : 'b.log' }), 1);
    const first = materialize(d, 'x', 'new', []);
    expect(first.evidence.map((e) => `${e.file}:${e.line}`)).toEqual(Array.from({ length: 15 }, (_, k) => `${(k + 1) % 2 ? 'a.log' : 'b.log'}:${k + 1}`));
    // materializing again after more events keeps earlier evidence objects and moves the tail on
    for (let i = 16; i <= 23; i++) addToDraft(d, makeEvent({ time: T0 + i * 1000, line: i }), 1);
    const second = materialize(d, 'x', 'new', []);
    expect(second.evidence.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    expect(second.evidence[10]).toBe(first.evidence[13]);
  });

  it('keep at most 4 KiB of each evidence line, marked as cut, in the head and in the tail', () => {
    const d = createDraft('BRUTE_FORCE', '203.0.113.45', 'HIGH');
    for (let i = 1; i <= 25; i++) addToDraft(d, makeEvent({ time: T0 + i * 1000, line: i, raw: `${i} `.padEnd(60_000, 'x') }), 1);
    const a = materialize(d, 'x', 'new', []);
    expect(a.evidence).toHaveLength(20);
    for (const e of a.evidence) {
      expect(e.text.slice(0, 4096)).toBe(`${e.line} `.padEnd(4096, 'x'));
      expect(e.text.slice(4096)).toBe('…[+55904 chars]');
    }
    // lines within the limit are kept whole
    addToDraft(d, makeEvent({ time: T0 + 26_000, line: 26, raw: 'y'.repeat(4096) }), 1);
    expect(materialize(d, 'x', 'new', []).evidence.at(-1)?.text).toBe('y'.repeat(4096));
  });

  it('cap hosts at 20', () => {
    const d = createDraft('BRUTE_FORCE', '203.0.113.45', 'HIGH');
    for (let i = 0; i < 30; i++) addToDraft(d, makeEvent({ host: `h${i}` }), 1);
    addToDraft(d, makeEvent({ host: 'h0' }), 1);
    const a = materialize(d, 'x', 'new', []);
    expect(a.hosts).toEqual(Array.from({ length: 20 }, (_, i) => `h${i}`));
  });

  it('context events add users and hosts, not count or evidence', () => {
    const d = createDraft('BRUTE_FORCE', '203.0.113.45', 'HIGH');
    addToDraft(d, makeEvent({ user: 'root' }), 1);
    addToDraft(d, makeEvent({ user: 'admin', host: 'bastion-02', weight: 'corroboration' }), 0);
    const a = materialize(d, 'x', 'new', []);
    expect(a.count).toBe(1);
    expect(a.users).toEqual(['root', 'admin']);
    expect(a.hosts).toEqual(['bastion-01', 'bastion-02']);
    expect(a.evidence).toHaveLength(1);
  });

  it('cap users at 50 and flag USERS_TRUNCATED', () => {
    const d = createDraft('BRUTE_FORCE', '203.0.113.45', 'HIGH');
    for (let i = 0; i < 60; i++) addToDraft(d, makeEvent({ user: `u${i}` }), 1);
    const a = materialize(d, 'x', 'new', []);
    expect(a.users).toHaveLength(50);
    expect(a.flags).toContain('USERS_TRUNCATED');
    expect(a.summary).toContain('for 50+ users');
  });

  it('flag SUSPICIOUS_INPUT when an event was marked suspicious by the parser', () => {
    const d = createDraft('BRUTE_FORCE', '203.0.113.45', 'HIGH');
    addToDraft(d, makeEvent({ flags: ['suspicious'] }), 1);
    expect(materialize(d, 'x', 'new', []).flags).toEqual(['SUSPICIOUS_INPUT']);
  });

  it('materialized alerts are frozen snapshots: later updates do not change them', () => {
    const d = createDraft('BRUTE_FORCE', '203.0.113.45', 'HIGH');
    addToDraft(d, makeEvent(), 1);
    const before = materialize(d, 'x', 'new', [{ status: 'new', at: 'now' }]);
    addToDraft(d, makeEvent({ user: 'admin', time: T0 + 5000 }), 1);
    expect(before.count).toBe(1);
    expect(before.users).toEqual(['root']);
    expect(Object.isFrozen(before)).toBe(true);
    expect(Object.isFrozen(before.users)).toBe(true);
  });
});

describe('summary sentence', () => {
  it.each([
    [['root', 'admin', 'oracle'], ['bastion-01'], 12, 41_000, '12 failed SSH logins for 3 users (root, admin, oracle) from 203.0.113.45 on bastion-01 within 41 s'],
    [['root'], ['bastion-01'], 6, 5_000, '6 failed SSH logins for user root from 203.0.113.45 on bastion-01 within 5 s'],
    [['a', 'b', 'c', 'd'], ['h1', 'h2'], 9, 125_000, '9 failed SSH logins for 4 users (a, b, c, …) from 203.0.113.45 on 2 hosts within 2 min 5 s'],
  ])('users %j on %j', (users, hosts, count, span, expected) => {
    const d = createDraft('BRUTE_FORCE', '203.0.113.45', 'HIGH');
    for (let i = 0; i < count; i++) {
      addToDraft(d, makeEvent({ user: users[i % users.length]!, host: hosts[i % hosts.length]!, time: T0 + (i === count - 1 ? span : 0) }), 1);
    }
    expect(defaultSummary(d)).toBe(expected);
  });

  it('says "logins" rather than "SSH logins" when a non-sshd service counted', () => {
    const d = createDraft('BRUTE_FORCE', '198.51.100.7', 'HIGH');
    addToDraft(d, makeEvent({ program: 'vsftpd', user: null, host: null }), 6);
    expect(defaultSummary(d)).toBe('6 failed logins from 198.51.100.7');
  });

  it.each([
    [0, '0 s'],
    [59_400, '59 s'],
    [60_000, '1 min'],
    [3_600_000, '1 h'],
    [3_725_000, '1 h 2 min'],
  ])('formatDuration(%i) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
