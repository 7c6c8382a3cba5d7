/**
 * The default command: the live console. Tails files in-process (or the built-in demo's generated
 * log, through the same tailer), runs the engine, persists alerts and blocks, and renders the Ink
 * UI. Refuses to draw when stdout is not a terminal.
 */
import { constants, promises as fsp } from 'node:fs';
import v8 from 'node:v8';
import React from 'react';
import { UsageError } from '../cli/errors.js';
import { createConsoleStore } from '../console/create-console-store.js';
import { createEngine } from '../engine/engine.js';
import { createBlockGuard } from '../runtime/block-guard.js';
import { createSimulatedResponder } from '../plugins/responders/simulate.js';
import { defaultDataDir, openAlertStore } from '../runtime/store/alert-store.js';
import { startDemo } from '../plugins/sources/demo.js';
import { tailFile, type TailHandle } from '../plugins/sources/file-tail.js';
import { prepareDetection, type DetectionOptions } from './prepare-detection.js';

export interface ConsoleOptions extends DetectionOptions {
  files: string[];
  demo?: boolean;
  fromStart?: boolean;
  dataDir?: string;
  /** false with --no-color. */
  color?: boolean;
}

const DEFAULT_LOGS = ['/var/log/auth.log', '/var/log/secure'];

async function readable(path: string): Promise<'ok' | 'missing' | 'denied'> {
  try {
    await fsp.access(path, constants.R_OK);
    return 'ok';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'denied';
  }
}

async function defaultSources(): Promise<string[]> {
  const found: string[] = [];
  const denied: string[] = [];
  for (const p of DEFAULT_LOGS) {
    const r = await readable(p);
    if (r === 'ok') found.push(p);
    else if (r === 'denied') denied.push(p);
  }
  if (found.length > 0) return found;
  const why =
    denied.length > 0
      ? `${denied.join(' and ')} exist${denied.length === 1 ? 's' : ''} but you may not read ${denied.length === 1 ? 'it' : 'them'} (permission denied): run with sudo, or add your user to the adm group (Debian/Ubuntu) or wheel (RHEL).`
      : `neither ${DEFAULT_LOGS.join(' nor ')} exists on this machine (journald-only systems: pipe \`journalctl -o json -f\` into a file).`;
  throw new UsageError(
    `no log to watch: ${why}\n` +
      `  Watch a file:           threatwatch-tui /path/to/auth.log\n` +
      `  Try the built-in demo: threatwatch-tui --demo`,
  );
}

export async function runConsole(opts: ConsoleOptions): Promise<number> {
  const env = process.env;
  if (!process.stdout.isTTY || (env.CI && env.CI !== 'false' && env.CI !== '0')) {
    throw new UsageError(
      'the console needs an interactive terminal (stdout is not one, or CI is set).\n' +
        '  To turn a log into alerts headless, use: threatwatch-tui replay FILE',
    );
  }
  if (opts.demo && opts.files.length > 0) throw new UsageError('--demo watches its own generated log: leave out the files, or drop --demo');

  // Memory: V8 lets the heap of a process that allocates fast (20,000 lines/s parsed, ~10 frames/s
  // drawn) grow to several times its live set before a full collection, so RSS climbs for minutes
  // although nothing leaks. `--max-old-space-size` cannot be changed once Node runs, but the heap
  // growing factor can: 1.5× the live set. Measured with `npm run bench:ui` (30 s at 20,000 lines/s):
  // RSS growth 125 → 51 MiB (the rest is the engine's tracked IPs filling their cap), CPU 22 → 25 %.
  v8.setFlagsFromString('--heap-growing-percent=50');
  const io = { stdout: process.stdout, stderr: process.stderr, env };
  const files = opts.demo ? [] : opts.files.length > 0 ? opts.files : await defaultSources();
  const det = await prepareDetection(opts, io, Date.now());
  const dataDir = opts.dataDir ?? det.config.dataDir ?? defaultDataDir(env);
  const store = await openAlertStore(dataDir, { maxAlerts: det.config.store.maxAlerts });
  // The console keeps a smaller working set than a replay (50,000 source IPs in the detection
  // window instead of 100,000) so that a flood of spoofed sources fills it within seconds and memory
  // levels off early; the least recently seen IPs are dropped first.
  const engine = createEngine({ parse: det.parse, config: det.config, intel: det.intel, initialAlerts: store.alerts, maxTrackedIps: 50_000 });
  const responder = createSimulatedResponder({
    restore: store.blocks.map((b) => ({ ip: b.ip, since: Date.parse(b.at), until: b.until === null ? null : Date.parse(b.until) })),
  });
  const guard = createBlockGuard({ allowlist: det.config.allowlist, env });

  const demo = opts.demo ? await startDemo({}) : null;
  const paths = demo ? [demo.path] : files;
  const tails: TailHandle[] = [];
  const consoleStore = createConsoleStore({
    engine,
    store,
    responder,
    guard,
    durationSeconds: det.config.responder.durationSeconds,
    blocks: store.blocks,
    warnings: [...store.warnings, ...det.warnings],
    stopSources: async () => {
      await Promise.all(tails.map((t) => t.close()));
      await demo?.stop();
    },
  });
  for (const path of paths) {
    tails.push(
      tailFile(
        demo ? { path, fromStart: true, name: 'demo' } : { path, fromStart: opts.fromStart },
        (lines) => engine.ingest(lines),
        (s) => consoleStore.setSource(s),
      ),
    );
  }

  const { render } = await import('ink');
  const { App } = await import('../components/App.js');
  const noColor = opts.color === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== '');
  let exiting = false;
  // The store notifies at most ~10 times a second whatever the event rate, so data never draws
  // faster than that; maxFps only bounds how long a key's frame may wait behind the previous one
  // (ink throttles frames, leading edge first): ≤ 17 ms at 60 instead of ≤ 67 ms at 15. Ink 6.8's
  // incrementalRendering is left off: in tmux it left the old first line on screen and shifted the
  // frame down by one line.
  const instance = render(<App store={consoleStore} noColor={noColor} />, {
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
  });
  const onSignal = () => {
    if (exiting) return;
    exiting = true;
    void consoleStore.actions.shutdown().finally(() => instance.unmount());
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.once('SIGINT', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    await consoleStore.actions.shutdown();
  }
  return 0;
}
