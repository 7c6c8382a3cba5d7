/**
 * The built-in demo: generated auth.log traffic written, on the wall clock, into a temporary log
 * file, so the console exercises the real tailer and parsers. About two minutes of history is
 * written first so the screen is not empty at start.
 *
 * `demoSource` is the `demo` source: that file followed by the `file` source from its start, lines
 * stamped `file: 'demo'`, `via: 'demo'`, no checkpoint (the file is new every time); closing it stops
 * the writer and removes the file.
 */
import { appendFile, rm } from 'node:fs/promises';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import { createTrafficGenerator, type SimFormat, type TrafficGenerator } from '../../engine/sim/generator.js';
import { fileSourceSchema, startFileSource } from './file.js';
import type { SourceDefinition, SourceHandle } from './source.js';

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
  /** The temporary Zeek conn log the flow records go to (outbound traffic, now and then a spike). */
  flowPath: string;
  /** The temporary log file being written. */
  path: string;
  /** Stops writing and removes the file and its directory. */
  stop(): Promise<void>;
}

const TICK_MS = 100;

/** Lines up to `until`: syslog lines for auth.log, Zeek records for conn.log. */
function takeUntil(gen: TrafficGenerator, until: number): { log: string; flows: string } {
  let log = '';
  let flows = '';
  while (gen.peekTime() <= until) {
    const line = gen.next();
    if (line.kind === 'zeek') flows += `${line.text}\n`;
    else log += `${line.text}\n`;
  }
  return { log, flows };
}

export function startDemo(opts: DemoOptions = {}): DemoHandle {
  const now = opts.now ?? Date.now;
  const dir = mkdtempSync(path.join(tmpdir(), 'threatwatch-demo-'));
  const file = path.join(dir, 'auth.log');
  const flowFile = path.join(dir, 'conn.log');
  const start = now();
  const gen = createTrafficGenerator({
    seed: opts.seed ?? Math.floor(Math.random() * 2 ** 32),
    startTime: start - (opts.historyMs ?? 120_000),
    rate: opts.rate ?? 15,
    format: opts.format ?? 'rfc3339',
    hostName: 'demo-bastion',
    flows: true,
  });
  const first = takeUntil(gen, start);
  writeFileSync(file, first.log);
  writeFileSync(flowFile, first.flows);

  let stopped = false;
  let writing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    const chunk = takeUntil(gen, now());
    if (chunk.log.length === 0 && chunk.flows.length === 0) return;
    writing = writing
      .then(async () => {
        if (stopped) return;
        if (chunk.log.length > 0) await appendFile(file, chunk.log);
        if (chunk.flows.length > 0) await appendFile(flowFile, chunk.flows);
      })
      .catch(() => undefined);
  }, TICK_MS);
  timer.unref();

  return {
    path: file,
    flowPath: flowFile,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await writing;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const demoSourceSchema = z.strictObject({
  /** Mean lines per second. */
  rate: z.number().positive().max(100_000).default(15),
  /** PRNG seed (same seed, same traffic); null for a random one. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).nullable().default(null),
  /** Timestamp style of the generated lines. */
  format: z.enum(['rfc3339', 'rfc3164']).default('rfc3339'),
  /** History written before the demo starts, ms. */
  historyMs: z.number().int().min(0).max(24 * 3600_000).default(120_000),
});

export type DemoSourceConfig = z.infer<typeof demoSourceSchema>;

export const demoSource: SourceDefinition<DemoSourceConfig> = definePlugin({
  kind: 'source',
  id: 'demo',
  configKey: 'demo',
  description: 'Generated SSH and firewall traffic, written to a temporary log file and followed like a real one.',
  schema: demoSourceSchema,
  create(config, ctx): SourceHandle {
    const demo = startDemo({
      rate: config.rate,
      ...(config.seed !== null ? { seed: config.seed } : {}),
      format: config.format,
      historyMs: config.historyMs,
      now: () => ctx.now(),
    });
    const follow = (file: string, name: string, status: boolean) =>
      startFileSource(
        fileSourceSchema.parse({ paths: [file], rotationGraceMs: 0 }),
        {
          ...ctx,
          emit: (lines) => ctx.emit(lines),
          status: (s) => (status ? ctx.status(s) : undefined),
          diagnostic: (d) => ctx.diagnostic(d),
          now: () => ctx.now(),
          position: 'start',
          checkpoint: () => null,
          saveCheckpoint: () => undefined,
        },
        { name, via: 'demo', checkpoints: false },
      );
    const tail = follow(demo.path, 'demo', true);
    // Flow records (a Zeek conn log beside it), so TRAFFIC_SPIKE shows up in the demo too.
    const flows = follow(demo.flowPath, 'demo-flows', false);
    return {
      get status() {
        return tail.status;
      },
      async close() {
        await Promise.all([tail.close(), flows.close()]);
        await demo.stop();
      },
    };
  },
});
