/**
 * The built-in demo: generated auth.log traffic written, on the wall clock, into a temporary log
 * file, so the console exercises the real tailer and parsers. About two minutes of history is
 * written first so the screen is not empty at start; tail it with `fromStart: true`.
 */
import { appendFile, rm } from 'node:fs/promises';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTrafficGenerator, type SimFormat, type TrafficGenerator } from '../../engine/sim/generator.js';

export interface DemoOptions {
  /** Mean lines per second (the traffic varies around it, with bursts). @default 15 */
  rate?: number;
  /** PRNG seed; same seed → same traffic. @default random */
  seed?: number;
  /** @default 'rfc3339' */
  format?: SimFormat;
  /** History written before the demo starts, ms. @default 120000 */
  historyMs?: number;
  /** Wall clock. @default Date.now */
  now?: () => number;
}

export interface DemoHandle {
  /** The temporary log file being written. */
  path: string;
  /** Stops writing and removes the file and its directory. */
  stop(): Promise<void>;
}

const TICK_MS = 100;

function takeUntil(gen: TrafficGenerator, until: number): string {
  let out = '';
  while (gen.peekTime() <= until) out += `${gen.next().text}\n`;
  return out;
}

export function startDemo(opts: DemoOptions = {}): DemoHandle {
  const now = opts.now ?? Date.now;
  const dir = mkdtempSync(path.join(tmpdir(), 'threatwatch-demo-'));
  const file = path.join(dir, 'auth.log');
  const start = now();
  const gen = createTrafficGenerator({
    seed: opts.seed ?? Math.floor(Math.random() * 2 ** 32),
    startTime: start - (opts.historyMs ?? 120_000),
    rate: opts.rate ?? 15,
    format: opts.format ?? 'rfc3339',
    hostName: 'demo-bastion',
  });
  writeFileSync(file, takeUntil(gen, start));

  let stopped = false;
  let writing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    const chunk = takeUntil(gen, now());
    if (chunk.length === 0) return;
    writing = writing.then(() => (stopped ? undefined : appendFile(file, chunk))).catch(() => undefined);
  }, TICK_MS);
  timer.unref();

  return {
    path: file,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await writing;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
