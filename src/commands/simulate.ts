/**
 * `threatwatch-tui simulate`: writes generated auth.log traffic to a file (appending) or stdout.
 *
 * Pacing:
 * - `rate` > 0 (default 20): lines are written in real time, about `rate` lines/s on average (the
 *   traffic varies around it); each line's timestamp is the wall-clock time it is written.
 * - `rate` 0 or `'max'`: as fast as possible, on a synthetic clock anchored so that no line is
 *   ahead of the wall clock: with `duration`, the lines cover the last `duration` seconds; with
 *   only `lines`, the last line is ≈ now; with neither, the last hour is written at full speed,
 *   then the output continues in real time.
 *
 * Stops after `duration` seconds or `lines` lines (whichever first), or when `signal` aborts.
 * Exit codes: 0 done or interrupted (a closed pipe counts as done), 1 output error, 2 bad option.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createTrafficGenerator, type SimFormat, type TrafficGenerator } from '../engine/sim/generator.js';

export interface SimulateOptions {
  /** Output file (appended to); stdout when absent or `-`. */
  out?: string;
  /** Lines per second; 0 or `'max'` = as fast as possible. @default 20 */
  rate?: number | 'max';
  /** Seconds of traffic. */
  duration?: number;
  /** Number of lines. */
  lines?: number;
  /** PRNG seed. @default random */
  seed?: number;
  /** @default 'rfc3164' */
  format?: SimFormat;
}

export interface SimulateIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  signal?: AbortSignal;
  /** Wall clock. @default Date.now */
  now?: () => number;
}

const DEFAULT_RATE = 20;
const TICK_MS = 50;
const BATCH_LINES = 2000;
const BACKFILL_MS = 3600_000;

class Output {
  failed: NodeJS.ErrnoException | null = null;

  constructor(readonly stream: NodeJS.WritableStream) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      this.failed ??= err;
    });
  }

  get broken(): boolean {
    return this.failed !== null;
  }

  /** Writes, then waits for `drain` when the stream asks for it. */
  async write(text: string): Promise<void> {
    if (this.broken || text.length === 0) return;
    if (this.stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
  }
}

function validate(opts: SimulateOptions): string | null {
  const { rate, duration, lines, seed, format } = opts;
  if (rate !== undefined && rate !== 'max' && !(Number.isFinite(rate) && rate >= 0)) return `invalid rate: ${String(rate)} (a number ≥ 0, or max)`;
  if (duration !== undefined && !(Number.isFinite(duration) && duration > 0)) return `invalid duration: ${String(duration)} (seconds > 0)`;
  if (lines !== undefined && !(Number.isInteger(lines) && lines > 0)) return `invalid lines: ${String(lines)} (an integer > 0)`;
  if (seed !== undefined && !Number.isInteger(seed)) return `invalid seed: ${String(seed)} (an integer)`;
  if (format !== undefined && format !== 'rfc3164' && format !== 'rfc3339') return `invalid format: ${String(format)} (rfc3164 or rfc3339)`;
  return null;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function openFile(file: string): Promise<NodeJS.WritableStream> {
  const stream = createWriteStream(file, { flags: 'a' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  return stream;
}

export async function runSimulate(opts: SimulateOptions, io: SimulateIo): Promise<number> {
  const problem = validate(opts);
  if (problem !== null) {
    io.stderr.write(`simulate: ${problem}\n`);
    return 2;
  }
  const now = io.now ?? Date.now;
  const toFile = opts.out !== undefined && opts.out !== '-';
  let stream: NodeJS.WritableStream;
  try {
    stream = toFile ? await openFile(opts.out as string) : io.stdout;
  } catch (err) {
    io.stderr.write(`simulate: cannot write ${opts.out ?? ''}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const out = new Output(stream);
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 32);
  const paceRate = opts.rate === 'max' ? 0 : (opts.rate ?? DEFAULT_RATE);
  const maxLines = opts.lines ?? Infinity;
  const make = (startTime: number): TrafficGenerator =>
    createTrafficGenerator({ seed, startTime, rate: paceRate > 0 ? paceRate : DEFAULT_RATE, ...(opts.format ? { format: opts.format } : {}) });

  let written = 0;
  /** Writes every line up to `until` (and within the line budget); false when output stopped. */
  const writeUntil = async (gen: TrafficGenerator, until: number): Promise<boolean> => {
    while (written < maxLines && gen.peekTime() <= until && !out.broken && !io.signal?.aborted) {
      let chunk = '';
      for (let n = 0; n < BATCH_LINES && written < maxLines && gen.peekTime() <= until; n++, written++) {
        chunk += `${gen.next().text}\n`;
      }
      await out.write(chunk);
    }
    return !out.broken && !io.signal?.aborted && written < maxLines;
  };

  const t0 = now();
  let gen: TrafficGenerator;
  let end: number;
  if (paceRate > 0) {
    gen = make(t0);
    end = opts.duration !== undefined ? t0 + opts.duration * 1000 : Infinity;
  } else if (opts.duration !== undefined) {
    gen = make(t0 - opts.duration * 1000);
    end = t0;
  } else if (opts.lines !== undefined) {
    // Dry run on the same seed: where does line N fall? Start that far back.
    const probe = make(0);
    let last = 0;
    for (let i = 0; i < opts.lines; i++) last = probe.next().time;
    gen = make(t0 - last);
    end = t0;
  } else {
    gen = make(t0 - BACKFILL_MS);
    end = Infinity;
  }

  // Synthetic part (unpaced): everything up to the wall clock at full speed.
  let more = await writeUntil(gen, Math.min(end, t0));
  // Real-time part: follow the wall clock until the end, the line budget or an abort.
  while (more && now() < end) {
    await sleep(TICK_MS, io.signal);
    more = await writeUntil(gen, Math.min(end, now()));
  }
  if (more && end !== Infinity) await writeUntil(gen, end);

  if (toFile) {
    stream.end();
    await finished(stream).catch(() => undefined);
  }
  const err = out.failed;
  if (err !== null && err.code !== 'EPIPE') {
    io.stderr.write(`simulate: write failed: ${err.message}\n`);
    return 1;
  }
  return 0;
}
