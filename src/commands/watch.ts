/**
 * `threatwatch-tui watch [SOURCES...]`: the live pipeline with no UI, for a systemd service or a
 * pipe. The same runtime as the console (sources, checkpoints, store, intel, config, data
 * directory); stdout gets NDJSON (`--emit alerts`: a line when an alert is raised, while it grows at
 * most once a second, and when it closes; `--emit events`: every parsed event, the fields of
 * `parse`), stderr the diagnostics. SIGTERM and SIGINT flush and exit 0. Never loads Ink.
 */
import { UsageError } from '../cli/errors.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { defaultLiveSources } from '../runtime/default-sources.js';
import { openRuntime, type LiveOptions } from '../runtime/open-runtime.js';
import type { Io } from './io.js';

export interface WatchOptions extends LiveOptions {
  emit?: 'alerts' | 'events';
}

export async function runWatch(opts: WatchOptions, io: Io, signals: { onStop(stop: () => void): void }): Promise<number> {
  const named = opts.files.length > 0 || opts.journal === true || (opts.syslog?.length ?? 0) > 0;
  if (opts.demo && named) throw new UsageError('--demo watches its own generated log: leave out the sources, or drop --demo');
  const fallback = opts.demo || named ? null : await defaultLiveSources(io.env);
  const files = fallback?.files ?? opts.files;
  const journal = fallback?.journal ?? opts.journal;
  const emit = opts.emit ?? 'alerts';
  const { runtime, store, demoDataDir, dataDir } = await openRuntime({ ...opts, files, journal }, io, {
    maxTrackedKeys: 100_000,
    sinks: [{ plugin: emit === 'events' ? 'ndjson-events' : 'ndjson-alerts' }],
  });
  runtime.diagnostics.onDiagnostic((d) => {
    const where = d.file ? ` (${terminalSafe(d.file)}${d.line ? `:${d.line}` : ''})` : '';
    io.stderr.write(`watch: ${d.level ?? 'warning'}: ${terminalSafe(d.message)}${where}\n`);
  });
  for (const d of runtime.diagnostics.list()) io.stderr.write(`watch: ${d.level ?? 'warning'}: ${terminalSafe(d.message)}\n`);
  if (demoDataDir) io.stderr.write(`watch: demo data directory ${dataDir}\n`);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => (stopping ??= runtime.stop());
  signals.onStop(() => void stop());
  await runtime.start();
  io.stderr.write(
    `watch: ${runtime.sourceStatuses().map((s) => terminalSafe(s.name)).join(', ')} → ${emit === 'events' ? 'events' : 'alerts'} as NDJSON` +
      `${store && !runtime.readonly ? ` (store: ${terminalSafe(store.path)})` : runtime.readonly ? ' (read-only)' : ''}\n`,
  );
  await Promise.race([runtime.finished, new Promise<void>((resolve) => signals.onStop(resolve))]);
  await stop();
  const st = runtime.engine.stats;
  io.stderr.write(`watch: stopped after ${st.lines} lines, ${st.events} events, ${st.alerts} new alert(s)\n`);
  for (const [source, c] of runtime.diagnostics.perSource()) {
    const parts = [
      c.noEnvelope > 0 ? `${c.noEnvelope} with no recognised envelope` : '',
      c.otherProgram > 0 ? `${c.otherProgram} of other programs` : '',
      c.unmatched > 0 ? `${c.unmatched} of known programs that matched no template` : '',
      c.refused > 0 ? `${c.refused} journal records refused` : '',
      c.truncated > 0 ? `${c.truncated} cut at 64 KiB` : '',
    ].filter((x) => x !== '');
    if (parts.length > 0) io.stderr.write(`watch: ${terminalSafe(source)}: ${c.lines} lines; ${parts.join(', ')}\n`);
  }
  return 0;
}
