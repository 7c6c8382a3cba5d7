/**
 * The `journald` source: runs `journalctl -o json` (argv, no shell), following (`-f`) by default, for
 * the SSH daemon and the kernel, and hands each JSON record on as one line (`via: 'journal'`) for the
 * journald parser. Its checkpoint is the last record's `__CURSOR`, resumed with `--after-cursor`.
 *
 * - Records are chosen by journald's trusted fields, which a sender cannot set in its message:
 *   `_SYSTEMD_UNIT` (the ssh units), `_COMM` (the sshd executables, from root processes only: any user
 *   can run a program named `sshd`) and `_TRANSPORT=kernel`; a record that only calls itself `sshd`
 *   (`SYSLOG_IDENTIFIER`, `logger -t sshd`) is not read.
 * - `file` / `directory` read a journal file or directory (`--file` / `--directory`) through the same
 *   code path, e.g. a journal built by `systemd-journal-remote`, or one copied from another machine.
 * - Position `auto` resumes after the saved cursor (or starts at the end without one), `start` reads
 *   everything the journal holds, `end` only what comes next.
 * - A missing `journalctl` is an `error` status saying so; its complaints (no permission to read the
 *   system journal…) become diagnostics, and a permission complaint the `denied` status. Without
 *   `follow` the source is finite: `done` resolves when journalctl has written everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import type { RawLine } from '../../engine/model/event.js';
import type { SourceStatus } from '../../engine/model/source-status.js';
import { LineSplitter } from './line-splitter.js';
import type { SourceContext, SourceDefinition, SourceHandle } from './source.js';

export const journaldSourceSchema = z
  .strictObject({
    /** Systemd units whose records are read (`_SYSTEMD_UNIT`). */
    units: z.array(z.string().min(1)).default(['ssh.service', 'sshd.service']),
    /** Executables whose records are read (`_COMM`, as the kernel names the process). */
    commands: z.array(z.string().min(1)).default(['sshd', 'sshd-session', 'sshd-auth']),
    /** Take records by `commands` only from root processes (`_UID=0`): anyone can name a program `sshd`. */
    commandsAsRootOnly: z.boolean().default(true),
    /** Also read kernel records (`_TRANSPORT=kernel`: firewall logs). */
    kernel: z.boolean().default(true),
    /** A journal file to read instead of the system journal (`--file`). */
    file: z.string().min(1).nullable().default(null),
    /** A journal directory to read instead of the system journal (`--directory`). */
    directory: z.string().min(1).nullable().default(null),
    /** Keep reading new records (`-f`); without it the source ends after the last record. */
    follow: z.boolean().default(true),
    /** The journalctl program. */
    journalctl: z.string().min(1).default('journalctl'),
  })
  .refine((c) => c.file === null || c.directory === null, { message: 'give a journal file or a directory, not both' });

export type JournaldSourceConfig = z.infer<typeof journaldSourceSchema>;

export interface JournalCheckpoint {
  cursor: string;
}

const checkpointSchema = z.object({ cursor: z.string().min(1).max(512) });
const CURSOR_RE = /"__CURSOR":"([^"\\]{1,512})"/;
const STDERR_LINES = 20;

/** The `journalctl` matches: unit, command and kernel groups joined by `+` (OR). */
export function journalMatches(config: Pick<JournaldSourceConfig, 'units' | 'commands' | 'commandsAsRootOnly' | 'kernel'>): string[] {
  const groups: string[][] = [];
  if (config.units.length > 0) groups.push(config.units.map((u) => `_SYSTEMD_UNIT=${u}`));
  // Matches on the same field are alternatives, on different fields all required: (_COMM=a OR b) AND _UID=0.
  if (config.commands.length > 0) groups.push([...config.commands.map((c) => `_COMM=${c}`), ...(config.commandsAsRootOnly ? ['_UID=0'] : [])]);
  if (config.kernel) groups.push(['_TRANSPORT=kernel']);
  return groups.flatMap((g, i) => (i === 0 ? g : ['+', ...g]));
}

/** The full argv after the program name. */
export function journalctlArgs(config: JournaldSourceConfig, from: { cursor: string } | 'start' | 'end'): string[] {
  const args = ['--output=json', '--no-pager'];
  if (config.follow) args.push('--follow');
  // journalctl follows a relative --file path badly: always give absolute paths.
  if (config.file !== null) args.push(`--file=${path.resolve(config.file)}`);
  if (config.directory !== null) args.push(`--directory=${path.resolve(config.directory)}`);
  if (typeof from === 'object') args.push(`--after-cursor=${from.cursor}`);
  else if (from === 'start') args.push('--no-tail');
  else args.push('--lines=0');
  args.push(...journalMatches(config));
  return args;
}

export function startJournald(config: JournaldSourceConfig, ctx: SourceContext): SourceHandle {
  const where = config.file ?? config.directory;
  const name = where === null ? 'journal' : `journal ${where}`;
  const key = where === null ? 'journal' : `journal:${path.resolve(where)}`;
  let status: SourceStatus = { name, state: 'waiting', detail: 'starting journalctl' };
  let child: ChildProcess | null = null;
  let closed = false;
  let lineNo = 0;
  let retried = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  function setStatus(state: SourceStatus['state'], detail?: string): void {
    if (state === status.state && detail === status.detail) return;
    status = detail === undefined ? { name, state } : { name, state, detail };
    if (!closed) ctx.status(status);
  }

  function savedCursor(): { cursor: string } | null {
    if (ctx.position !== 'auto') return null;
    const raw = ctx.checkpoint(key);
    if (raw === null || raw === undefined) return null;
    const parsed = checkpointSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    ctx.diagnostic({ kind: 'source', message: `${name}: saved cursor is not usable; starting at the end` });
    return null;
  }

  function run(from: { cursor: string } | 'start' | 'end'): void {
    const splitter = new LineSplitter();
    const stderr: string[] = [];
    let stderrPartial = '';
    let cursor: string | null = null;
    const proc = spawn(config.journalctl, journalctlArgs(config, from), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SYSTEMD_COLORS: '0', SYSTEMD_PAGER: '', SYSTEMD_LESS: '' },
    });
    child = proc;

    const emit = (texts: string[]): void => {
      if (closed) return;
      const batch: RawLine[] = [];
      for (const text of texts) {
        if (text.length === 0) continue;
        const m = CURSOR_RE.exec(text);
        if (m !== null) cursor = m[1]!;
        batch.push({ text, file: name, line: ++lineNo, via: 'journal' });
      }
      if (batch.length === 0) return;
      ctx.emit(batch);
      if (cursor !== null) ctx.saveCheckpoint(key, { cursor } satisfies JournalCheckpoint);
    };

    proc.on('spawn', () => setStatus('tailing', config.follow ? undefined : 'reading'));
    proc.stdout!.on('data', (chunk: Buffer) => emit(splitter.push(chunk)));
    proc.stderr!.on('data', (chunk: Buffer) => {
      const parts = (stderrPartial + chunk.toString('utf8')).split('\n');
      stderrPartial = parts.pop()!.slice(0, 1000);
      for (const p of parts) {
        const text = p.trim().slice(0, 500);
        if (text === '' || stderr.length >= STDERR_LINES) continue;
        stderr.push(text);
        if (!closed) ctx.diagnostic({ kind: 'source', message: `${name}: journalctl: ${text}` });
        if (/insufficient permissions|not seeing messages from other users|Permission denied/i.test(text)) {
          setStatus('denied', `permission denied: ${text} (add the user to the systemd-journal or adm group)`);
        }
      }
    });
    proc.on('error', (err: NodeJS.ErrnoException) => {
      const detail =
        err.code === 'ENOENT'
          ? `journalctl not found (${config.journalctl}): this system has no systemd journal tools; read the log files instead`
          : `cannot run journalctl: ${err.message}`;
      setStatus('error', detail);
      if (!closed) ctx.diagnostic({ kind: 'source', message: `${name}: ${detail}` });
      if (!config.follow) finish(); // a finite read that cannot happen has nothing more to give
    });
    proc.on('close', (code, signal) => {
      child = null;
      if (closed) return;
      const last = splitter.flush();
      if (last !== null) emit([last]);
      if (code !== 0 && typeof from === 'object' && !retried && stderr.some((l) => /cursor/i.test(l))) {
        retried = true;
        ctx.diagnostic({ kind: 'source', message: `${name}: journalctl refused the saved cursor; starting at the end` });
        run('end');
        return;
      }
      if (status.state === 'error') return; // journalctl could not be run at all
      if (code === 0 && !config.follow) {
        setStatus('done', 'journal read');
        finish();
        return;
      }
      const why = code !== null ? `exit code ${code}` : `signal ${signal}`;
      setStatus(status.state === 'denied' ? 'denied' : 'error', `journalctl ended (${why})${stderr.length > 0 ? `: ${stderr.at(-1)}` : ''}`);
      if (!config.follow) finish();
    });
  }

  const cp = savedCursor();
  run(cp ?? (ctx.position === 'start' ? 'start' : 'end'));

  return {
    get status() {
      return status;
    },
    ...(config.follow ? {} : { done }),
    async close() {
      if (closed) return;
      closed = true;
      const proc = child;
      if (proc !== null && proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('close', r));
        proc.kill('SIGTERM');
        await exited;
      }
      finish();
    },
  };
}

export const journaldSource: SourceDefinition<JournaldSourceConfig> = definePlugin({
  kind: 'source',
  id: 'journald',
  configKey: 'journald',
  description: 'Follows the systemd journal (journalctl -o json) for sshd and the kernel; resumes from its cursor.',
  schema: journaldSourceSchema,
  create: (config, ctx) => startJournald(config, ctx),
});
