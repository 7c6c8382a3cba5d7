/**
 * The one fatal error class of the store: an unusable data directory or store file, or a data
 * directory held by another process. Its message is one line saying what is wrong and how to fix
 * it; it never quotes a store file's content.
 *
 * It extends the CLI's `UsageError` (and keeps its `name`), so `exitCodeFor` maps it to exit 2
 * without the CLI knowing about the store; `reason` lets a front end react (e.g. `locked` →
 * suggest or fall back to `--readonly`).
 */
import { UsageError } from '../../cli/errors.js';

export type StoreErrorReason =
  /** Another process holds the data directory's lock (writer, or merge after its wait). */
  | 'locked'
  /** The data directory is not owned by the running user, or is writable by group/others. */
  | 'unsafe-directory'
  /** The data directory (or a parent) is a file, not a directory. */
  | 'not-a-directory'
  /** The data directory is missing and cannot be created there. */
  | 'cannot-create'
  /** The store file (or lock) is a symbolic link, a directory or another non-regular file. */
  | 'not-a-file'
  /** The store file or lock exists but cannot be read. */
  | 'unreadable'
  /** The data directory cannot be written (lock, store, set-aside files): read-only file system… */
  | 'unwritable';

export class StoreError extends UsageError {
  readonly reason: StoreErrorReason;
  constructor(reason: StoreErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** `EACCES` → `permission denied (EACCES)`: errno text without the path or content node adds. */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file or directory',
    ENOTDIR: 'a path component is not a directory',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EEXIST: 'already exists',
    EISDIR: 'is a directory',
    ELOOP: 'is a symbolic link',
    EIO: 'I/O error',
  };
  if (typeof e?.code === 'string') return `${known[e.code] ?? 'failed'} (${e.code})`;
  return e instanceof Error ? e.message.split('\n')[0] ?? 'failed' : String(err);
}

/** `err` if it is a `StoreError`, else a one-line `StoreError` of `reason`: `<what>: <errno text>. <fix>` */
export function asStoreError(err: unknown, reason: StoreErrorReason, what: string, fix: string): StoreError {
  return err instanceof StoreError ? err : new StoreError(reason, `${what}: ${errnoText(err)}. ${fix}`);
}
