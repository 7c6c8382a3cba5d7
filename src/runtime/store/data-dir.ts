/**
 * EDGE (fs): checks, and creates if asked, the data directory that holds `alerts.json` and `lock`.
 *
 * - Missing directories are created one level at a time (never `mkdir -p`, which spins forever under
 *   `/proc`), each `chmod`ed to 0700 after creation so the umask cannot widen them.
 * - An existing directory must be a directory, owned by the running user and not writable by group
 *   or others: anyone who can write there can plant a symlink or a forged store for us to read or
 *   overwrite. Each refusal is one `StoreError` line that says why and how to fix it.
 */
import { chmodSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StoreError, errnoText } from './store-error.js';

export interface DataDirStatus {
  /** Absolute path of the directory. */
  readonly dir: string;
  /** False when the directory is missing and `create` was false (read-only open). */
  readonly exists: boolean;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') throw notADirectory(path);
    throw new StoreError('unreadable', `Cannot inspect data directory ${path}: ${errnoText(err)}. Pick another one with --data-dir.`);
  }
}

function notADirectory(dir: string): StoreError {
  return new StoreError(
    'not-a-directory',
    `Data directory ${dir} is not a directory (it, or a folder above it, is a file): pass --data-dir with a directory path, or move the file away.`,
  );
}

/** Creates `dir` and any missing parents, each 0700 whatever the umask; one clear error otherwise. */
function createDirs(dir: string): void {
  const missing: string[] = [];
  for (let p = dir; statOrNull(p) === null; p = dirname(p)) {
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing) {
    try {
      mkdirSync(p, { mode: 0o700 });
      chmodSync(p, 0o700);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue; // created by a concurrent start: checked below like any other
      if (code === 'ENOTDIR') throw notADirectory(dir);
      throw new StoreError('cannot-create', `Cannot create data directory ${dir}: ${errnoText(err)} at ${p}. Pass --data-dir with a location you can write to.`);
    }
  }
}

/** Throws a `StoreError` unless `st` (the data directory) is ours and not writable by others. */
export function checkDirSafety(dir: string, st: Stats, uid: number | undefined = process.getuid?.()): void {
  if (uid !== undefined && st.uid !== uid) {
    throw new StoreError(
      'unsafe-directory',
      `Data directory ${dir} is owned by uid ${st.uid}, not by you (uid ${uid}): its owner could plant or swap the store. ` +
        `Use a directory you own (--data-dir); if this one should be yours: chown ${uid} ${dir} && chmod 700 ${dir}`,
    );
  }
  const mode = st.mode & 0o777;
  if ((mode & 0o022) !== 0) {
    const who = (mode & 0o020) !== 0 && (mode & 0o002) !== 0 ? 'group and others' : (mode & 0o020) !== 0 ? 'its group' : 'others';
    throw new StoreError(
      'unsafe-directory',
      `Data directory ${dir} is writable by ${who} (mode ${mode.toString(8).padStart(4, '0')}): another user could plant a symlink or a forged store there. ` +
        `Fix it with: chmod 700 ${dir}`,
    );
  }
}

/**
 * Resolves `dataDir`, creates it when `create` (0700), and refuses an unsafe or unusable one.
 * With `create: false` a missing directory is reported as `exists: false`, not an error.
 */
export function prepareDataDir(dataDir: string, opts: { create: boolean }): DataDirStatus {
  const dir = resolve(dataDir);
  let st = statOrNull(dir);
  if (st === null) {
    if (!opts.create) return { dir, exists: false };
    createDirs(dir);
    st = statOrNull(dir);
    if (st === null) throw new StoreError('cannot-create', `Cannot create data directory ${dir}. Pass --data-dir with a location you can write to.`);
  }
  if (!st.isDirectory()) throw notADirectory(dir);
  checkDirSafety(dir, st);
  return { dir, exists: true };
}
