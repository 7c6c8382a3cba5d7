/**
 * One-shot line reader for replay and parse: reads a file (or `-` for stdin) in large chunks,
 * transparently gunzips `.gz` (detected by magic bytes, so a rotated file named without `.gz` works
 * too), splits and decodes lines with `LineSplitter` (UTF-8 with replacement characters, lines over
 * 64 KiB cut), and yields batches of `RawLine` stamped with file:line.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { RawLine } from '../../engine/model/event.js';
import { LineSplitter } from './line-splitter.js';

export class InputError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export interface InputInfo {
  path: string;
  /** Display name stamped on each line (the path as given). */
  name: string;
  /** Size in bytes on disk, or null for stdin. */
  size: number | null;
  gzip: boolean;
  /** Stdin or a pipe (`<(tail -f log)`): lines may trickle in, so they are handed on when it goes quiet. */
  pipe: boolean;
}

/** Checks that `path` is a readable regular file (or `-`), with a clear error if not. */
export async function inspectInput(path: string): Promise<InputInfo> {
  if (path === '-') return { path, name: '-', size: null, gzip: false, pipe: true };
  let stat;
  try {
    stat = await fsp.stat(path);
  } catch (err) {
    throw new InputError(describeFsError(err, path), path);
  }
  if (stat.isDirectory()) throw new InputError(`${path}: is a directory, not a log file`, path);
  // A pipe (`replay <(journalctl …)`) cannot be sniffed without eating its first bytes: read as
  // text (zcat a compressed stream into it).
  if (!stat.isFile()) return { path, name: path, size: null, gzip: false, pipe: true };
  let handle;
  try {
    handle = await fsp.open(path, 'r');
  } catch (err) {
    throw new InputError(describeFsError(err, path), path);
  }
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    const gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
    return { path, name: path, size: stat.size, gzip, pipe: false };
  } finally {
    await handle.close();
  }
}

export function describeFsError(err: unknown, path: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `${path}: no such file`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied (try sudo, or add your user to the adm group)`;
    case 'EISDIR':
      return `${path}: is a directory, not a log file`;
    default:
      return `${path}: cannot read (${(err as Error)?.message ?? String(err)})`;
  }
}

export interface ReadOptions {
  /** Lines per yielded batch (a batch may hold up to one 64 KiB piece more). @default 1024 */
  batchSize?: number;
  /** Called with the number of compressed/raw bytes consumed so far (for progress bars). */
  onBytes?: (bytesRead: number) => void;
  signal?: AbortSignal;
}

/**
 * Chunks are read 1 MiB at a time (few stream round trips) but split into lines 64 KiB at a time,
 * each piece ending on a newline, and handed on in batches of about `batchSize` lines: the lines
 * waiting in a batch are what every young-generation GC has to copy, so the batch stays small.
 */
const PIECE_BYTES = 1 << 16;
const LF = 10;

/** How long a pipe may stay quiet before the lines read from it are handed on. */
const PIPE_QUIET_MS = 100;

/** True when `p` is still pending after `ms` (false as soon as it settles, either way). */
function quietFor(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    const settled = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    p.then(settled, settled);
  });
}

/** Yields batches of lines from one input. */
export async function* readLineBatches(info: InputInfo, opts: ReadOptions = {}): AsyncGenerator<RawLine[]> {
  const batchSize = opts.batchSize ?? 1024;
  const raw: Readable =
    info.path === '-' ? process.stdin : createReadStream(info.path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  if (opts.onBytes) {
    const onBytes = opts.onBytes;
    raw.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      onBytes(bytes);
    });
  }
  const stream: Readable = info.gzip ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  if (info.gzip) raw.on('error', (err) => stream.destroy(err));
  const splitter = new LineSplitter();
  const name = info.name;
  let lineNo = 0;
  let batch: RawLine[] = [];
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    for (;;) {
      const next = chunks.next();
      // A pipe that goes quiet with lines read: they are handed on before waiting for more, so a
      // slow pipe's lines (`tail -f log | threatwatch-tui replay -`) are detected as they arrive,
      // not when 1,024 have piled up. A pipe that keeps up (a flood) still fills whole batches.
      if (info.pipe && batch.length > 0 && (await quietFor(next, PIPE_QUIET_MS))) {
        yield batch;
        batch = [];
      }
      const step = await next;
      if (step.done === true) break;
      if (opts.signal?.aborted) return;
      const buf = step.value;
      let start = 0;
      while (start < buf.length) {
        let end = buf.length;
        if (end - start > PIECE_BYTES) {
          const nl = buf.indexOf(LF, start + PIECE_BYTES);
          if (nl !== -1) end = nl + 1;
        }
        for (const text of splitter.push(start === 0 && end === buf.length ? buf : buf.subarray(start, end))) {
          batch.push({ text, file: name, line: ++lineNo });
        }
        start = end;
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    const tail = splitter.flush();
    if (tail !== null) batch.push({ text: tail, file: name, line: ++lineNo });
    if (batch.length > 0) yield batch;
  } catch (err) {
    throw new InputError(describeStreamError(err, info), info.path);
  } finally {
    if (info.path !== '-') raw.destroy();
  }
}

function describeStreamError(err: unknown, info: InputInfo): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
    return `${info.name}: corrupt or truncated gzip data (${(err as Error).message})`;
  }
  return describeFsError(err, info.name);
}
