/**
 * EDGE (fs, process): one writer per data directory, through `<dataDir>/lock`.
 *
 * - The lock is created whole or not at all: its content (`{pid, startedAt, mode, token,
 *   procStart}`) is written and fsynced to a private temporary file, which is then hard-linked to
 *   `lock` (`link` fails if `lock` exists, like `O_EXCL`). A `kill -9` at any moment leaves either
 *   no lock or a complete one, never an empty one.
 * - A lock whose pid is dead (`process.kill(pid, 0)` → ESRCH), or whose pid now belongs to a process
 *   started at another time (pid reuse, read from `/proc/<pid>/stat` where there is one), is stale.
 *   It is taken over by renaming it aside and checking the renamed file is the same inode we judged
 *   stale; if another process won the race meanwhile, its lock is linked back and we wait or fail.
 * - `release()` removes the lock only while it is still ours (same token).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, constants } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from './store-error.js';
import { readRegularFileSync, tempNameFor } from './safe-file.js';

export type LockMode = 'writer' | 'merge';

export interface LockInfo {
  pid: number;
  /** ISO-8601 wall-clock time the lock was taken. */
  startedAt: string;
  mode: LockMode;
  /** Random, to recognise our own lock. */
  token: string;
  /** Process start time in clock ticks since boot (`/proc/<pid>/stat` field 22), or null. */
  procStart: string | null;
}

export interface StoreLock {
  readonly path: string;
  readonly info: LockInfo;
  /** Removes the lock if it is still ours. Idempotent, synchronous (usable on exit). */
  release(): void;
}

export interface AcquireOptions {
  mode: LockMode;
  /** How long to wait for a live holder, ms. */
  waitMs: number;
  /** When the holder is a `merge` (short-lived), wait at least this long. */
  waitForMergeMs?: number;
  /** Poll interval while waiting, ms. Default 50. */
  pollMs?: number;
}

export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 overall; fields[0] is field 3 (state)
  } catch {
    return null;
  }
}

/** True while `info.pid` is the process that wrote the lock. */
export function isHolderAlive(info: LockInfo): boolean {
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (info.procStart === null) return true;
  const now = processStartTime(info.pid);
  return now === null || now === info.procStart;
}

function parseLock(text: string): LockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || !Number.isSafeInteger(v.pid) || v.pid <= 0 || typeof v.token !== 'string') return null;
    return {
      pid: v.pid,
      startedAt: typeof v.startedAt === 'string' ? v.startedAt : 'an unknown time',
      mode: v.mode === 'merge' ? 'merge' : 'writer',
      token: v.token,
      procStart: typeof v.procStart === 'string' ? v.procStart : null,
    };
  } catch {
    return null;
  }
}

/** Describes the holder for an error message: `pid 4242 (a writer, since 2024-05-01T10:00:00.000Z)`. */
export function describeHolder(info: LockInfo): string {
  const self = info.pid === process.pid ? ', this process' : '';
  return `pid ${info.pid} (${info.mode === 'merge' ? 'a replay --save' : 'a console or watch'}${self}, since ${info.startedAt})`;
}

/** Creates `lock` with our content, atomically; false when it already exists. */
function tryCreate(path: string, info: LockInfo): boolean {
  const tmp = tempNameFor(path);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    writeFileSync(fd, `${JSON.stringify(info)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') return false; // taken, or our temp file cleaned up: look again
    throw err;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // gone already
    }
  }
}

/** Moves a stale lock (inode `ino`) out of the way; false when someone else's lock was there. */
function takeOver(path: string, ino: number): boolean {
  const aside = tempNameFor(`${path}-stale`);
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true; // already removed by another taker
    throw err;
  }
  if (lstatSync(aside).ino === ino) {
    unlinkSync(aside);
    return true;
  }
  // A live lock taken between our look and our rename: put it back, unless a third process was faster.
  try {
    linkSync(aside, path);
  } catch {
    // nothing more we can do without a lock of our own
  }
  unlinkSync(aside);
  return false;
}

type Attempt = { ok: true } | { ok: false; holder: LockInfo };

function attempt(path: string, info: LockInfo): Attempt {
  for (let round = 0; round < 10; round++) {
    if (tryCreate(path, info)) return { ok: true };
    const found = readRegularFileSync(path, 'Lock file');
    if (found === null) continue; // released between our two looks
    const holder = parseLock(found.text);
    if (holder !== null && isHolderAlive(holder)) return { ok: false, holder };
    // Stale: a dead holder, or a lock no version of us could have left half-written.
    takeOver(path, found.st.ino);
  }
  throw new StoreError('locked', `Could not take the lock ${path}: it keeps changing under us. Is another threatwatch-tui starting? Try again.`);
}

function heldMessage(dir: string, holder: LockInfo, mode: LockMode, waitedMs: number): string {
  if (mode === 'merge') {
    return `Data directory ${dir} is in use by threatwatch-tui ${describeHolder(holder)}; waited ${Math.round(waitedMs / 100) / 10} s for it. Stop that process and run replay --save again, or replay without --save.`;
  }
  return `Data directory ${dir} is in use by threatwatch-tui ${describeHolder(holder)}; only one console or watch can write to it. Stop that process, or open this one read-only with --readonly.`;
}

/** Takes `<dir>/lock` (see the file header), waiting up to `waitMs` for a live holder. */
export async function acquireLock(dir: string, opts: AcquireOptions): Promise<StoreLock> {
  const path = join(dir, 'lock');
  const info: LockInfo = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    mode: opts.mode,
    token: randomBytes(12).toString('hex'),
    procStart: processStartTime(process.pid),
  };
  const started = Date.now();
  for (;;) {
    const got = attempt(path, info);
    if (got.ok) break;
    const waited = Date.now() - started;
    const limit = got.holder.mode === 'merge' ? Math.max(opts.waitMs, opts.waitForMergeMs ?? 0) : opts.waitMs;
    if (waited >= limit) throw new StoreError('locked', heldMessage(dir, got.holder, opts.mode, waited));
    await sleep(Math.min(opts.pollMs ?? 50, Math.max(1, limit - waited)));
  }
  let released = false;
  return {
    path,
    info,
    release(): void {
      if (released) return;
      released = true;
      try {
        const found = readRegularFileSync(path, 'Lock file');
        if (found !== null && parseLock(found.text)?.token === info.token) unlinkSync(path);
      } catch {
        // best effort: a lock we cannot read is not removed
      }
    },
  };
}
