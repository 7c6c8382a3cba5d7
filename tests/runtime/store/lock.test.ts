// One writer per data directory (issue 6, item 5): the lock in `<dataDir>/lock`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError, openStore } from '../../../src/runtime/store/alert-store.js';
import { makeAlert } from '../../helpers/factories.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tw-lock-'));
const lockOf = (dir: string): { pid: number; mode: string; token: string; startedAt: string } => JSON.parse(readFileSync(join(dir, 'lock'), 'utf8'));
const writeLock = (dir: string, lock: object): void => writeFileSync(join(dir, 'lock'), JSON.stringify(lock), { mode: 0o600 });

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

async function rejection(p: Promise<unknown>): Promise<StoreError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  return err as StoreError;
}

describe('store lock', () => {
  it('a writer holds the lock with its pid and start time, and releases it on close', async () => {
    const dir = tmp();
    const store = await openStore(dir, { mode: 'writer' });
    const lock = lockOf(dir);
    expect(lock.pid).toBe(process.pid);
    expect(lock.mode).toBe('writer');
    expect(Date.parse(lock.startedAt)).not.toBeNaN();
    await store.close();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });

  it('refuses a second writer, naming the pid that holds it and suggesting --readonly', async () => {
    const dir = tmp();
    const first = await openStore(dir, { mode: 'writer' });
    const e = await rejection(openStore(dir, { mode: 'writer' }));
    expect(e.reason).toBe('locked');
    expect(e.message).toContain(`in use by threatwatch-tui pid ${process.pid}`);
    expect(e.message).toContain('--readonly');
    expect(e.message).not.toContain('\n');
    first.upsert(makeAlert({ id: 'a1' }));
    await first.close(); // the refused open did not disturb the holder
    expect(JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8')).alerts).toHaveLength(1);
    await (await openStore(dir, { mode: 'writer' })).close();
  });

  it('refuses when the holder is alive even if it is another user\'s process (pid 1)', async () => {
    const dir = tmp();
    writeLock(dir, { pid: 1, token: 't', startedAt: '2024-05-01T10:00:00.000Z', mode: 'writer', procStart: null });
    const e = await rejection(openStore(dir, { mode: 'writer' }));
    expect(e.message).toContain('pid 1 (a console or watch, since 2024-05-01T10:00:00.000Z)');
  });

  it('takes over a stale lock left by a dead process (kill -9)', async () => {
    const dir = tmp();
    const pid = deadPid();
    writeLock(dir, { pid, token: 'old', startedAt: '2024-05-01T10:00:00.000Z', mode: 'writer', procStart: null });
    const store = await openStore(dir, { mode: 'writer' });
    expect(lockOf(dir).pid).toBe(process.pid);
    await store.close();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });

  it.runIf(existsSync('/proc/self/stat'))('takes over a lock whose pid now belongs to another process (pid reuse)', async () => {
    const dir = tmp();
    writeLock(dir, { pid: process.ppid, token: 'old', startedAt: '2024-05-01T10:00:00.000Z', mode: 'writer', procStart: '1' });
    const store = await openStore(dir, { mode: 'writer' });
    expect(lockOf(dir).pid).toBe(process.pid);
    await store.close();
  });

  it.each([
    ['empty', ''],
    ['not JSON', 'garbage'],
    ['without a pid', '{"token":"x"}'],
  ])('takes over an unusable lock file (%s)', async (_name, content) => {
    const dir = tmp();
    writeFileSync(join(dir, 'lock'), content);
    const store = await openStore(dir, { mode: 'writer' });
    expect(lockOf(dir).pid).toBe(process.pid);
    await store.close();
  });

  it('close never removes a lock that is no longer its own', async () => {
    const dir = tmp();
    const store = await openStore(dir, { mode: 'writer' });
    writeLock(dir, { ...lockOf(dir), token: 'someone-else' });
    await store.close();
    expect(lockOf(dir).token).toBe('someone-else');
  });

  it('merge waits for the lock, then fails naming the holder', async () => {
    const dir = tmp();
    const w = await openStore(dir, { mode: 'writer' });
    const started = Date.now();
    const e = await rejection(openStore(dir, { mode: 'merge', lockWaitMs: 300 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(e.reason).toBe('locked');
    expect(e.message).toContain(`pid ${process.pid}`);
    expect(e.message).toContain('waited 0.3 s');
    expect(e.message).toContain('replay --save');
    await w.close();
  });

  it('merge gets the lock when the writer closes within the wait', async () => {
    const dir = tmp();
    const w = await openStore(dir, { mode: 'writer' });
    const merging = openStore(dir, { mode: 'merge', lockWaitMs: 3000 });
    setTimeout(() => void w.close(), 150);
    const m = await merging;
    expect(lockOf(dir)).toMatchObject({ pid: process.pid, mode: 'merge' });
    await m.close();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });

  it('a writer waits for a merge (short-lived) instead of failing', async () => {
    const dir = tmp();
    const m = await openStore(dir, { mode: 'merge' });
    const opening = openStore(dir, { mode: 'writer' });
    setTimeout(() => void m.close(), 150);
    const w = await opening;
    expect(lockOf(dir).mode).toBe('writer');
    await w.close();
  });
});
