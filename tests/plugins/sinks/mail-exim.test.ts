// The mail sink through a real MTA: Debian's exim4 (exim4-daemon-light) with a local-delivery-only
// config of the test's own, read back from the mailboxes it delivered to. Skips, saying why, only
// where exim is missing or cannot deliver here.
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/engine/snapshot/types.js';
import { mailSink } from '../../../src/plugins/sinks/mail.js';
import { makeAlert } from '../../helpers/factories.js';
import { createLocalMta, decodeWords, findExim, parseMail, probeMta, type LocalMta } from './exim.js';

const why = probeMta();
if (why !== null) console.warn(`mail-exim tests skipped: ${why}`);

function ctx() {
  const diagnostics: Diagnostic[] = [];
  return { diagnostics, stdout: new PassThrough(), diagnostic: (d: Diagnostic) => void diagnostics.push(d), now: Date.now };
}

describe.skipIf(why !== null)('mail sink → exim → local mailbox', () => {
  let mta: LocalMta;
  beforeEach(() => {
    mta = createLocalMta(findExim()!);
  });
  afterEach(() => mta.remove());

  it('delivers one message per alert to every recipient, with subject, summary, users, evidence and the block command', async () => {
    const c = ctx();
    const sink = mailSink.create({ ...mailSink.defaults, to: ['analyst@localhost', 'oncall@threatwatch.test'], from: 'threatwatch@localhost', sendmail: mta.sendmail }, c);
    sink.onAlert?.(makeAlert({ id: 'first', severity: 'CRITICAL', flags: ['KNOWN_THREAT'] }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'second', ip: '2001:db8::45', subject: { kind: 'ip', value: '2001:db8::45', ip: '2001:db8::45' } }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'quiet', severity: 'LOW' }), 'raised');
    await sink.close();
    expect(c.diagnostics).toEqual([]);

    const inbox = mta.mailbox('analyst');
    expect(inbox).toHaveLength(2);
    expect(mta.mailbox('oncall')).toHaveLength(2);
    const m = parseMail(inbox[0]!);
    expect(m.header('Return-path')).toEqual(['<threatwatch@localhost>']);
    expect(m.header('From')).toEqual(['threatwatch-tui <threatwatch@localhost>']);
    expect(m.header('To')).toEqual(['analyst@localhost, oncall@threatwatch.test']);
    expect(m.header('Subject')).toEqual(['[threatwatch] CRITICAL BRUTE_FORCE 203.0.113.45']);
    expect(m.header('Content-Type')).toEqual(['text/plain; charset=utf-8']);
    expect(m.body).toContain('12 failed SSH logins for 3 users (root, admin, oracle) from 203.0.113.45');
    expect(m.body).toContain('Users:      root, admin, oracle');
    expect(m.body).toContain('Flags:      KNOWN_THREAT');
    expect(m.body).toContain('  auth.log:1  May  1 09:14:00 bastion-01 sshd[1]: Failed password for root from 203.0.113.45 port 1 ssh2');
    expect(m.body).toContain('To block this address:\n  threatwatch-tui block 203.0.113.45\n');
    const second = parseMail(inbox[1]!);
    expect(second.header('Subject')).toEqual(['[threatwatch] HIGH BRUTE_FORCE 2001:db8::45']);
    expect(second.body).toContain('  threatwatch-tui block 2001:db8::45\n');
  });

  it('an attacker-chosen user name or subject reaches no other mailbox and adds no header', async () => {
    const c = ctx();
    const sink = mailSink.create({ ...mailSink.defaults, to: ['analyst@localhost'], sendmail: mta.sendmail }, c);
    sink.onAlert?.(
      makeAlert({
        rule: 'PASSWORD_SPRAY',
        ip: null,
        subject: { kind: 'user', value: 'root\r\nBcc: victim@localhost\r\nFrom: boss@localhost', ip: null },
        users: ['x\nBcc: victim@localhost', 'admin\r\n\r\nforged', 'пользователь'],
        evidence: [{ time: '2024-05-01T09:14:00.000Z', file: 'auth.log', line: 3, text: 'Invalid user a\nCc: boss@localhost\n.\n from 203.0.113.45' }],
      }),
      'raised',
    );
    await sink.close();
    expect(c.diagnostics).toEqual([]);
    expect(mta.mailbox('analyst')).toHaveLength(1);
    expect(mta.mailbox('victim')).toEqual([]);
    expect(mta.mailbox('boss')).toEqual([]);
    expect(mta.mainlog()).not.toMatch(/victim|boss/);
    const m = parseMail(mta.mailbox('analyst')[0]!);
    expect(m.header('Bcc')).toEqual([]);
    expect(m.header('Cc')).toEqual([]);
    expect(m.header('From')).toHaveLength(1);
    expect(m.header('From')[0]).not.toContain('boss');
    expect(decodeWords(m.header('Subject')[0]!)).toBe('[threatwatch] HIGH PASSWORD_SPRAY root\\r\\nBcc: victim@localhost\\r\\nFrom: boss@localhost');
    expect(m.body).toContain('Users:      x\\nBcc: victim@localhost, admin\\r\\n\\r\\nforged, пользователь');
    expect(m.body).toContain('  auth.log:3  Invalid user a\\nCc: boss@localhost\\n.\\n from 203.0.113.45');
    expect(m.body).not.toContain('To block this address');
  });

  it('digest: alerts gathered into one message, sent at flush', async () => {
    const sink = mailSink.create({ ...mailSink.defaults, to: ['analyst@localhost'], digestMinutes: 10, sendmail: mta.sendmail }, ctx());
    sink.onAlert?.(makeAlert({ id: 'd1', severity: 'CRITICAL' }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'd2', ip: '198.51.100.9', subject: { kind: 'ip', value: '198.51.100.9', ip: '198.51.100.9' } }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'd3' }), 'raised');
    expect(mta.mailbox('analyst')).toEqual([]);
    await sink.flush();
    const inbox = mta.mailbox('analyst');
    expect(inbox).toHaveLength(1);
    const m = parseMail(inbox[0]!);
    expect(m.header('Subject')).toEqual(['[threatwatch] 3 alerts: 1 CRITICAL, 2 HIGH']);
    for (const id of ['d1', 'd2', 'd3']) expect(m.body).toContain(`Alert:      ${id}`);
    expect(m.body).toContain('threatwatch-tui block 198.51.100.9');
    await sink.close();
    expect(mta.mailbox('analyst')).toHaveLength(1);
  });
});
