/**
 * The `file` source: follows log files (literal paths and file-name globs) through appends and
 * rotations (see `file-follower.ts`), with a checkpoint per followed path so a restart resumes after
 * the last processed line.
 *
 * - Position `auto` resumes from the checkpoint (or starts at the end without one); `start` reads
 *   from the beginning (for a glob, the matched rotations first, oldest first); `end` skips what is
 *   there.
 * - A glob's rotated matches (`auth.log.1`, `auth.log.2.gz` under `auth.log*`) belong to the live
 *   file they rotate from and are never followed on their own (their lines were read as the live
 *   file's). A `.gz` that rotates from nothing matched is read once at start (not with `end`, nor
 *   when its checkpoint says it was read), never tailed. A new live match that appears later is
 *   followed from its start.
 * - One status for all files: the common state, or the worst one with the file it concerns.
 */
import { watch, type FSWatcher } from 'chokidar';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import type { RawLine } from '../../engine/model/event.js';
import type { SourceState, SourceStatus } from '../../engine/model/source-status.js';
import { FileFollower, type FileCheckpoint, type FollowStart } from './file-follower.js';
import { globProblem, globToRegExp, hasGlob } from './file-glob.js';
import { LineSplitter } from './line-splitter.js';
import { contentFrom, fingerprintOf, FINGERPRINT_BYTES, hasFingerprint, listRotations, rotationBase, type RotatedFile } from './rotated-files.js';
import type { SourceContext, SourceDefinition, SourceHandle } from './source.js';

export const fileSourceSchema = z.strictObject({
  /** Files to follow; wildcards (`*`, `?`, `[...]`) in the file name. */
  paths: z
    .array(z.string().min(1))
    .min(1)
    .superRefine((paths, ctx) => {
      for (const p of paths) {
        const problem = globProblem(p);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
      }
    })
    .default(['/var/log/auth.log']),
  /** How long a rotated-away file is still read after its last growth, ms. */
  rotationGraceMs: z.number().int().min(0).max(600_000).default(5000),
  /** How often every file is checked besides change notifications, ms. */
  pollIntervalMs: z.number().int().min(10).max(60_000).default(250),
  /** Poll with stat instead of change notifications (network file systems). */
  usePolling: z.boolean().default(false),
});

export type FileSourceConfig = z.infer<typeof fileSourceSchema>;

const positionSchema = z.object({
  dev: z.number(),
  ino: z.number(),
  offset: z.number().int().min(0),
  line: z.number().int().min(0),
  fingerprint: z.string(),
});
export const fileCheckpointSchema = positionSchema.extend({ rotated: z.array(positionSchema).optional() });

export interface FileSourceOptions {
  /** Display name stamped on lines and in the status instead of the path (single path). */
  name?: string;
  via?: NonNullable<RawLine['via']>;
  /** Read and save checkpoints. @default true */
  checkpoints?: boolean;
}

interface Entry {
  given: string;
  dir: string;
  /** File-name pattern, or null for a literal path. */
  pattern: RegExp | null;
}

const RESCAN_MS = 2000;
const STATE_RANK: Record<SourceState, number> = { error: 4, denied: 3, waiting: 2, tailing: 1, done: 0 };

export function startFileSource(config: FileSourceConfig, ctx: SourceContext, opts: FileSourceOptions = {}): SourceHandle {
  const via = opts.via ?? 'file';
  const useCheckpoints = opts.checkpoints !== false;
  const name = opts.name ?? config.paths.join(', ');
  const followers = new Map<string, { follower: FileFollower; base: string; label: string }>();
  const onceDone = new Set<string>();
  const entries: Entry[] = config.paths.map((given) => {
    const abs = path.resolve(given);
    return hasGlob(path.basename(abs))
      ? { given, dir: path.dirname(abs), pattern: globToRegExp(path.basename(abs)) }
      : { given, dir: path.dirname(abs), pattern: null };
  });
  let status: SourceStatus = { name, state: 'waiting', detail: 'opening' };
  let closed = false;
  let emptyPatterns = 0;

  function publish(): void {
    const states = [...followers.values()].map(({ follower, label }) => ({ state: follower.state, detail: follower.detail, label }));
    for (let i = 0; i < emptyPatterns; i++) states.push({ state: 'waiting', detail: 'waiting for file', label: '' });
    let next: SourceStatus;
    if (states.length === 0) next = { name, state: 'waiting', detail: 'waiting for file' };
    else if (states.every((s) => s.state === states[0]!.state)) {
      const detail = states.length === 1 ? states[0]!.detail : states[0]!.state === 'tailing' ? `${states.length} files` : states[0]!.detail;
      next = detail === undefined ? { name, state: states[0]!.state } : { name, state: states[0]!.state, detail };
    } else {
      const worst = states.reduce((a, b) => (STATE_RANK[b.state] > STATE_RANK[a.state] ? b : a));
      const count = states.filter((s) => s.state === worst.state).length;
      const state: SourceState = worst.state === 'waiting' ? 'tailing' : worst.state;
      next = { name, state, detail: `${count} of ${states.length} files ${worst.detail ?? worst.state}${worst.label ? `: ${worst.label}` : ''}` };
    }
    if (next.state === status.state && next.detail === status.detail) return;
    status = next;
    if (!closed) ctx.status(status);
  }

  function savedCheckpoint(key: string): FileCheckpoint | null {
    if (!useCheckpoints) return null;
    const raw = ctx.checkpoint(key);
    if (raw === null || raw === undefined) return null;
    const parsed = fileCheckpointSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    ctx.diagnostic({ kind: 'source', message: `${key}: saved position is not usable; starting at the end`, file: key });
    return null;
  }

  function startOf(abs: string, history: RotatedFile[], initial: boolean): FollowStart {
    if (!initial) return { mode: 'start' };
    if (ctx.position === 'start') return { mode: 'start', history };
    if (ctx.position === 'end') return { mode: 'end' };
    const cp = savedCheckpoint(abs);
    return cp === null ? { mode: 'end' } : { mode: 'resume', checkpoint: cp };
  }

  function follow(abs: string, label: string, start: FollowStart): void {
    if (followers.has(abs) || closed) return;
    const follower = new FileFollower(
      { path: abs, name: opts.name ?? label, via, graceMs: config.rotationGraceMs, start },
      {
        lines: (lines) => {
          if (!closed) ctx.emit(lines);
        },
        checkpoint: (cp) => {
          if (useCheckpoints && !closed) ctx.saveCheckpoint(abs, cp);
        },
        state: () => publish(),
        diagnostic: (message) => ctx.diagnostic({ kind: 'source', message, file: label }),
        now: () => ctx.now(),
      },
    );
    followers.set(abs, { follower, base: path.basename(abs), label });
    follower.schedule();
  }

  /** A `.gz` matched on its own: read once from its start, remembered by its checkpoint. */
  async function readGzOnce(abs: string): Promise<void> {
    if (onceDone.has(abs)) return;
    onceDone.add(abs);
    const file: RotatedFile = { path: abs, gz: true };
    const cp = savedCheckpoint(abs);
    if (cp !== null && (await hasFingerprint(file, cp.fingerprint))) return;
    const splitter = new LineSplitter();
    const counter = { line: 0, offset: 0 };
    const push = (texts: string[]): void => {
      if (closed || texts.length === 0) return;
      ctx.emit(texts.map((text) => ({ text, file: abs, line: ++counter.line, via })));
    };
    try {
      let head = Buffer.alloc(0);
      for await (const chunk of contentFrom(file, 0)) {
        if (closed) return;
        if (head.length < FINGERPRINT_BYTES) head = Buffer.concat([head, chunk.subarray(0, FINGERPRINT_BYTES - head.length)]);
        counter.offset += chunk.length;
        push(splitter.push(chunk));
      }
      const last = splitter.flush();
      if (last !== null) push([last]);
      if (useCheckpoints && !closed) {
        ctx.saveCheckpoint(abs, { dev: 0, ino: 0, offset: counter.offset, line: counter.line, fingerprint: fingerprintOf(head) });
      }
    } catch (err) {
      ctx.diagnostic({ kind: 'source', message: `${abs}: cannot read compressed file (${(err as Error).message})`, file: abs });
    }
  }

  let scanning: Promise<void> | null = null;
  async function scan(initial: boolean): Promise<void> {
    let empty = 0;
    for (const entry of entries) {
      if (entry.pattern === null) {
        const abs = path.resolve(entry.given);
        follow(abs, opts.name ?? entry.given, startOf(abs, [], initial));
        continue;
      }
      const re = entry.pattern;
      const names = await readdir(entry.dir).catch(() => [] as string[]);
      const live = new Map<string, RotatedFile[]>();
      const gzOnce: string[] = [];
      for (const n of names.filter((x) => re.test(x)).sort()) {
        const base = rotationBase(n);
        if (base !== null && re.test(base)) {
          const hist = live.get(base) ?? [];
          hist.push({ path: path.join(entry.dir, n), gz: n.endsWith('.gz') });
          live.set(base, hist);
        } else if (n.endsWith('.gz')) gzOnce.push(n);
        else if (!live.has(n)) live.set(n, []);
      }
      if (live.size === 0 && gzOnce.length === 0) empty++;
      if (initial && ctx.position !== 'end') for (const n of gzOnce) await readGzOnce(path.join(entry.dir, n));
      for (const [base, hist] of live) {
        const abs = path.join(entry.dir, base);
        if (followers.has(abs)) continue;
        const ordered = (await listRotations(abs)).filter((r) => hist.some((h) => h.path === r.path));
        follow(abs, abs, startOf(abs, ordered, initial));
      }
    }
    emptyPatterns = empty;
    publish();
  }

  function rescan(initial = false): void {
    if (closed || scanning !== null) return;
    scanning = scan(initial)
      .catch((err: unknown) => ctx.diagnostic({ kind: 'source', message: `${name}: ${(err as Error).message}` }))
      .finally(() => {
        scanning = null;
      });
  }

  const dirs = [...new Set(entries.map((e) => e.dir))];
  const interesting = (file: string): boolean => {
    const b = path.basename(file);
    for (const { base } of followers.values()) if (b.startsWith(base)) return true;
    return entries.some((e) => e.pattern !== null && e.pattern.test(b));
  };
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dirs, {
      depth: 0,
      ignoreInitial: true,
      atomic: false,
      usePolling: config.usePolling,
      interval: config.pollIntervalMs,
      ignored: (p: string) => !dirs.includes(p) && !interesting(p),
    });
    // chokidar drops a change whose stats look unchanged (two appends in the same mtime tick); the
    // raw notifications still say something happened.
    watcher.on('raw', (_event, evPath) => {
      const b = path.basename(String(evPath));
      for (const { follower, base } of followers.values()) if (b.startsWith(base)) follower.schedule();
      if (entries.some((e) => e.pattern !== null && e.pattern.test(b))) rescan();
    });
    watcher.on('all', (_event, p) => {
      if (interesting(p)) for (const { follower } of followers.values()) follower.schedule();
    });
    watcher.on('error', () => undefined); // the timer below still notices every change
  } catch {
    watcher = null;
  }
  let ticks = 0;
  const timer = setInterval(() => {
    for (const { follower } of followers.values()) follower.schedule();
    if (++ticks * config.pollIntervalMs >= RESCAN_MS) {
      ticks = 0;
      if (entries.some((e) => e.pattern !== null)) rescan();
    }
  }, config.pollIntervalMs);
  timer.unref();
  rescan(true);

  return {
    get status() {
      return status;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await watcher?.close().catch(() => undefined);
      await scanning;
      await Promise.all([...followers.values()].map(({ follower }) => follower.close()));
    },
  };
}

export const fileSource: SourceDefinition<FileSourceConfig> = definePlugin({
  kind: 'source',
  id: 'file',
  configKey: 'file',
  description: 'Follows log files (globs too) through appends and rotations; resumes after the last processed line.',
  schema: fileSourceSchema,
  create: (config, ctx) => startFileSource(config, ctx),
});
