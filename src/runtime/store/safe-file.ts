/**
 * EDGE (fs): the two file primitives of the store, each with an async and a sync (exit-path) form.
 *
 * - `writeFileAtomic(path, text)`: creates a temporary file next to `path` with
 *   `O_CREAT|O_EXCL|O_NOFOLLOW` under an unpredictable name (`.<base>.<16 hex>.tmp`, mode 0600,
 *   `fchmod`ed so the umask cannot widen it), writes, `fsync`s, renames it over `path`, then
 *   `fsync`s the directory. A planted symlink at the temporary name makes the create fail instead of
 *   being followed, and `rename` replaces a symlink at `path` rather than writing through it.
 * - `readRegularFile(path)`: opens with `O_NOFOLLOW|O_NONBLOCK` (a symlink fails, a FIFO cannot
 *   hang us), and reads only a regular file; `null` when missing. Errors are `StoreError`s that
 *   never quote the file's content.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StoreError, errnoText } from './store-error.js';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;
const READ_FLAGS = constants.O_RDONLY | NOFOLLOW | (constants.O_NONBLOCK ?? 0);
const DIR_FLAGS = constants.O_RDONLY | (constants.O_DIRECTORY ?? 0);

/** `.alerts.json.0123456789abcdef.tmp` in the same directory. */
export function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
}

/** Matches the temporary names `tempNameFor` gives for `base` (to clean up after a crash). */
export function isTempNameOf(base: string, name: string): boolean {
  return name.startsWith(`.${base}.`) && /^[0-9a-f]{16}\.tmp$/.test(name.slice(base.length + 2));
}

const isEexist = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'EEXIST';

async function createTemp(path: string): Promise<{ tmp: string; fh: FileHandle }> {
  for (let attempt = 0; ; attempt++) {
    const tmp = tempNameFor(path);
    try {
      return { tmp, fh: await open(tmp, CREATE_FLAGS, 0o600) };
    } catch (err) {
      if (!isEexist(err) || attempt >= 4) throw err;
    }
  }
}

function createTempSync(path: string): { tmp: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    const tmp = tempNameFor(path);
    try {
      return { tmp, fd: openSync(tmp, CREATE_FLAGS, 0o600) };
    } catch (err) {
      if (!isEexist(err) || attempt >= 4) throw err;
    }
  }
}

async function fsyncDir(dir: string): Promise<void> {
  let fh: FileHandle | null = null;
  try {
    fh = await open(dir, DIR_FLAGS);
    await fh.sync();
  } catch {
    // Not supported on every platform/file system; the rename itself already happened.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

function fsyncDirSync(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, DIR_FLAGS);
    fsyncSync(fd);
  } catch {
    // as above
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Atomically replaces `path` with `text` (see the file header). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const { tmp, fh } = await createTemp(path);
  try {
    try {
      await fh.chmod(0o600);
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dirname(path));
}

/** Synchronous `writeFileAtomic`, for exit and crash paths. */
export function writeFileAtomicSync(path: string, text: string): void {
  const { tmp, fd } = createTempSync(path);
  try {
    try {
      fchmodSync(fd, 0o600);
      writeFileSync(fd, text, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw err;
  }
  fsyncDirSync(dirname(path));
}

function openError(path: string, what: string, err: unknown): StoreError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') {
    return new StoreError('not-a-file', `${what} ${path} is a symbolic link; refusing to follow it (it could point writes at another file). Remove the link: rm ${path}`);
  }
  if (code === 'EISDIR') return notRegular(path, what, 'a directory');
  return new StoreError('unreadable', `Cannot read ${what.toLowerCase()} ${path}: ${errnoText(err)}. Fix its owner and mode (chmod 600 ${path}) or pick another --data-dir.`);
}

function notRegular(path: string, what: string, kind: string): StoreError {
  return new StoreError('not-a-file', `${what} ${path} is ${kind}, not a regular file: move it away (mv ${path} ${path}.bak) and start again.`);
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  return 'a device or special file';
}

/** `fchmod 0600` a file of ours that group or others can read (an older version made it 0644). */
const wide = (st: Stats): boolean => (st.mode & 0o077) !== 0 && st.uid === process.getuid?.();

/**
 * Reads a regular file without following symlinks; `null` when it does not exist. With `tighten`,
 * a file of ours readable by group or others is made 0600.
 */
export async function readRegularFile(path: string, what = 'Alert store', tighten = false): Promise<{ text: string; st: Stats } | null> {
  let fh: FileHandle;
  try {
    fh = await open(path, READ_FLAGS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw openError(path, what, err);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw notRegular(path, what, kindOf(st));
    if (tighten && wide(st)) await fh.chmod(0o600);
    return { text: await fh.readFile('utf8'), st };
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw openError(path, what, err);
  } finally {
    await fh.close();
  }
}

/** Synchronous `readRegularFile`. */
export function readRegularFileSync(path: string, what = 'Alert store', tighten = false): { text: string; st: Stats } | null {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw openError(path, what, err);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(path, what, kindOf(st));
    if (tighten && wide(st)) fchmodSync(fd, 0o600);
    return { text: readFileSync(fd, 'utf8'), st };
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw openError(path, what, err);
  } finally {
    closeSync(fd);
  }
}
