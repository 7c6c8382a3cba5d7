/**
 * `threatwatch-tui replay FILES...`: runs log files through the same engine the console uses and
 * prints each alert once, when its incident is over (the IP was quiet for a full window of event
 * time, or the input ended), so every line carries the final count. Headless: never loads Ink.
 */
import { setFlagsFromString } from 'node:v8';
import type { Alert } from '../engine/model/alert.js';
import type { AlertStore } from '../runtime/store/alert-store.js';
import { createEngine } from '../engine/engine.js';
import { alertTextLine } from '../cli/alert-text.js';
import { jsonLine } from '../engine/format/json-line.js';
import { inspectInput, readLineBatches, type InputInfo } from '../plugins/sources/file-read.js';
import { mergeByTime } from '../plugins/sources/merge-by-time.js';
import { createProgress, formatBytes, formatCount, formatRate } from '../cli/progress.js';
import { UsageError } from '../cli/errors.js';
import { createPacer } from './pace.js';
import { prepareDetection, type DetectionOptions } from '../runtime/prepare-detection.js';
import { createTimeOf } from './time-of.js';
import { createBlockWriter, type Io } from './io.js';

export interface ReplayOptions extends DetectionOptions {
  files: string[];
  /** @default ndjson when stdout is not a terminal, text when it is */
  format?: 'ndjson' | 'text';
  /** Pace events at N× their real spacing; undefined = as fast as possible (`--max`). */
  speed?: number;
  /** Write alerts to the store in the data directory. */
  save?: boolean;
  dataDir?: string;
  /** Draw a progress bar when stderr is a terminal. @default true */
  progress?: boolean;
}

/**
 * Tracked source IPs above which the input looks like a flood of distinct (spoofed) sources.
 * Normal logs stay far below: the 1M-line bench has ~20,000 IPs in all, a few hundred at a time.
 */
const FLOOD_TRACKED_KEYS = 20_000;
/** Incidents open at once above which it is an attack storm (normal logs: a handful). */
const FLOOD_OPEN_INCIDENTS = 2_000;

/**
 * Under a flood every line leaves a pending attempt that lives until the IP cap evicts it, so
 * lots of promoted-then-dead objects reach the old generation, and V8's default heap growing
 * factor (up to 4× the live size) lets peak RSS reach ~360 MB for 1M distinct IPs although the
 * live state is ~65 MB. Growing the heap by 1.5× instead keeps it near 220 MB. Switched on only
 * when a flood is seen, so normal replays keep V8's defaults (and their speed). V8 reads this flag
 * at each full GC, so setting it at run time takes effect.
 */
function tuneGcForFlood(): void {
  try {
    setFlagsFromString('--heap-growing-percent=50');
  } catch {
    // not fatal: memory stays bounded either way, only the peak is higher
  }
}

export async function runReplay(opts: ReplayOptions, io: Io): Promise<number> {
  if (opts.files.length === 0) throw new UsageError('replay: name at least one log file (or - for stdin)');
  if (opts.speed !== undefined && !(opts.speed > 0)) throw new UsageError('replay: --speed takes a number > 0');
  const inputs: InputInfo[] = [];
  for (const f of opts.files) inputs.push(await inspectInput(f));
  const format = opts.format ?? (io.stdout.isTTY ? 'text' : 'ndjson');

  const started = Date.now();
  const det = await prepareDetection(opts, io, started);
  // The store (lowdb, zod) is only loaded with --save: start-up time counts for short replays.
  let store: AlertStore | null = null;
  if (opts.save) {
    // Merged into the store through its lock: new alerts are added, known ones grow, and an
    // existing alert's status, history and block are never changed.
    const { openStore, defaultDataDir } = await import('../runtime/store/alert-store.js');
    store = await openStore(opts.dataDir ?? det.config.dataDir ?? defaultDataDir(io.env), { mode: 'merge', maxAlerts: det.config.store.maxAlerts });
  }
  for (const w of store?.warnings ?? []) io.stderr.write(`warning: ${w}\n`);

  // Replay prints alerts when they close; growing incidents are only re-built for the store.
  const engine = createEngine({
    parse: det.parse,
    config: det.config,
    intel: det.intel,
    updateIntervalMs: store ? 200 : Number.POSITIVE_INFINITY,
    clock: () => performance.now(),
  });
  const bySeverity = new Map<string, number>();
  const byRule = new Map<string, number>();
  let alerts = 0;
  // Auto-block in a replay: only with the simulate backend (a replay of last week's log must not
  // touch today's firewall); the simulated blocks are recorded with --save.
  const auto = det.config.responder.autoBlock;
  let autoBlock: ((alert: Alert) => void) | null = null;
  const pendingBlocks: Promise<unknown>[] = [];
  let autoBlocked = 0;
  if (auto.enabled) {
    if (det.config.responder.backend !== 'simulate') {
      io.stderr.write(`replay: auto-block is on, but replay honours it only with the simulate backend (not ${det.config.responder.backend}): no block is placed\n`);
    } else {
      const { createAutoBlocker } = await import('../runtime/auto-block.js');
      const { createBlockGuard } = await import('../runtime/block-guard.js');
      const { createBlockLedger } = await import('../runtime/block-ledger.js');
      const { createSimulatedResponder } = await import('../plugins/responders/simulate.js');
      const guard = createBlockGuard({ allowlist: det.config.allowlist, env: io.env });
      const ledger = createBlockLedger({
        guard,
        responder: createSimulatedResponder(),
        durationSeconds: det.config.responder.durationSeconds === 0 ? null : det.config.responder.durationSeconds,
        records: store?.blocks ?? [],
        actor: 'replay auto-block',
        onChange: (records) => store?.setBlocks(records),
      });
      const blocker = createAutoBlocker(auto, guard);
      autoBlock = (alert) => {
        const decision = blocker.decide(alert, Date.now());
        if (!decision.block) return;
        pendingBlocks.push(
          ledger.block(decision.target, { alertId: alert.id, previousStatus: alert.status, actor: 'replay auto-block' }).then((o) => {
            if (o.ok) autoBlocked++;
          }),
        );
      };
    }
  }
  // Alerts are printed in blocks (at most 200 ms late), not one system call each; a paced replay
  // (a demo) prints each at once.
  const alertsOut = createBlockWriter(io, { immediate: opts.speed !== undefined });
  engine.onAlert((alert: Alert, change) => {
    if (store) store.upsert(alert);
    if (change === 'raised' && autoBlock !== null) autoBlock(alert);
    if (change !== 'closed') return;
    alerts++;
    bySeverity.set(alert.severity, (bySeverity.get(alert.severity) ?? 0) + 1);
    byRule.set(alert.rule, (byRule.get(alert.rule) ?? 0) + 1);
    progress.clear();
    alertsOut.write(format === 'ndjson' ? jsonLine(alert) : alertTextLine(alert));
  });

  const totalBytes = inputs.every((i) => i.size !== null) ? inputs.reduce((a, i) => a + (i.size ?? 0), 0) : null;
  const showProgress = opts.progress !== false && io.stderr.isTTY === true;
  const progress = showProgress ? createProgress(totalBytes, 'replay', io.stderr as NodeJS.WriteStream) : createProgress(null, '', { isTTY: false } as NodeJS.WriteStream);
  const readBytes = new Array<number>(inputs.length).fill(0);
  let lines = 0;
  let gcTuned = false;
  const streams = inputs.map((info, k) =>
    readLineBatches(info, {
      onBytes: (b) => {
        readBytes[k] = b;
      },
    }),
  );
  const timeOf = inputs.length > 1 || opts.speed !== undefined ? createTimeOf(det.parserOptions) : null;
  const pace = opts.speed !== undefined && timeOf ? createPacer(opts.speed, timeOf) : null;
  const merged = timeOf ? mergeByTime(streams, timeOf) : streams[0]!;
  try {
    for await (const batch of merged) {
      if (io.closed?.()) break;
      if (pace) {
        for await (const part of pace(batch)) engine.ingest(part);
      } else {
        engine.ingest(batch);
      }
      lines += batch.length;
      if (!gcTuned && (engine.stats.trackedKeys >= FLOOD_TRACKED_KEYS || engine.stats.openIncidents >= FLOOD_OPEN_INCIDENTS)) {
        gcTuned = true;
        tuneGcForFlood();
      }
      if (showProgress) {
        const done = readBytes.reduce((a, b) => a + b, 0);
        const secs = (Date.now() - started) / 1000;
        progress.update(done, `${formatBytes(done)}  ${formatCount(lines)} lines  ${formatRate(lines / Math.max(secs, 0.001))} lines/s`);
      }
    }
  } catch (err) {
    // What was found before the input failed is still printed.
    alertsOut.flush();
    throw err;
  }
  engine.finish();
  alertsOut.flush();
  progress.finish();
  await Promise.all(pendingBlocks);
  if (autoBlock !== null) io.stderr.write(`replay: auto-block (simulate): ${autoBlocked} address(es) blocked${store ? '' : ' (add --save to record them)'}\n`);
  if (store) await store.close();

  const elapsed = (Date.now() - started) / 1000;
  const st = engine.stats;
  const rss = process.resourceUsage().maxRSS / 1024;
  const sevText = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].filter((s) => bySeverity.has(s)).map((s) => `${s} ${bySeverity.get(s)}`).join(', ');
  const ruleText = [...byRule].map(([r, n]) => `${r} ${n}`).join(', ');
  const out = io.stderr;
  out.write(
    `replay: ${formatCount(st.lines)} lines, ${formatCount(st.events)} events, ` +
      `${alerts} alert${alerts === 1 ? '' : 's'}${alerts ? ` (${ruleText}; ${sevText})` : ''} in ${elapsed.toFixed(2)} s, ` +
      `${formatRate(st.lines / Math.max(elapsed, 0.001))} lines/s, peak RSS ${rss.toFixed(0)} MB\n`,
  );
  // Nothing dropped silently: every line that gave no event is in one of these counts.
  const notRead = [
    st.noEnvelope > 0 ? `${formatCount(st.noEnvelope)} with no recognised envelope` : '',
    st.otherProgram > 0 ? `${formatCount(st.otherProgram)} of other programs` : '',
    st.refused > 0 ? `${formatCount(st.refused)} journal records refused (not from sshd or the kernel by their trusted fields)` : '',
  ].filter((x) => x !== '');
  if (notRead.length > 0) out.write(`replay: lines not read: ${notRead.join(', ')}${st.noEnvelope > 0 ? ' (see them with: threatwatch-tui parse --unmatched FILE, and threatwatch-tui explain LINE)' : ''}\n`);
  const unmatched = Object.entries(st.unmatchedByProgram).filter(([, n]) => n > 0);
  if (unmatched.length > 0) {
    out.write(`replay: lines from known programs that matched no template: ${unmatched.map(([p, n]) => `${p} ${n}`).join(', ')} (see them with: threatwatch-tui parse --unmatched FILE)\n`);
  }
  if (st.truncated > 0) out.write(`replay: ${st.truncated} line(s) longer than 64 KiB were truncated\n`);
  if (store) out.write(`replay: alerts saved to ${store.path}\n`);
  return 0;
}
