/**
 * Test factories: a plausible SecurityEvent / Alert with overrides. The default event is one
 * `Failed password` from 203.0.113.45 on bastion-01 at 2024-05-01T09:14:00Z.
 */
import { ipSubject } from '../../src/engine/model/subject.js';
import type { Alert } from '../../src/engine/model/alert.js';
import type { SecurityEvent } from '../../src/engine/model/event.js';

export const T0 = Date.UTC(2024, 4, 1, 9, 14, 0);

let lineNo = 0;

export function makeEvent(partial: Partial<SecurityEvent> = {}): SecurityEvent {
  lineNo++;
  const base: SecurityEvent = {
    time: T0,
    host: 'bastion-01',
    program: 'sshd',
    pid: 24811,
    type: 'auth_failure',
    ip: '203.0.113.45',
    rhost: null,
    user: 'root',
    port: 52144,
    count: 1,
    weight: 'attempt',
    attempts: 1,
    method: 'password',
    file: 'auth.log',
    line: lineNo,
    raw: '',
  };
  const e = { ...base, ...partial };
  // What the parser's attempt counter would give a line of this weight on its own connection.
  if (partial.attempts === undefined) e.attempts = e.ip === null ? 0 : e.weight === 'attempt' ? e.count : e.weight === 'credit' ? 1 : 0;
  if (partial.raw === undefined) {
    e.raw = `${new Date(e.time).toISOString()} ${e.host ?? '-'} ${e.program}[${e.pid ?? ''}]: Failed password for ${e.user ?? ''} from ${e.ip ?? e.rhost ?? '?'} port ${e.port ?? 0} ssh2`;
  }
  return e;
}

/** `n` failed-password events from one IP, `stepMs` apart, each on its own connection (pid). */
export function attempts(n: number, opts: { ip?: string; start?: number; stepMs?: number; user?: string; host?: string } = {}): SecurityEvent[] {
  const out: SecurityEvent[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      makeEvent({
        ip: opts.ip ?? '203.0.113.45',
        time: (opts.start ?? T0) + i * (opts.stepMs ?? 1000),
        user: opts.user ?? 'root',
        host: opts.host ?? 'bastion-01',
        pid: 30000 + i,
      }),
    );
  }
  return out;
}

export function makeAlert(partial: Partial<Alert> = {}): Alert {
  return {
    id: 'BRUTE_FORCE-20240501T091400Z-203.0.113.45',
    rule: 'BRUTE_FORCE',
    severity: 'HIGH',
    ip: '203.0.113.45',
    firstSeen: '2024-05-01T09:14:00.000Z',
    lastSeen: '2024-05-01T09:14:41.000Z',
    count: 12,
    hosts: ['bastion-01'],
    users: ['root', 'admin', 'oracle'],
    intel: [],
    flags: [],
    status: 'new',
    history: [{ status: 'new', at: '2024-05-01T09:14:05.000Z' }],
    evidence: [{ time: '2024-05-01T09:14:00.000Z', file: 'auth.log', line: 1, text: 'May  1 09:14:00 bastion-01 sshd[1]: Failed password for root from 203.0.113.45 port 1 ssh2' }],
    summary: '12 failed SSH logins for 3 users (root, admin, oracle) from 203.0.113.45 on bastion-01 within 41 s',
    ...partial,
    subject: partial.subject ?? ipSubject(partial.ip ?? '203.0.113.45'),
  };
}
