// Every rule under 60 KB lines: what a rule keeps of a line (records, keys, distinct values, the
// users of an open incident) is a bounded excerpt, never the line nor a view of it.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/engine.js';
import type { Alert } from '../../../src/engine/model/alert.js';
import type { RawLine } from '../../../src/engine/model/event.js';
import { createLineParser } from '../../../src/engine/parsers/index.js';
import { createRules } from '../../../src/engine/rules/index.js';
import { toRecord } from '../../../src/engine/rules/support/record.js';
import { FIELD_TEXT_LIMIT, PENDING_TEXT_LIMIT } from '../../../src/engine/text/excerpt.js';
import { makeEvent, T0 } from '../../helpers/factories.js';

const PAD = 'x'.repeat(60_000);
const stamp = (ms: number): string => new Date(ms).toISOString().replace('Z', '000+00:00');
/** Room for the cut marker (`…[+59000 chars]`). */
const MARKER = 20;

/** A ~60 KB pam_unix failure from `ip` (not sshd, so it counts as an attempt) whose user name is the long part. */
function longFailure(i: number, ip: string, user: string): RawLine {
  const text = `${stamp(T0 + i * 1000)} ftp-01 vsftpd[${1000 + i}]: pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser= rhost=${ip} user=${user}${PAD}`;
  return { text, file: 'auth.log', line: i + 1 };
}

describe('rules under long lines', () => {
  it('a record keeps at most PENDING_TEXT_LIMIT characters of the line and FIELD_TEXT_LIMIT of a field', () => {
    const e = makeEvent({ user: `probe-${PAD}`, raw: `line ${PAD}` });
    const r = toRecord(e);
    expect(r.raw.length).toBeLessThanOrEqual(PENDING_TEXT_LIMIT + MARKER);
    expect(r.raw).toMatch(/…\[\+\d+ chars\]$/);
    expect((r.user ?? '').length).toBeLessThanOrEqual(FIELD_TEXT_LIMIT + MARKER);
  });

  it('short lines keep their fields as they are', () => {
    const e = makeEvent({ user: 'root', raw: 'a short line' });
    const r = toRecord(e);
    expect(r.raw).toBe('a short line');
    expect(r.user).toBe('root');
  });

  it('every rule alerts on long-line sprays with bounded users and evidence', () => {
    const engine = createEngine({ parse: createLineParser({ now: T0, timeZone: 'UTC' }), rules: createRules(), updateIntervalMs: 0 });
    const alerts = new Map<string, Alert>();
    engine.onAlert((a) => alerts.set(a.id, a));
    // One address trying 12 long user names: BRUTE_FORCE and PASSWORD_SPRAY fire.
    engine.ingest(Array.from({ length: 12 }, (_, i) => longFailure(i, '203.0.113.9', `u${i}-`)));
    engine.finish();
    const rules = [...alerts.values()].map((a) => a.rule).sort();
    expect(rules).toEqual(expect.arrayContaining(['BRUTE_FORCE', 'PASSWORD_SPRAY']));
    for (const a of alerts.values()) {
      for (const u of a.users) expect(u.length).toBeLessThanOrEqual(FIELD_TEXT_LIMIT + MARKER);
      for (const ev of a.evidence) expect(ev.text.length).toBeLessThan(PAD.length);
      const facts = a.facts?.['users'];
      if (Array.isArray(facts)) for (const u of facts) expect(String(u).length).toBeLessThanOrEqual(FIELD_TEXT_LIMIT + MARKER);
    }
  });
});
