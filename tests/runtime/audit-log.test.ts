import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLine, defaultActor, openAuditLog, type AuditEntry } from '../../src/runtime/audit-log.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tw-audit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  time: '2024-05-01T10:00:00.000Z',
  actor: 'alice@pts/3',
  action: 'block',
  ip: '203.0.113.45',
  backend: 'nftables',
  argv: [['nft', 'add element inet threatwatch addr_v4 { 203.0.113.45 timeout 3600s }']],
  result: 'ok',
  message: 'Blocked 203.0.113.45 (nftables, 1h)',
  alertId: 'a1',
  seconds: 3600,
  ...over,
});

describe('openAuditLog', () => {
  it('appends one JSON line per action to <dataDir>/audit.log, mode 0600', async () => {
    const log = await openAuditLog(dir);
    await log.append(entry());
    await log.append(entry({ action: 'unblock', result: 'failed', error: 'Error: Operation not permitted' }));
    await log.close();
    expect(log.path).toBe(join(dir, 'audit.log'));
    expect(statSync(log.path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(log.path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as AuditEntry);
    expect(lines).toEqual([entry(), entry({ action: 'unblock', result: 'failed', error: 'Error: Operation not permitted' })]);
  });

  it('appends after what is there (O_APPEND), also from two writers at once', async () => {
    writeFileSync(join(dir, 'audit.log'), '{"earlier":true}\n', { mode: 0o600 });
    const a = await openAuditLog(dir);
    const b = await openAuditLog(dir);
    await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).append(entry({ alertId: `a${i}` }))));
    await a.close();
    await b.close();
    const lines = readFileSync(join(dir, 'audit.log'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('{"earlier":true}');
    expect(lines).toHaveLength(51);
    expect(new Set(lines.slice(1).map((l) => (JSON.parse(l) as AuditEntry).alertId)).size).toBe(50);
  });

  it('refuses a symlink planted at its path and leaves the target untouched', async () => {
    const target = join(dir, 'precious');
    writeFileSync(target, 'root-only content\n');
    symlinkSync(target, join(dir, 'audit.log'));
    await expect(openAuditLog(dir)).rejects.toThrow(/symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('root-only content\n');
  });

  it('refuses a FIFO or a directory at its path without hanging', async () => {
    execFileSync('mkfifo', [join(dir, 'audit.log')]);
    await expect(openAuditLog(dir)).rejects.toThrow(/not a regular file|cannot open/);
    await expect(openAuditLog(dir, { fileName: '.' })).rejects.toThrow();
  });

  it('narrows a file others can read to 0600, and refuses one owned by someone else', async () => {
    writeFileSync(join(dir, 'audit.log'), '');
    chmodSync(join(dir, 'audit.log'), 0o644);
    await (await openAuditLog(dir)).close();
    expect(statSync(join(dir, 'audit.log')).mode & 0o777).toBe(0o600);
    await expect(openAuditLog(dir, { uid: 12345 })).rejects.toThrow(/belongs to uid/);
  });

  it('rejects an append after close', async () => {
    const log = await openAuditLog(dir);
    await log.close();
    await expect(log.append(entry())).rejects.toThrow(/closed/);
  });
});

describe('auditLine', () => {
  it('is pure ASCII: control, bidi and invisible characters are \\u escapes', () => {
    const line = auditLine(entry({ message: 'evil\u202Etxt.exe \u200B\u001b[31m ok', actor: 'm\u00fcller@pts/1' }));
    expect(line.endsWith('\n')).toBe(true);
    expect(/^[\x20-\x7e]*\n$/.test(line)).toBe(true);
    expect(line).toContain('evil\\u202etxt.exe \\u200b\\u001b[31m ok');
    expect((JSON.parse(line) as AuditEntry).actor).toBe('m\u00fcller@pts/1');
  });

  it('clips overlong fields', () => {
    const line = auditLine(entry({ message: 'x'.repeat(10_000) }));
    expect(line.length).toBeLessThan(3000);
  });
});

describe('defaultActor', () => {
  it('is user@tty, naming the sudo user', () => {
    expect(defaultActor({}, 'pts/3')).toMatch(/^[^@]+@pts\/3$/);
    expect(defaultActor({ SUDO_USER: 'alice' }, 'pts/3')).toMatch(/^alice\(sudo\)@pts\/3$/);
    expect(defaultActor({}, null)).toMatch(/@notty$/);
    expect(defaultActor({ SUDO_USER: 'a b;$(x)' }, 'pts/3')).toBe('a?b??(x)(sudo)@pts/3');
  });
});
