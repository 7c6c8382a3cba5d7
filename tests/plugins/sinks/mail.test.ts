// The mail sink with a fake `sendmail` on PATH that records its argv and the message on stdin:
// what is run (argv, no shell), the message's headers and body, digests, failures, and header
// injection through attacker-chosen user names and subjects.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/engine/model/alert.js';
import type { Diagnostic } from '../../../src/engine/snapshot/types.js';
import { createMailSink, mailSink, type MailConfig } from '../../../src/plugins/sinks/mail.js';
import { alertMessage, encodeHeaderValue, wrap } from '../../../src/plugins/sinks/mail-message.js';
import { makeAlert } from '../../helpers/factories.js';
import { createFakeBin, type FakeBin } from '../responders/fake-bin.js';

/** Records the message on stdin as one JSON line in messages.log; fails when `<dir>/fail` exists. */
const FAKE_SENDMAIL = `
const msg = fs.readFileSync(0, 'utf8');
fs.appendFileSync(path.join(dir, 'messages.log'), JSON.stringify(msg) + '\\n');
if (fs.existsSync(path.join(dir, 'fail'))) { process.stderr.write('sendmail: cannot deliver: queue\\ndirectory missing\\n'); process.exit(75); }
if (fs.existsSync(path.join(dir, 'slow'))) { setTimeout(() => {}, 60000); }
`;

function ctx() {
  const diagnostics: Diagnostic[] = [];
  return { diagnostics, stdout: new PassThrough(), diagnostic: (d: Diagnostic) => void diagnostics.push(d), now: () => Date.parse('2024-05-01T09:15:00Z') };
}

function config(partial: Partial<MailConfig>): MailConfig {
  return { ...mailSink.defaults, to: ['analyst@localhost'], ...partial };
}

interface Parsed {
  headers: [string, string][];
  header(name: string): string[];
  body: string;
}

/** Splits a message into headers (unfolded) and body, the way an MTA reads it. */
function parse(msg: string): Parsed {
  const [head, ...rest] = msg.split('\n\n');
  const headers: [string, string][] = [];
  for (const line of head!.split('\n')) {
    if (/^[ \t]/.test(line)) headers[headers.length - 1]![1] += line;
    else {
      const i = line.indexOf(':');
      headers.push([line.slice(0, i), line.slice(i + 1).trim()]);
    }
  }
  return { headers, header: (n) => headers.filter(([k]) => k.toLowerCase() === n.toLowerCase()).map(([, v]) => v), body: rest.join('\n\n') };
}

/** Decodes RFC 2047 B-encoded words. */
function decodeWords(v: string): string {
  return v.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/g, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

let bin: FakeBin;
const messages = (): string[] => (existsSync(join(bin.dir, 'messages.log')) ? readFileSync(join(bin.dir, 'messages.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string) : []);

beforeEach(() => {
  bin = createFakeBin();
  bin.add('sendmail', FAKE_SENDMAIL);
});
afterEach(() => bin.restore());

describe('mail sink: what it runs and sends', () => {
  it('is off by default: no recipients, nothing run', async () => {
    expect(mailSink.defaults).toMatchObject({ to: [], from: null, digestMinutes: 0, severities: ['HIGH', 'CRITICAL'], sendmail: ['sendmail'] });
    const sink = mailSink.create(mailSink.defaults, ctx());
    sink.onAlert?.(makeAlert({ severity: 'CRITICAL' }), 'raised');
    await sink.close();
    expect(bin.calls()).toEqual([]);
  });

  it('runs `sendmail -t -oi -f FROM` from PATH with an argv array, one message per new alert of the chosen severities', async () => {
    const c = ctx();
    const sink = createMailSink(config({ to: ['analyst@localhost', 'oncall@example.test'], from: 'threatwatch@localhost' }), c);
    sink.onAlert?.(makeAlert({ id: 'low', severity: 'LOW' }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'high' }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'high' }), 'updated');
    sink.onAlert?.(makeAlert({ id: 'high' }), 'closed');
    await sink.close();
    expect(bin.programs()).toEqual(['sendmail']);
    expect(bin.calls()).toEqual([['-t', '-oi', '-f', 'threatwatch@localhost']]);
    expect(sink.stats()).toMatchObject({ sent: 1, failed: 0 });
    expect(c.diagnostics).toEqual([]);
    const m = parse(messages()[0]!);
    expect(m.header('To')).toEqual(['analyst@localhost, oncall@example.test']);
    expect(m.header('From')).toEqual(['threatwatch-tui <threatwatch@localhost>']);
    expect(m.header('Subject')).toEqual(['[threatwatch] HIGH BRUTE_FORCE 203.0.113.45']);
    expect(m.header('Date')).toEqual(['Wed, 01 May 2024 09:15:00 +0000']);
    expect(m.header('Content-Type')).toEqual(['text/plain; charset=utf-8']);
    expect(m.header('Auto-Submitted')).toEqual(['auto-generated']);
    expect(m.body).toContain('12 failed SSH logins for 3 users (root, admin, oracle) from 203.0.113.45');
    expect(m.body).toContain('Users:      root, admin, oracle');
    expect(m.body).toContain('  auth.log:1  May  1 09:14:00 bastion-01 sshd[1]: Failed password for root from 203.0.113.45 port 1 ssh2');
    expect(m.body).toContain('To block this address:\n  threatwatch-tui block 203.0.113.45\n');
  });

  it('a configured program path and its own arguments come first', async () => {
    const prog = join(bin.dir, 'sendmail');
    const sink = createMailSink(config({ sendmail: [prog, '-odi'] }), ctx());
    sink.onAlert?.(makeAlert(), 'raised');
    await sink.close();
    expect(bin.calls()).toEqual([['-odi', '-t', '-oi']]);
  });

  it('digest: one message every N minutes (or at flush) with every alert, counted in the subject', async () => {
    const sink = createMailSink(config({ digestMinutes: 5, severities: ['MEDIUM', 'HIGH', 'CRITICAL'] }), ctx());
    sink.onAlert?.(makeAlert({ id: 'a1', severity: 'CRITICAL', ip: '198.51.100.7' }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'a2', severity: 'HIGH' }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'a3', severity: 'HIGH', rule: 'PASSWORD_SPRAY', ip: null, subject: { kind: 'user', value: 'admin', ip: null } }), 'raised');
    sink.onAlert?.(makeAlert({ id: 'a4', severity: 'LOW' }), 'raised');
    expect(bin.calls()).toEqual([]);
    await sink.flush();
    expect(messages()).toHaveLength(1);
    const m = parse(messages()[0]!);
    expect(m.header('Subject')).toEqual(['[threatwatch] 3 alerts: 1 CRITICAL, 2 HIGH']);
    expect(m.body).toMatch(/^3 new alerts:\n\n {2}CRITICAL BRUTE_FORCE 198\.51\.100\.7: .*\n {2}HIGH BRUTE_FORCE 203\.0\.113\.45: .*\n {2}HIGH PASSWORD_SPRAY admin: /);
    for (const id of ['a1', 'a2', 'a3']) expect(m.body).toContain(`Alert:      ${id}`);
    expect(m.body).toContain('threatwatch-tui block 198.51.100.7');
    // Nothing new: no empty digest.
    await sink.close();
    expect(messages()).toHaveLength(1);
  });

  it('digest keeps at most queueSize alerts and says how many it left out', async () => {
    const sink = createMailSink(config({ digestMinutes: 60, queueSize: 2 }), ctx());
    for (let i = 0; i < 5; i++) sink.onAlert?.(makeAlert({ id: `d${i}` }), 'raised');
    await sink.close();
    const m = parse(messages()[0]!);
    expect(m.header('Subject')).toEqual(['[threatwatch] 5 alerts: 2 HIGH']);
    expect(m.body).toContain('… and 3 earlier alert(s) not listed (the digest keeps the latest 2)');
    expect(m.body).toContain('Alert:      d4');
    expect(m.body).not.toContain('Alert:      d0');
  });

  it('a failing sendmail is a diagnostic in its own words, once it works again an info', async () => {
    writeFileSync(join(bin.dir, 'fail'), '');
    const c = ctx();
    const sink = createMailSink(config({}), c);
    sink.onAlert?.(makeAlert({ id: 'm1' }), 'raised');
    await sink.flush();
    expect(c.diagnostics).toEqual([
      { kind: 'sink', level: 'error', source: 'mail', message: 'mail: could not send the HIGH BRUTE_FORCE alert m1: sendmail exited with 75: sendmail: cannot deliver: queue directory missing' },
    ]);
    bin.add('sendmail', FAKE_SENDMAIL.replace("existsSync(path.join(dir, 'fail'))", 'false'));
    sink.onAlert?.(makeAlert({ id: 'm2' }), 'raised');
    await sink.close();
    expect(c.diagnostics.at(-1)).toMatchObject({ level: 'info', message: 'mail: sending again' });
    expect(sink.stats()).toMatchObject({ sent: 1, failed: 1 });
  });

  it('a missing sendmail says so, and a hung one is killed at timeoutMs', async () => {
    const c = ctx();
    let sink = createMailSink(config({ sendmail: [join(bin.dir, 'no-such-sendmail')] }), c);
    sink.onAlert?.(makeAlert(), 'raised');
    await sink.close();
    expect(c.diagnostics[0]!.message).toMatch(/no-such-sendmail: command not found$/);
    writeFileSync(join(bin.dir, 'slow'), '');
    sink = createMailSink(config({ timeoutMs: 1000 }), c);
    const t0 = performance.now();
    sink.onAlert?.(makeAlert(), 'raised');
    await sink.close();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(c.diagnostics.at(-1)!.message).toMatch(/sendmail: no exit within 1000 ms \(killed\)$/);
  });

  it('never blocks the pipeline: onAlert only queues, bounded, the oldest dropped and counted', async () => {
    writeFileSync(join(bin.dir, 'slow'), '');
    const c = ctx();
    const sink = createMailSink(config({ queueSize: 2, timeoutMs: 1000, flushTimeoutMs: 100 }), c);
    const t0 = performance.now();
    for (let i = 0; i < 6; i++) sink.onAlert?.(makeAlert({ id: `q${i}` }), 'raised');
    expect(performance.now() - t0).toBeLessThan(200);
    expect(bin.calls()).toEqual([]);
    expect(sink.stats()).toMatchObject({ dropped: 4, pending: 2 });
    await sink.close();
    expect(c.diagnostics[0]!.message).toBe('mail: queue full (2 waiting): dropping the oldest messages');
    expect(c.diagnostics.at(-1)!.message).toMatch(/stopped with \d message\(s\) unsent/);
  });
});

describe('mail sink: header injection and hostile text', () => {
  const hostile: Partial<Alert> = {
    ip: null,
    rule: 'PASSWORD_SPRAY',
    severity: 'CRITICAL',
    subject: { kind: 'user', value: 'root\r\nBcc: victim@localhost\r\n\r\nforged body', ip: null },
    users: ['x\nBcc: victim@localhost', 'y\r\n.\r\nMAIL FROM:<a@b>', '\u001b]8;;http://evil.test\u0007click\u001b]8;;\u0007', 'z'.repeat(5000)],
    summary: 'spray on root\r\nX-Injected: yes',
    evidence: [{ time: '2024-05-01T09:14:00.000Z', file: 'auth.log', line: 7, text: 'Failed password for invalid user \u001b[2J\nFrom: boss@localhost from 203.0.113.45 ' + 'A'.repeat(3000) }],
  };

  it('attacker text cannot add a header, end the headers, or produce an over-long line', async () => {
    const sink = createMailSink(config({ from: 'tw@localhost' }), ctx());
    sink.onAlert?.(makeAlert(hostile), 'raised');
    await sink.close();
    const raw = messages()[0]!;
    const m = parse(raw);
    expect(m.headers.map(([k]) => k)).toEqual(['From', 'To', 'Subject', 'Date', 'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding', 'Auto-Submitted']);
    expect(m.header('Subject')).toEqual(['[threatwatch] CRITICAL PASSWORD_SPRAY root\\r\\nBcc: victim@localhost\\r\\n\\r\\nforged body']);
    expect(raw).not.toMatch(/^(Bcc|X-Injected|From: boss|MAIL FROM)/im);
    expect(raw).not.toContain('\r');
    expect(raw).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    for (const line of raw.split('\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(998);
    expect(m.body).toContain('Users:      x\\nBcc: victim@localhost, y\\r\\n.\\r\\nMAIL FROM:<a@b>, \\x1b]8;;http://evil.test\\aclick\\x1b]8;;\\a, zzz');
    expect(m.body).toContain('  auth.log:7  Failed password for invalid user \\x1b[2J\\nFrom: boss@localhost from 203.0.113.45 AAA');
    expect(m.body).not.toContain('To block this address');
  });

  it('a non-ASCII subject is RFC 2047 encoded, folded, and decodes to the escaped text', () => {
    const alert = makeAlert({ ip: null, subject: { kind: 'user', value: 'пользователь-管理者-\u202eevil', ip: null } });
    const raw = alertMessage({ ...config({}), maxLineLength: 200 }, alert, 0);
    const subject = parse(raw).header('Subject')[0]!;
    expect(subject).toMatch(/^=\?UTF-8\?B\?/);
    const rawSubject = raw.split('\n\n')[0]!.split('\n').filter((l) => l.startsWith('Subject:') || l.startsWith(' '));
    for (const l of rawSubject) expect(l.length).toBeLessThanOrEqual(76);
    expect(decodeWords(subject)).toBe('[threatwatch] HIGH BRUTE_FORCE пользователь-管理者-\\u202eevil');
    expect(encodeHeaderValue('plain ascii')).toBe('plain ascii');
  });

  it('bad addresses are refused at config time, naming the key only', () => {
    for (const to of ['a@b, c@d', 'x\r\nBcc: y@z', '-oQ/tmp@x', 'a b@c', '"q"@x', '']) {
      expect(() => mailSink.create({ ...mailSink.defaults, to: [to] }, ctx()), JSON.stringify(to)).toThrow(/sinks\.mail\.to\.0: expected a mail address/);
    }
    expect(() => mailSink.create({ ...mailSink.defaults, to: ['root'], from: 'a\nb@c' }, ctx())).toThrow(/sinks\.mail\.from/);
    expect(() => mailSink.create({ ...mailSink.defaults, to: ['root'], subjectPrefix: 'x\r\nBcc: y' }, ctx())).toThrow(/sinks\.mail\.subjectPrefix/);
    expect(mailSink.schema.parse({ to: 'root@localhost' })).toMatchObject({ to: ['root@localhost'] });
    expect(mailSink.schema.parse({ to: ['root', 'ops@mail.example.test'] })).toMatchObject({ to: ['root', 'ops@mail.example.test'] });
  });

  it('wrap keeps words whole where it can and splits longer ones', () => {
    expect(wrap('aa bb cc', 5)).toEqual(['aa bb', 'cc']);
    expect(wrap('abcdefghij k', 4)).toEqual(['abcd', 'efgh', 'ij k']);
  });
});
