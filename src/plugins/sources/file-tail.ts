/**
 * Live tail of one log file (chokidar 5 + a cheap stat timer as a fallback).
 *
 * - Starts at the end of the file (after its last newline, so a line being written is not cut),
 *   or at the start with `fromStart`. Line numbers are real: when starting at the end, the existing
 *   newlines are counted once.
 * - Emits complete lines only, in batches, stamped `file:line`; UTF-8 is decoded across reads.
 * - Reads incrementally from the last offset on an open handle; never re-reads the file.
 * - Rotation (renamed/removed and recreated): the rest of the old file is read, then the new file
 *   from its start. Missing file: state `waiting` until it appears, then read from its start.
 * - Truncation (size below the offset): read again from 0. Permission denied: state `denied`.
 * - Never throws after the call returns; `close()` releases the watcher, the timer and the handle.
 */
import { watch, type FSWatcher } from 'chokidar';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { SourceState, SourceStatus } from '../../engine/model/source-status.js';
import type { RawLine } from '../../engine/model/event.js';
import { LineSplitter } from './line-splitter.js';

export interface TailOptions {
  path: string;
  /** Read the existing content first instead of starting at the end. @default false */
  fromStart?: boolean;
  /** Use stat polling (chokidar `usePolling`) at this interval; also the fallback timer period. */
  pollIntervalMs?: number;
  /** Name stamped on lines and shown in the status (e.g. `demo`). @default the path */
  name?: string;
}

export interface TailHandle {
  close(): Promise<void>;
  readonly status: SourceStatus;
}

const READ_CHUNK = 256 * 1024;
const FALLBACK_INTERVAL_MS = 500;

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Offset just after the last newline before `size`, and how many newlines precede it. */
async function countLines(fh: FileHandle, size: number): Promise<{ offset: number; lines: number }> {
  const buf = Buffer.allocUnsafe(1024 * 1024);
  let pos = 0;
  let lines = 0;
  let afterLast = 0;
  while (pos < size) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
    if (bytesRead === 0) break;
    let i = buf.indexOf(10);
    while (i !== -1 && i < bytesRead) {
      lines++;
      afterLast = pos + i + 1;
      i = buf.indexOf(10, i + 1);
    }
    pos += bytesRead;
  }
  return { offset: afterLast, lines };
}

export function tailFile(
  opts: TailOptions,
  onLines: (lines: RawLine[]) => void,
  onState: (s: SourceStatus) => void,
): TailHandle {
  const file = path.resolve(opts.path);
  const name = opts.name ?? opts.path;
  const splitter = new LineSplitter();
  const buf = Buffer.allocUnsafe(READ_CHUNK);

  let status: SourceStatus = { name, state: 'waiting', detail: 'opening' };
  let fh: FileHandle | null = null;
  let ino = -1;
  let dev = -1;
  let offset = 0;
  let lineNo = 0;
  let firstOpen = true;
  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;

  function setState(state: SourceState, detail?: string): void {
    if (status.state === state && status.detail === detail) return;
    status = detail === undefined ? { name, state } : { name, state, detail };
    if (!closed) onState(status);
  }

  function emit(texts: string[]): void {
    if (texts.length === 0 || closed) return;
    const batch: RawLine[] = texts.map((text) => ({ text, file: name, line: ++lineNo }));
    onLines(batch);
  }

  /** Read from `offset` to the current end of the open file. */
  async function readToEnd(handle: FileHandle): Promise<void> {
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
      if (bytesRead === 0 || closed) return;
      offset += bytesRead;
      emit(splitter.push(buf.subarray(0, bytesRead)));
    }
  }

  /** Finish the current file (rotation or removal): its rest, its last unterminated line. */
  async function finishCurrent(): Promise<void> {
    const handle = fh;
    if (handle === null) return;
    fh = null;
    try {
      await readToEnd(handle);
      const last = splitter.flush();
      if (last !== null) emit([last]);
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  function failState(err: unknown): void {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') setState('waiting', 'waiting for file');
    else if (code === 'EACCES' || code === 'EPERM') setState('denied', `permission denied: ${errorText(err)}`);
    else setState('error', errorText(err));
  }

  async function openFile(): Promise<void> {
    const handle = await open(file, 'r');
    try {
      const st = await handle.stat();
      splitter.reset();
      if (firstOpen && opts.fromStart !== true) {
        const counted = await countLines(handle, st.size);
        offset = counted.offset;
        lineNo = counted.lines;
      } else {
        offset = 0;
        lineNo = 0;
      }
      ino = st.ino;
      dev = st.dev;
      firstOpen = false;
      fh = handle;
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
  }

  async function check(): Promise<void> {
    let st;
    try {
      st = await stat(file);
    } catch (err) {
      await finishCurrent();
      // A file that appears later is new: read it from its start.
      if (errorCode(err) === 'ENOENT') firstOpen = false;
      failState(err);
      return;
    }
    if (!st.isFile()) {
      await finishCurrent();
      setState('error', 'not a regular file');
      return;
    }
    if (fh !== null && (st.ino !== ino || st.dev !== dev)) await finishCurrent();
    if (fh === null) {
      try {
        await openFile();
      } catch (err) {
        failState(err);
        return;
      }
    }
    const handle = fh as FileHandle | null;
    if (handle === null || closed) return;
    setState('tailing');
    const { size } = await handle.stat();
    if (size < offset) {
      offset = 0;
      lineNo = 0;
      splitter.reset();
    }
    await readToEnd(handle);
  }

  function schedule(): void {
    if (closed) return;
    if (running !== null) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await check();
        } catch (err) {
          failState(err);
        }
      } while (again && !closed);
    })().finally(() => {
      running = null;
    });
  }

  const dir = path.dirname(file);
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dir, {
      depth: 0,
      ignoreInitial: true,
      awaitWriteFinish: false,
      atomic: false,
      usePolling: opts.pollIntervalMs !== undefined,
      ...(opts.pollIntervalMs !== undefined ? { interval: opts.pollIntervalMs } : {}),
      ignored: (p: string) => p !== dir && p !== file,
    });
    watcher.on('all', schedule);
    watcher.on('error', schedule);
    // chokidar drops a change whose stats look unchanged (two appends in the same mtime tick);
    // the raw fs.watch events for our file still say something happened.
    const base = path.basename(file);
    watcher.on('raw', (_event, evPath) => {
      if (path.basename(String(evPath)) === base) schedule();
    });
  } catch {
    watcher = null; // the timer below still notices every change
  }
  const timer = setInterval(schedule, opts.pollIntervalMs ?? FALLBACK_INTERVAL_MS);
  timer.unref();
  schedule();

  return {
    get status() {
      return status;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await watcher?.close().catch(() => undefined);
      await running?.catch(() => undefined);
      const handle = fh;
      fh = null;
      await handle?.close().catch(() => undefined);
    },
  };
}
