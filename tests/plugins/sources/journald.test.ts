import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalctlArgs, journaldSource, journaldSourceSchema, startJournald, type JournaldSourceConfig } from '../../../src/plugins/sources/journald.js';
import type { SourceHandle } from '../../../src/plugins/sources/source.js';
import { fakeContext, sleep, waitFor, type FakeContext } from './fake-context.js';

const REMOTE = ['/lib/systemd/systemd-journal-remote', '/usr/lib/systemd/systemd-journal-remote'].find((p) => existsSync(p)) ?? null;
const hasJournalctl = spawnSync('journalctl', ['--version']).status === 0;
const canBuild = REMOTE !== null && hasJournalctl;
if (!canBuild) console.warn('skipping the journal file tests: journalctl or systemd-journal-remote is missing (apt-get install systemd-journal-remote)');

const BOOT = '0b5c6a2e9d7f4c1e8a3b2c1d0e9f8a7b';
let seq = 0;

/** One record in journal export format (text fields only). */
function record(fields: Record<string, string>): string {
  seq++;
  const base = { __REALTIME_TIMESTAMP: String(1714547644118532 + seq * 1_000_000), __MONOTONIC_TIMESTAMP: String(86412345678 + seq * 1_000_000), _BOOT_ID: BOOT };
  return `${Object.entries({ ...base, ...fields })
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n\n`;
}

const sshd = (msg: string, extra: Record<string, string> = {}) =>
  record({ _TRANSPORT: 'syslog', _SYSTEMD_UNIT: 'ssh.service', _COMM: 'sshd', _UID: '0', SYSLOG_IDENTIFIER: 'sshd', _HOSTNAME: 'bastion-01', MESSAGE: msg, ...extra });

/** Appends records to a journal file with systemd-journal-remote (creating it the first time). */
function append(journal: string, records: string[]): void {
  const r = spawnSync(REMOTE!, ['-o', journal, '-'], { input: records.join('') });
  if (r.status !== 0) throw new Error(`systemd-journal-remote failed: ${r.stderr.toString()}`);
}

let dir: string;
let journal: string;
let handles: SourceHandle[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tw-journal-'));
  journal = path.join(dir, 'remote.journal');
  handles = [];
});

afterEach(async () => {
  for (const h of handles) await h.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(ctx: FakeContext, config: Partial<JournaldSourceConfig> = {}): SourceHandle {
  const h = startJournald(journaldSourceSchema.parse({ file: journal, ...config }), ctx);
  handles.push(h);
  return h;
}

const messages = (ctx: FakeContext): string[] => ctx.lines.map((l) => (JSON.parse(l.text) as { MESSAGE: string }).MESSAGE);

describe('journald source', () => {
  it('has its defaults in the schema, and builds argv from trusted-field matches', () => {
    expect(journaldSource.defaults).toEqual({
      units: ['ssh.service', 'sshd.service'],
      commands: ['sshd', 'sshd-session', 'sshd-auth'],
      commandsAsRootOnly: true,
      kernel: true,
      file: null,
      directory: null,
      follow: true,
      journalctl: 'journalctl',
    });
    expect(journalctlArgs(journaldSource.defaults, { cursor: 's=1;i=2' })).toEqual([
      '--output=json',
      '--no-pager',
      '--follow',
      '--after-cursor=s=1;i=2',
      '_SYSTEMD_UNIT=ssh.service',
      '_SYSTEMD_UNIT=sshd.service',
      '+',
      '_COMM=sshd',
      '_COMM=sshd-session',
      '_COMM=sshd-auth',
      '_UID=0',
      '+',
      '_TRANSPORT=kernel',
    ]);
    expect(journaldSourceSchema.safeParse({ file: 'a', directory: 'b' }).success).toBe(false);
  });

  it('a missing journalctl is a clear error', async () => {
    const ctx = fakeContext();
    const h = start(ctx, { journalctl: path.join(dir, 'no-such-journalctl') });
    await waitFor(() => h.status.state === 'error', 'error');
    expect(h.status.detail).toMatch(/^journalctl not found/);
    expect(ctx.diagnostics[0]?.message).toMatch(/journalctl not found/);
    // A finite read that cannot happen still ends.
    const once = fakeContext();
    await start(once, { journalctl: path.join(dir, 'no-such-journalctl'), follow: false }).done;
    expect(once.lines).toEqual([]);
  });

  describe.skipIf(!canBuild)('with a journal built by systemd-journal-remote', () => {
    it('reads sshd and kernel records by their trusted fields, one JSON line each, and saves the cursor', async () => {
      append(journal, [
        sshd('Failed password for root from 203.0.113.45 port 52144 ssh2'),
        record({ _TRANSPORT: 'syslog', _COMM: 'sshd-session', _UID: '0', SYSLOG_IDENTIFIER: 'sshd-session', MESSAGE: 'Invalid user admin from 203.0.113.46 port 52145' }),
        record({ _TRANSPORT: 'kernel', SYSLOG_IDENTIFIER: 'kernel', MESSAGE: '[UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.45 DST=192.0.2.10 PROTO=TCP SPT=40222 DPT=22' }),
        record({ _TRANSPORT: 'syslog', _COMM: 'cron', SYSLOG_IDENTIFIER: 'CRON', MESSAGE: 'noise' }),
        // A local user's `logger -t sshd`: it names itself sshd, but its trusted fields say otherwise.
        record({ _TRANSPORT: 'syslog', _COMM: 'logger', _UID: '1000', SYSLOG_IDENTIFIER: 'sshd', MESSAGE: 'Failed password for root from 198.51.100.7 port 1 ssh2' }),
        // A user's own program named sshd, outside the ssh unit.
        record({ _TRANSPORT: 'syslog', _COMM: 'sshd', _UID: '1000', SYSLOG_IDENTIFIER: 'sshd', MESSAGE: 'Failed password for root from 198.51.100.8 port 1 ssh2' }),
      ]);
      const ctx = fakeContext({ position: 'start' });
      const h = start(ctx, { follow: false });
      await h.done;
      expect(messages(ctx)).toEqual([
        'Failed password for root from 203.0.113.45 port 52144 ssh2',
        'Invalid user admin from 203.0.113.46 port 52145',
        '[UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.45 DST=192.0.2.10 PROTO=TCP SPT=40222 DPT=22',
      ]);
      expect(ctx.lines[0]).toMatchObject({ file: `journal ${journal}`, line: 1, via: 'journal' });
      expect(h.status).toMatchObject({ state: 'done' });
      const last = JSON.parse(ctx.lines[2]!.text) as { __CURSOR: string };
      expect(ctx.saved.get(`journal:${journal}`)).toEqual({ cursor: last.__CURSOR });
    });

    it('resumes after the saved cursor, without duplicates', async () => {
      append(journal, [sshd('first'), sshd('second')]);
      const saved = new Map<string, unknown>();
      const one = fakeContext({ position: 'start', saved });
      await start(one, { follow: false }).done;
      expect(messages(one)).toEqual(['first', 'second']);
      append(journal, [sshd('third')]);
      const two = fakeContext({ position: 'auto', saved });
      await start(two, { follow: false }).done;
      expect(messages(two)).toEqual(['third']);
    });

    it('follows new records; end skips what is there', async () => {
      append(journal, [sshd('old')]);
      const all = fakeContext({ position: 'start' });
      const fromEnd = fakeContext({ position: 'end' });
      start(all);
      const h = start(fromEnd);
      await waitFor(() => all.lines.length === 1 && h.status.state === 'tailing', 'existing record');
      await sleep(300);
      append(journal, [sshd('new 1'), record({ _TRANSPORT: 'kernel', MESSAGE: 'new kernel line' })]);
      await waitFor(() => all.lines.length === 3 && fromEnd.lines.length === 2, 'new records', 15_000);
      expect(messages(all)).toEqual(['old', 'new 1', 'new kernel line']);
      expect(messages(fromEnd)).toEqual(['new 1', 'new kernel line']);
      expect(h.status.state).toBe('tailing');
    });

    it('a cursor journalctl refuses: diagnostic, then from the end', async () => {
      append(journal, [sshd('there already')]);
      const ctx = fakeContext({ saved: new Map([[`journal:${journal}`, { cursor: 'not-a-cursor' }]]) });
      const h = start(ctx);
      await waitFor(() => ctx.diagnostics.some((d) => /refused the saved cursor/.test(d.message)), 'diagnostic');
      await waitFor(() => h.status.state === 'tailing', 'tailing again');
      await sleep(300);
      append(journal, [sshd('after')]);
      await waitFor(() => ctx.lines.length === 1, 'new record', 15_000);
      expect(messages(ctx)).toEqual(['after']);
    });
  });
});
