/**
 * Follows one log path through appends and rotations, losing no line and reading none twice.
 *
 * - Appends: read from the last offset on an open descriptor; a partial last line is held.
 * - Rename-and-create (logrotate `create`) and deletion: the old file keeps its descriptor and is
 *   drained — read whenever it grows — until it has been quiet for `graceMs`, while the new file is
 *   already read from its start. A writer that reopens late (rsyslog waits for logrotate's HUP) still
 *   lands its last lines. Old lines come before new ones within a check.
 * - Copytruncate: noticed by size (below the offset) or by the first bytes changing (the file was
 *   truncated and has grown past the offset since). What was not read yet is taken from the copy
 *   (`path.1`, found by fingerprint, `.gz` too), then the file is read from its start. Inherent window:
 *   lines written between the end of logrotate's copy and its truncation are in neither file and are
 *   lost (logrotate's own caveat); a partial line cut by it is dropped with a diagnostic.
 * - Checkpoint, saved with every batch handed on: the current file's position plus the positions of
 *   files still draining (`rotated`). (Lines read once from a `.gz` or a copy are covered when the
 *   batch after them is saved: a crash in between may read them again.)
 *   Resuming (`resume`): the path itself when its fingerprint matches, else the rotation that has it
 *   (its remainder, then every newer rotation whole, then the path from its start).
 * - Missing file: `waiting`, then read from its start when it appears. Unreadable: `denied`, retried
 *   every check, so it recovers on its own.
 */
import { stat } from 'node:fs/promises';
import type { RawLine } from '../../engine/model/event.js';
import type { SourceState } from '../../engine/model/source-status.js';
import { LineSplitter } from './line-splitter.js';
import { endOf, errorCode, errorText, OpenLog, type Position } from './open-log.js';
import { contentFrom, findFile, hasFingerprint, listRotations, type RotatedFile } from './rotated-files.js';

export interface FileCheckpoint extends Position {
  /** Older files still being drained after a rotation (oldest first). */
  rotated?: Position[];
}

export type FollowStart =
  | { mode: 'start'; history?: readonly RotatedFile[] }
  | { mode: 'end' }
  | { mode: 'resume'; checkpoint: FileCheckpoint };

export interface FollowerHooks {
  lines(lines: RawLine[]): void;
  checkpoint(cp: FileCheckpoint): void;
  state(state: SourceState, detail?: string): void;
  diagnostic(message: string): void;
  now(): number;
}

export interface FollowerOptions {
  /** Absolute path. */
  path: string;
  /** Stamped on every line as `file`. */
  name: string;
  via: NonNullable<RawLine['via']>;
  graceMs: number;
  start: FollowStart;
}

const READ_CHUNK = 256 * 1024;
/** How many of the newest rotations may hold a copytruncate copy. */
const COPY_CANDIDATES = 3;

export class FileFollower {
  private current: OpenLog | null = null;
  private draining: OpenLog[] = [];
  private next: 'start' | 'end' | { offset: number; line: number } = 'start';
  private pending: Position | null = null;
  private started = false;
  private closed = false;
  private running: Promise<void> | null = null;
  private again = false;
  private lastSaved = '';
  private readonly buf = Buffer.allocUnsafe(READ_CHUNK);
  state: SourceState = 'waiting';
  detail: string | undefined = 'opening';

  constructor(
    private readonly opts: FollowerOptions,
    private readonly hooks: FollowerHooks,
  ) {}

  /** Runs a check now, or once more after the running one. */
  schedule(): void {
    if (this.closed) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.check();
        } catch (err) {
          this.fail(err);
        }
      } while (this.again && !this.closed);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when no check is running. */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running.catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.running?.catch(() => undefined);
    const all = [...this.draining, ...(this.current ? [this.current] : [])];
    this.draining = [];
    this.current = null;
    await Promise.all(all.map((f) => f.close()));
  }

  private setState(state: SourceState, detail?: string): void {
    if (this.state === state && this.detail === detail) return;
    this.state = state;
    this.detail = detail;
    if (!this.closed) this.hooks.state(state, detail);
  }

  private fail(err: unknown): void {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') this.setState('waiting', 'waiting for file');
    else if (code === 'EACCES' || code === 'EPERM') this.setState('denied', `permission denied: ${errorText(err)}`);
    else this.setState('error', errorText(err));
  }

  private emit(log: { line: number }, texts: string[]): void {
    if (this.closed || texts.length === 0) return;
    const { name, via } = this.opts;
    const batch: RawLine[] = new Array<RawLine>(texts.length);
    for (let i = 0; i < texts.length; i++) batch[i] = { text: texts[i]!, file: name, line: ++log.line, via };
    this.hooks.lines(batch);
  }

  /** Reads what the file has; the checkpoint follows every batch handed on. */
  private async read(log: OpenLog): Promise<number> {
    return log.readAvailable(
      this.buf,
      (texts) => {
        this.emit(log, texts);
        this.save();
      },
      () => this.closed,
    );
  }

  private async check(): Promise<void> {
    if (!this.started) {
      this.started = true;
      await this.startUp();
    }
    await this.drain();
    await this.follow();
    this.save();
  }

  /** Reads a rotated file once (a `.gz`, or a copy) from `offset`, numbering from `line`; flushes its last line. */
  private async readOnce(file: RotatedFile, offset: number, line: number): Promise<void> {
    const splitter = new LineSplitter();
    const counter = { line };
    for await (const chunk of contentFrom(file, offset)) {
      if (this.closed) return;
      this.emit(counter, splitter.push(chunk));
    }
    const last = splitter.flush();
    if (last !== null) this.emit(counter, [last]);
  }

  /** Continues a rotated file from a position: `.gz` read once, a plain file drained (it may still grow). */
  private async resumeRotated(file: RotatedFile, offset: number, line: number): Promise<void> {
    if (file.gz) {
      await this.readOnce(file, offset, line);
      return;
    }
    const log = await OpenLog.open(file.path, offset, line);
    log.lastDataAt = this.hooks.now();
    this.draining.push(log);
    await this.read(log);
  }

  private async startUp(): Promise<void> {
    const start = this.opts.start;
    if (start.mode === 'end') {
      this.next = 'end';
      return;
    }
    if (start.mode === 'start') {
      for (const f of [...(start.history ?? [])].reverse()) await this.resumeRotated(f, 0, 0);
      this.next = 'start';
      return;
    }
    const cp = start.checkpoint;
    // Until the file is open again, its saved position stays the main one in the checkpoint.
    this.pending = { dev: cp.dev, ino: cp.ino, offset: cp.offset, line: cp.line, fingerprint: cp.fingerprint };
    const path = this.opts.path;
    const st = await stat(path).catch(() => null);
    const here = st !== null && st.isFile() && st.size >= cp.offset && (await hasFingerprint({ path, gz: false }, cp.fingerprint));
    const rotations = await listRotations(path);
    const k = here ? -1 : await findFile(rotations, cp);
    // Files still draining when the checkpoint was taken: older than the main position.
    for (const r of cp.rotated ?? []) {
      const j = await findFile(rotations, r);
      if (j >= 0 && j > k) await this.resumeRotated(rotations[j]!, r.offset, r.line);
    }
    if (here) {
      this.next = { offset: cp.offset, line: cp.line };
      return;
    }
    this.pending = null;
    this.next = 'start';
    if (k < 0) {
      this.hooks.diagnostic(
        `${this.opts.name}: neither the file nor its rotations match the saved position; reading it from the start`,
      );
      return;
    }
    await this.resumeRotated(rotations[k]!, cp.offset, cp.line);
    for (let j = k - 1; j >= 0; j--) await this.resumeRotated(rotations[j]!, 0, 0);
  }

  /** Reads the files that were rotated away until each has been quiet for the grace period. */
  private async drain(): Promise<void> {
    for (const log of [...this.draining]) {
      if (this.closed) return;
      const n = await this.read(log);
      const now = this.hooks.now();
      if (n > 0) log.lastDataAt = now;
      else if (now - log.lastDataAt >= this.opts.graceMs) {
        const last = log.flush();
        if (last !== null) this.emit(log, [last]);
        this.draining.splice(this.draining.indexOf(log), 1);
        this.save();
        await log.close();
      }
    }
  }

  private detach(): void {
    const log = this.current;
    if (log === null) return;
    this.current = null;
    log.lastDataAt = this.hooks.now();
    this.draining.push(log);
  }

  private async follow(): Promise<void> {
    const path = this.opts.path;
    let st;
    try {
      st = await stat(path);
    } catch (err) {
      this.detach();
      this.next = 'start'; // a file that appears later is new: read it from its start
      this.fail(err);
      return;
    }
    if (!st.isFile()) {
      this.detach();
      this.setState('error', 'not a regular file');
      return;
    }
    if (this.current !== null && (st.ino !== this.current.ino || st.dev !== this.current.dev)) {
      this.detach();
      await this.drain(); // the old file's rest before the new file's first lines
    }
    if (this.current === null) {
      const at = this.next === 'end' ? await endOf(path) : this.next === 'start' ? { offset: 0, line: 0 } : this.next;
      const log = await OpenLog.open(path, at.offset, at.line);
      if ((await log.size()) < at.offset) log.restart();
      this.current = log;
      this.pending = null;
      this.next = 'start';
      this.save(); // the start position, before any line: where a later run may re-read from to rebuild windows
    }
    const log = this.current;
    this.setState('tailing');
    if ((await log.size()) < log.offset || !(await log.checkHead())) await this.truncated(log);
    await this.read(log);
  }

  /** Copytruncate: what was not read yet is in the copy (if it can be found); then from the start. */
  private async truncated(log: OpenLog): Promise<void> {
    const rotations = (await listRotations(this.opts.path)).slice(0, COPY_CANDIDATES);
    const fingerprint = log.fingerprint;
    const i = fingerprint.startsWith('0:') ? -1 : await findFile(rotations, { dev: -1, ino: -1, fingerprint }, log);
    if (i >= 0) {
      log.splitter.reset();
      await this.readOnce(rotations[i]!, log.committed, log.line);
    } else if (log.splitter.holding) {
      this.hooks.diagnostic(`${this.opts.name}: truncated while a line was being written; its start was dropped`);
    }
    log.restart();
  }

  private save(): void {
    const logs: Position[] = this.draining.map((l) => l.position());
    if (this.current !== null) logs.push(this.current.position());
    else if (this.pending !== null) logs.push(this.pending);
    if (logs.length === 0 || this.closed) return;
    const main = logs[logs.length - 1]!;
    const rotated = logs.slice(0, -1);
    const cp: FileCheckpoint = rotated.length > 0 ? { ...main, rotated } : main;
    const key = JSON.stringify(cp);
    if (key === this.lastSaved) return;
    this.lastSaved = key;
    this.hooks.checkpoint(cp);
  }
}
