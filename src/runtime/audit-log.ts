/**
 * EDGE (fs): the audit trail. Every block, unblock, expiry and refusal is appended to
 * `<dataDir>/audit.log` as one JSON line: time, actor (`user@tty`), ip, backend, the argv of each
 * command run, result, message, alert id.
 *
 * The file is opened once with O_APPEND | O_NOFOLLOW | O_CREAT and mode 0600: a symlink planted at
 * its path is refused (never followed), anything but a regular file owned by us is refused, and a
 * file readable by others is narrowed to 0600. Lines are pure ASCII (everything else `\u`-escaped)
 * so `cat audit.log` cannot be turned against a terminal; one `write` per line, in order.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export type AuditAction = 'block' | 'unblock' | 'expire' | 'reconcile';
export type AuditResult = 'ok' | 'failed' | 'refused' | 'dry-run';

export interface AuditEntry {
  /** ISO-8601 wall-clock time. */
  time: string;
  /** `user@tty`, `alice(sudo)@pts/3`, `auto-block`, `guard`, `expiry`. */
  actor: string;
  action: AuditAction;
  /** The target as given when refused, else canonical (`203.0.113.45`, `198.51.100.0/24`). */
  ip: string;
  backend: string;
  /** Each command run (or printed, in a dry run), as its argv. */
  argv: string[][];
  result: AuditResult;
  /** The sentence the analyst saw, or the refusal reason. */
  message: string;
  alertId: string | null;
  /** Duration of a block; null = permanent. */
  seconds?: number | null;
  /** The tool's error text when failed. */
  error?: string;
}

export interface AuditLog {
  readonly path: string;
  /** Appends one line; rejects when the write fails (the caller decides what to tell). */
  append(entry: AuditEntry): Promise<void>;
  close(): Promise<void>;
}

const MAX_FIELD = 2000;

function clip(value: unknown): unknown {
  if (typeof value === 'string') return value.length > MAX_FIELD ? `${value.slice(0, MAX_FIELD)}…` : value;
  if (Array.isArray(value)) return value.map(clip);
  return value;
}

/** One audit line: JSON, ASCII only, ending in a newline. */
export function auditLine(entry: AuditEntry): string {
  const clipped = Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, clip(v)]));
  const json = JSON.stringify(clipped).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${json}\n`;
}

export class AuditLogError extends Error {
  override readonly name = 'AuditLogError';
}

export interface AuditLogOptions {
  /** @default 'audit.log' */
  fileName?: string;
  /** Expected owner. @default process.getuid() */
  uid?: number;
}

export async function openAuditLog(dataDir: string, opts: AuditLogOptions = {}): Promise<AuditLog> {
  const path = join(dataDir, opts.fileName ?? 'audit.log');
  const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  let handle: FileHandle;
  try {
    handle = await open(path, flags, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new AuditLogError(`audit log ${path} is a symbolic link: refusing to follow it (remove it)`);
    throw new AuditLogError(`cannot open audit log ${path}: ${(err as Error).message}`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new AuditLogError(`audit log ${path} is not a regular file (remove it)`);
    const uid = opts.uid ?? process.getuid?.();
    if (uid !== undefined && st.uid !== uid) throw new AuditLogError(`audit log ${path} belongs to uid ${st.uid}, not to this user (${uid})`);
    if ((st.mode & 0o077) !== 0) await handle.chmod(0o600);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err instanceof AuditLogError ? err : new AuditLogError(`cannot use audit log ${path}: ${(err as Error).message}`);
  }

  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  return {
    path,
    append(entry) {
      if (closed) return Promise.reject(new AuditLogError('audit log is closed'));
      const line = Buffer.from(auditLine(entry), 'utf8');
      const next = chain.then(async () => {
        await handle.write(line, 0, line.length);
      });
      chain = next.catch(() => undefined);
      return next;
    },
    async close() {
      if (closed) return;
      closed = true;
      await chain;
      await handle.close();
    },
  };
}

/** `user@tty` for the audit log: `alice@pts/3`, `alice(sudo)@pts/3` under sudo, `root@notty`. */
export function defaultActor(env: Readonly<Record<string, string | undefined>> = process.env, tty?: string | null): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = env.USER ?? env.LOGNAME ?? `uid${process.getuid?.() ?? '?'}`;
  }
  const sudo = env.SUDO_USER;
  const who = sudo !== undefined && sudo !== '' && sudo !== user ? `${sudo}(sudo)` : user;
  let terminal = tty;
  if (terminal === undefined) {
    try {
      const link = readlinkSync('/proc/self/fd/0');
      terminal = link.startsWith('/dev/') ? link.slice(5) : null;
    } catch {
      terminal = null;
    }
  }
  return `${who}@${terminal ?? 'notty'}`.replace(/[^\w.@()/:+-]/g, '?').slice(0, 64);
}
