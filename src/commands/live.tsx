/**
 * The default command: the live console, a thin front end over the headless runtime (the same one
 * `watch` runs): the runtime tails the sources, detects, stores and blocks; this file opens it and
 * renders the Ink UI on its state. Refuses to draw when stdout is not a terminal. A closed terminal
 * (EIO/EPIPE on stdout: SSH dropped, window closed) is a hang-up: stop drawing, flush, exit 0.
 */
import v8 from 'node:v8';
import React from 'react';
import { UsageError } from '../cli/errors.js';
import { createConsoleStore } from '../console/create-console-store.js';
import { defaultLiveSources } from '../runtime/default-sources.js';
import { openRuntime, type LiveOptions } from '../runtime/open-runtime.js';

export interface ConsoleOptions extends LiveOptions {
  /** false with --no-color. */
  color?: boolean;
  /** --mouse (true) or --no-mouse (false); unset: the config's `console.mouse`, off by default. */
  mouse?: boolean;
}

function isHangup(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EIO' || code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

export async function runConsole(opts: ConsoleOptions): Promise<number> {
  const env = process.env;
  if (!process.stdout.isTTY || (env.CI && env.CI !== 'false' && env.CI !== '0')) {
    throw new UsageError(
      'the console needs an interactive terminal (stdout is not one, or CI is set).\n' +
        '  To turn a log into alerts headless, use: threatwatch-tui replay FILE (or watch FILE for a live pipe)',
    );
  }
  const named = opts.files.length > 0 || opts.journal === true || (opts.syslog?.length ?? 0) > 0;
  if (opts.demo && named) throw new UsageError('--demo watches its own generated log: leave out the sources, or drop --demo');

  // Memory: V8 lets the heap of a process that allocates fast (20,000 lines/s parsed, ~10 frames/s
  // drawn) grow to several times its live set before a full collection, so RSS climbs for minutes
  // although nothing leaks. The heap growing factor can be changed at run time: 1.5× the live set.
  // Measured with `npm run bench:ui` (30 s at 20,000 lines/s): RSS growth 125 → 51 MiB.
  v8.setFlagsFromString('--heap-growing-percent=50');
  const io = { stdout: process.stdout, stderr: process.stderr, env };
  const fallback = opts.demo || named ? null : await defaultLiveSources(env);
  const files = fallback?.files ?? opts.files;
  const journal = fallback?.journal ?? opts.journal;
  // A log piped in (`journalctl -f -o json | threatwatch-tui -`): keys come from the terminal itself.
  let keys: NodeJS.ReadStream | undefined;
  if (files.includes('-')) {
    const { openSync } = await import('node:fs');
    const tty = await import('node:tty');
    let fd: number;
    try {
      fd = openSync('/dev/tty', 'r');
    } catch {
      throw new UsageError('reading the log from stdin (-) needs a terminal for the keys, and /dev/tty cannot be opened: use threatwatch-tui watch - instead');
    }
    keys = new tty.ReadStream(fd);
  }
  // The console keeps a smaller working set than a replay (50,000 subjects per rule instead of
  // 100,000) so that a flood of spoofed sources fills it within seconds and memory levels off early.
  const { runtime, config } = await openRuntime({ ...opts, files, journal, fromStart: opts.fromStart || opts.demo }, io, { maxTrackedKeys: 50_000 });
  const consoleStore = createConsoleStore({ runtime });

  const { render } = await import('ink');
  const { App } = await import('../components/App.js');
  const noColor = opts.color === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== '');
  const mouse = opts.mouse ?? config.console.mouse;
  let exiting = false;
  let hungUp = false;
  // The store notifies at most ~10 times a second whatever the event rate, so data never draws
  // faster than that; maxFps only bounds how long a key's frame may wait behind the previous one.
  // Ink 6.8's incrementalRendering is left off: in tmux it left the old first line on screen.
  const instance = render(<App store={consoleStore} noColor={noColor} mouse={mouse} />, {
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
    ...(keys !== undefined ? { stdin: keys } : {}),
  });
  const shutdown = (): void => {
    if (exiting) return;
    exiting = true;
    void consoleStore.actions.shutdown().finally(() => {
      try {
        instance.unmount();
      } catch {
        // the terminal may be gone
      }
    });
  };
  // A closed terminal: writes fail with EIO (tty gone) or EPIPE. Stop drawing, save, leave quietly.
  const onStdoutError = (err: unknown): void => {
    if (!isHangup(err)) return;
    hungUp = true;
    runtime.flushSync();
    shutdown();
  };
  process.stdout.on('error', onStdoutError);
  const onUncaught = (err: unknown): void => {
    if (isHangup(err)) return onStdoutError(err);
    runtime.flushSync();
    process.stderr.write(`threatwatch-tui: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', onUncaught);
  process.once('SIGTERM', shutdown);
  // `on`, not `once`: a closed terminal sends SIGHUP twice (the shell passes its own on, the kernel
  // sends another), and with no listener of ours left Ink's signal-exit re-raises the second one,
  // killing the console before its shutdown has saved the last changes.
  process.on('SIGHUP', () => {
    hungUp = true;
    shutdown();
  });
  process.once('SIGINT', shutdown);
  try {
    await runtime.start();
    await instance.waitUntilExit();
  } catch (err) {
    if (!isHangup(err)) throw err;
    hungUp = true;
  } finally {
    await consoleStore.actions.shutdown();
    process.off('uncaughtException', onUncaught);
  }
  return 0;
}
