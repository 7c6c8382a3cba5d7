/**
 * The headless runtime: one pipeline behind every live front end (the console, `watch`).
 *
 *   sources (catalogue) → line parser → engine (rules, incidents, intel) → sinks + store
 *                                                      ↑ block ledger (guard → responder → record → expiry)
 *
 * It owns source supervision (each source's state, failures and recoveries go to the diagnostics
 * channel), the data directory (one writer, `--readonly` for a second viewer), checkpoints for
 * restart resume, the block ledger, and the fan-out of alerts and events to sinks. Front ends read
 * its state and call its actions; they never touch the engine or the store directly.
 */
import { catalogue } from '../catalogue.js';
import { createEngine, type AlertChange, type Engine } from '../engine/engine.js';
import type { IntelIndex } from '../engine/enrichment/intel-index.js';
import type { Alert, AlertStatus } from '../engine/model/alert.js';
import type { ActionResult, BlockRecord } from '../engine/model/block.js';
import type { RawLine } from '../engine/model/event.js';
import type { SourceStatus } from '../engine/model/source-status.js';
import { createRules } from '../engine/rules/index.js';
import type { LineParser } from '../engine/parsers/types.js';
import type { Config } from '../config/schema.js';
import type { Sink } from '../plugins/sinks/index.js';
import type { SourceContext, SourceHandle } from '../plugins/sources/index.js';
import type { Responder } from '../plugins/responders/responder.js';
import type { AuditLog } from './audit-log.js';
import type { BlockGuard } from './block-guard.js';
import { createBlockLedger, startExpiryScheduler, type AlertStatusChange, type BlockLedger, type BlockPreview, type EndedBlock } from './block-ledger.js';
import type { BanIncrement } from './ban-increment.js';
import { autoBlockWarnings, createAutoBlocker } from './auto-block.js';
import { watchIntelFeeds, type IntelReloader } from './intel-reload.js';
import { createHostTracker, type HostInfo } from './hosts.js';
import { CheckpointKeeper } from './checkpoints.js';
import { cleanActor } from './control-protocol.js';
import { startControlServer, type ControlServer } from './control-socket.js';
import { createDiagnostics, type DiagnosticsChannel } from './diagnostics.js';
import type { AlertStore } from './store/alert-store.js';

/** One source to start: a catalogue id, its config section, and a stable key for its checkpoint. */
export interface SourceSpec {
  plugin: string;
  config: Record<string, unknown>;
  /** Checkpoint key (e.g. `file:/var/log/auth.log`); unique per runtime. */
  key: string;
}

/** One sink to start: a catalogue id and its config section (defaults: the config file's `sinks`). */
export interface SinkSpec {
  plugin: string;
  config?: Record<string, unknown>;
}

export interface RuntimeOptions {
  config: Config;
  parse: LineParser;
  intel: IntelIndex;
  sources: readonly SourceSpec[];
  /** Intel feed files to watch: an edit applies without a restart. */
  intelFiles?: readonly string[];
  sinks?: readonly SinkSpec[];
  /** The opened store (writer or read-only), or null for none. */
  store: AlertStore | null;
  responder: Responder;
  /** Backends of stored blocks other than `responder`, so their blocks can still be lifted. */
  otherResponders?: readonly Responder[];
  guard: BlockGuard;
  /** Every block, unblock and refusal as a JSON line; null for none. */
  audit?: AuditLog | null;
  /** `user@tty` for the audit log. */
  actor?: string;
  /** Repeat offenders get longer bans (off unless configured). */
  increment?: BanIncrement;
  /** `auto` resumes from checkpoints; `start`/`end` override them. */
  position: 'auto' | 'start' | 'end';
  /** Tracked subjects per rule (the console keeps fewer than a replay). Default 100,000. */
  maxTrackedKeys?: number;
  /** No response actions, no store writes (a second viewer, a shared screen). */
  readonly?: boolean;
  stdout: NodeJS.WritableStream;
  /** Wall clock (ms). */
  now?: () => number;
  /** Store/checkpoint write cadence, ms. Default 500. */
  flushIntervalMs?: number;
  /** Warnings from preparation (bad intel rows, store notes, demo data directory). */
  warnings?: readonly string[];
  /** In writer mode, take block/unblock/blocks from the command line on `<dataDir>/control.sock`. @default true */
  controlSocket?: boolean;
}

export interface RuntimeActions {
  setStatus(alertId: string, status: AlertStatus, note?: string): ActionResult;
  /** What a block of `target` would do, guard first: the dialog shows a refusal at once. */
  preview(target: string): BlockPreview;
  /**
   * Blocks an address or range (`seconds`: null = permanent, omitted = the default with any
   * increment; `actor`: who asked, for the audit log, default this process's `user@tty`).
   */
  block(target: string, alertId: string | null, opts?: { seconds?: number | null; actor?: string }): Promise<ActionResult>;
  unblock(target: string, opts?: { actor?: string }): Promise<ActionResult>;
}

export interface Runtime {
  readonly engine: Engine;
  readonly diagnostics: DiagnosticsChannel;
  readonly readonly: boolean;
  readonly responder: { name: string; durationSeconds: number | null; simulated: boolean };
  sourceStatuses(): readonly SourceStatus[];
  /** Blocks in force. */
  blocks(): readonly BlockRecord[];
  /** Every block the ledger keeps (active, failed, expired, lifted), oldest first. */
  blockRecords(): readonly BlockRecord[];
  readonly ledger: BlockLedger;
  /** Logging hosts that reported (the fleet), most recently heard-from first. */
  hosts(): readonly HostInfo[];
  warnings(): readonly string[];
  /** Sources, blocks, warnings or diagnostics changed (the engine has its own `subscribe`). */
  onChange(listener: () => void): () => void;
  readonly actions: RuntimeActions;
  /** Starts the sources (after restoring open incidents from the last checkpoint). */
  start(): Promise<void>;
  /** Resolves when every source is finished (stdin ended…); never for files that are tailed. */
  readonly finished: Promise<void>;
  /** Stops the sources, flushes sinks, saves checkpoints and closes the store. Idempotent. */
  stop(): Promise<void>;
  /** Synchronous best effort for a dying process: checkpoint and store written now. */
  flushSync(): void;
}

const STILL_ACTIVE = 'STILL_ACTIVE_AFTER_BLOCK';
/** Attempts logged this soon after a block may have been in flight already. */
const STILL_ACTIVE_GRACE_MS = 5000;

/** Longest window a warm-up re-reads after a restart. */
const MAX_WARM_MS = 60 * 60_000;

export function createRuntime(opts: RuntimeOptions): Runtime {
  const now = opts.now ?? Date.now;
  const readonlyMode = opts.readonly === true;
  const store = opts.store;
  const diagnostics = createDiagnostics({ now });
  const changeListeners = new Set<() => void>();
  const notify = (): void => {
    for (const l of changeListeners) l();
  };
  diagnostics.onChange(notify);

  const rules = createRules(opts.config.rules, { maxTrackedKeys: opts.maxTrackedKeys ?? 100_000 });
  const engine = createEngine({
    parse: opts.parse,
    rules,
    intel: opts.intel,
    initialAlerts: store?.alerts ?? [],
    maxAlerts: opts.config.store.maxAlerts,
    maxTrackedIps: opts.maxTrackedKeys,
    clock: () => performance.now(),
  });
  const warmWindowMs = Math.min(MAX_WARM_MS, Math.max(0, ...rules.map((r) => r.quietMs)));
  const keeper = new CheckpointKeeper(store === null || readonlyMode ? null : store.checkpoints, warmWindowMs);

  // ── sinks ────────────────────────────────────────────────────────────────────────────────
  const sinks: Sink[] = [];
  for (const spec of opts.sinks ?? []) {
    const def = catalogue.sinks.find((s) => s.id === spec.plugin);
    if (def === undefined) throw new Error(`unknown sink "${spec.plugin}"`);
    const section = (opts.config.sinks as Record<string, unknown>)[def.configKey] as object | undefined;
    sinks.push(def.create({ ...def.defaults, ...section, ...spec.config }, { stdout: opts.stdout, diagnostic: (d) => diagnostics.push(d), now }));
  }
  const eventSinks = sinks.filter((s) => s.onEvent !== undefined);
  engine.onAlert((alert: Alert, change: AlertChange) => {
    if (!readonlyMode) store?.upsert(alert);
    for (const s of sinks) s.onAlert?.(alert, change);
    if (change === 'raised' && autoBlocker !== null) autoBlock(alert);
    if (change !== 'status') checkStillActive(alert);
  });
  const hostTracker = createHostTracker({ now });
  const lineTap = (raw: RawLine, r: ReturnType<LineParser>): void => {
    diagnostics.countLine(raw.file, r.status, r.truncated, r.reason);
    for (const e of r.events) hostTracker.record(e);
    if (eventSinks.length > 0) for (const e of r.events) for (const s of eventSinks) s.onEvent?.(e);
  };
  engine.onLine(lineTap);

  // ── block ledger: guard → responder → record → expiry ───────────────────────────────────
  const durationSeconds = opts.config.responder.durationSeconds === 0 ? null : opts.config.responder.durationSeconds;
  let activeView: readonly BlockRecord[] = Object.freeze([]);
  let recordsView: readonly BlockRecord[] = Object.freeze([]);
  const ledger = createBlockLedger({
    guard: opts.guard,
    responder: opts.responder,
    otherResponders: opts.otherResponders,
    durationSeconds,
    records: store?.blocks ?? [],
    now,
    audit: readonlyMode ? null : (opts.audit ?? null),
    actor: opts.actor,
    increment: opts.increment,
    onChange(records) {
      recordsView = Object.freeze([...records]);
      activeView = Object.freeze(ledger.active());
      if (!readonlyMode) store?.setBlocks(records);
      notify();
    },
    onWarning: (message) => diagnostics.push({ kind: 'responder', level: 'warning', message }),
  });
  recordsView = Object.freeze(ledger.records());
  activeView = Object.freeze(ledger.active());
  const refuseReadonly = (): ActionResult => ({ ok: false, message: 'Read-only: response actions are disabled (started with --readonly).' });

  /** Applies a status change the ledger asks for; a lifted block only moves an alert that is still `blocked`. */
  function applyAlertStatus(change: AlertStatusChange | null, onlyIfBlocked: boolean): void {
    if (change === null) return;
    const alert = engine.getAlert(change.alertId);
    if (alert === null) return;
    if (onlyIfBlocked && alert.status !== 'blocked') return;
    if (alert.status === change.status) return;
    engine.setStatus(change.alertId, change.status, now(), change.note);
  }
  // Auto-block: off by default; rate-limited; never on spoofable evidence unless opted in per rule.
  const autoConfig = opts.config.responder.autoBlock;
  const autoBlocker = autoConfig.enabled && !readonlyMode ? createAutoBlocker(autoConfig, opts.guard) : null;
  for (const w of autoBlockWarnings(autoConfig)) diagnostics.push({ kind: 'config', level: 'warning', message: w });
  function autoBlock(alert: Alert): void {
    const decision = autoBlocker!.decide(alert, now());
    if (!decision.block) return;
    void ledger
      .block(decision.target, { alertId: alert.id, previousStatus: alert.status, actor: 'auto-block' })
      .then((outcome) => {
        if (outcome.ok) applyAlertStatus(outcome.alertStatus, false);
        diagnostics.push({ kind: 'responder', level: outcome.ok ? 'info' : 'warning', message: `auto-block (${decision.rule}): ${outcome.message}` });
      });
  }

  // An attacker that keeps failing after its block took effect: the block is not working (wrong
  // backend, wrong host, traffic through another path). Simulated blocks change nothing, so they
  // cannot be "not working".
  function checkStillActive(alert: Alert): void {
    if (alert.ip === null || alert.flags.includes(STILL_ACTIVE)) return;
    const block = ledger.covering(alert.ip);
    if (block === null || block.simulated) return;
    const placed = Date.parse(block.at);
    if (!(Date.parse(alert.lastSeen) > placed + STILL_ACTIVE_GRACE_MS)) return;
    queueMicrotask(() => {
      if (engine.addFlag(alert.id, STILL_ACTIVE) !== null) {
        diagnostics.push({ kind: 'responder', level: 'warning', message: `${alert.ip} is still failing logins after its ${block.backend} block took effect: check the backend and the path its traffic takes` });
      }
    });
  }

  const onEnded = (ended: EndedBlock[]): void => {
    for (const e of ended) applyAlertStatus(e.alertStatus, true);
  };

  const actions: RuntimeActions = {
    setStatus(alertId, status, note) {
      if (readonlyMode) return refuseReadonly();
      const current = engine.getAlert(alertId);
      if (current === null) return { ok: false, message: 'No such alert.' };
      if (current.status === status) return { ok: true, message: `Already ${status.replace('_', ' ')}.` };
      engine.setStatus(alertId, status, now(), note);
      return { ok: true, message: `Marked ${status.replace('_', ' ')}.` };
    },
    preview(target) {
      return ledger.preview(target);
    },
    async block(target, alertId, blockOpts = {}) {
      if (readonlyMode) return refuseReadonly();
      const alert = alertId === null ? null : engine.getAlert(alertId);
      const outcome = await ledger.block(target, {
        alertId,
        previousStatus: alert === null ? null : alert.status === 'blocked' ? null : alert.status,
        ...(blockOpts.seconds !== undefined ? { seconds: blockOpts.seconds } : {}),
        ...(blockOpts.actor !== undefined ? { actor: blockOpts.actor } : {}),
      });
      if (outcome.ok) applyAlertStatus(outcome.alertStatus, false);
      else if (outcome.kind === 'failed') diagnostics.push({ kind: 'responder', level: 'error', message: outcome.message });
      return { ok: outcome.ok, message: outcome.message };
    },
    async unblock(target, unblockOpts = {}) {
      if (readonlyMode) return refuseReadonly();
      const outcome = await ledger.unblock(target, unblockOpts.actor !== undefined ? { actor: unblockOpts.actor } : {});
      if (outcome.ok) applyAlertStatus(outcome.alertStatus, true);
      return { ok: outcome.ok, message: outcome.message };
    },
  };

  // ── sources ──────────────────────────────────────────────────────────────────────────────
  const statuses = new Map<string, SourceStatus>();
  let statusView: readonly SourceStatus[] = [];
  const handles: SourceHandle[] = [];
  const finishedOnes: Promise<void>[] = [];

  function ingest(lines: RawLine[]): void {
    if (!keeper.warming) {
      engine.ingest(lines);
      return;
    }
    // Lines already counted before the restart rebuild the windows only.
    let i = 0;
    while (i < lines.length) {
      const first = lines[i] as RawLine;
      const warm = keeper.isWarm(first.file, first.line);
      let j = i + 1;
      while (j < lines.length && keeper.isWarm((lines[j] as RawLine).file, (lines[j] as RawLine).line) === warm) j++;
      engine.setWarm(warm);
      try {
        engine.ingest(i === 0 && j === lines.length ? lines : lines.slice(i, j));
      } finally {
        engine.setWarm(false);
      }
      i = j;
    }
  }

  function contextFor(spec: SourceSpec): SourceContext {
    const lastLines: Record<string, number> = {};
    let lastStatus: SourceStatus | null = null;
    return {
      emit(lines) {
        if (stopped || lines.length === 0) return;
        for (const l of lines) lastLines[l.file] = l.line;
        ingest(lines);
      },
      status(s) {
        const prev = lastStatus;
        lastStatus = s;
        statuses.set(spec.key, s);
        statusView = Object.freeze([...statuses.values()]);
        if (prev !== null && prev.state !== s.state) {
          const failing = s.state === 'denied' || s.state === 'error';
          const recovered = !failing && (prev.state === 'denied' || prev.state === 'error');
          if (failing || recovered || s.state === 'done') {
            diagnostics.push({
              kind: 'source',
              level: failing ? 'error' : 'info',
              source: s.name,
              message: failing ? `${s.name}: ${s.detail ?? s.state}` : recovered ? `${s.name}: recovered (${s.state})` : `${s.name}: ${s.detail ?? 'ended'}`,
            });
          }
        } else if (prev === null && (s.state === 'denied' || s.state === 'error')) {
          diagnostics.push({ kind: 'source', level: 'error', source: s.name, message: `${s.name}: ${s.detail ?? s.state}` });
        }
        notify();
      },
      diagnostic(d) {
        diagnostics.push({ ...d, source: d.source ?? spec.key });
      },
      checkpoint(key) {
        if (opts.position !== 'auto') return null;
        return keeper.resumeFrom(`${spec.key}|${key}`);
      },
      saveCheckpoint(key, value) {
        keeper.record(`${spec.key}|${key}`, value, engine.getSnapshot().lastEventTime, lastLines);
      },
      position: opts.position,
      now,
    };
  }

  // ── control socket: block/unblock/blocks from the command line while we hold the store ─────
  let control: ControlServer | null = null;
  async function startControl(): Promise<void> {
    if (opts.controlSocket === false || store === null || store.mode !== 'writer' || readonlyMode) return;
    try {
      control = await startControlServer(
        store.dataDir,
        {
          pid: process.pid,
          backend: () => opts.responder.name,
          async block(target, seconds, actor) {
            const r = await actions.block(target, null, { ...(seconds !== undefined ? { seconds } : {}), actor });
            return { ...r, record: r.ok ? ledger.covering(target) : null };
          },
          unblock: (target, actor) => actions.unblock(target, { actor }),
          blocks: (all) => (all ? recordsView : activeView),
        },
        {
          onRequest(req, res) {
            if (req.op === 'blocks') return;
            diagnostics.push({ kind: 'responder', level: res.ok ? 'info' : 'warning', message: `command line (${cleanActor(req.actor)}): ${res.message}` });
          },
        },
      );
      if (stopped) await control.close(); // stop() came while we were binding
    } catch (err) {
      diagnostics.push({ kind: 'responder', level: 'warning', message: `block/unblock from the command line cannot reach this process: ${(err as Error).message}` });
    }
  }

  // ── store cadence ────────────────────────────────────────────────────────────────────────
  const flushIntervalMs = opts.flushIntervalMs ?? 500;
  let flushTimer: NodeJS.Timeout | null = null;
  let stopExpiry: (() => void) | null = null;
  let intelReloader: IntelReloader | null = null;
  let stopped = false;
  let started = false;

  function checkpointNow(): void {
    if (store === null || readonlyMode) return;
    engine.flushPending(); // stored alerts cover every processed line
    keeper.save(engine.openIncidents());
  }

  async function flush(): Promise<void> {
    if (store === null || readonlyMode) return;
    checkpointNow();
    try {
      await store.flush();
    } catch (err) {
      diagnostics.push({ kind: 'store', level: 'error', message: `could not save to ${store.path}: ${(err as Error).message}` });
    }
  }

  const warnings = [...(opts.warnings ?? []), ...(store?.warnings ?? [])];
  for (const w of warnings) diagnostics.push({ kind: 'store', level: 'warning', message: w });
  let finishedResolve: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finishedResolve = resolve;
  });

  return {
    engine,
    diagnostics,
    readonly: readonlyMode,
    responder: { name: opts.responder.name, durationSeconds, simulated: opts.responder.simulated },
    sourceStatuses: () => statusView,
    blocks: () => activeView,
    blockRecords: () => recordsView,
    hosts: () => hostTracker.list(),
    ledger,
    warnings: () => warnings,
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    actions,
    finished,

    async start() {
      if (started) return;
      started = true;
      if (!readonlyMode && ledger.records().length > 0) {
        // The store and the backend agree again: re-add missing blocks, forget expired ones, and
        // lift any the guard refuses now (the allowlist may have grown).
        try {
          const report = await ledger.reconcile();
          onEnded([...report.expired, ...report.lifted, ...report.failed]);
          for (const w of report.warnings) diagnostics.push({ kind: 'responder', level: 'warning', message: w });
          for (const l of report.lifted) diagnostics.push({ kind: 'responder', level: 'warning', message: `lifted the stored block on ${l.record.ip}: ${l.reason}` });
        } catch (err) {
          diagnostics.push({ kind: 'responder', level: 'error', message: `could not reconcile blocks with ${opts.responder.name}: ${(err as Error).message}` });
        }
      }
      if (opts.position === 'auto') {
        const restored = engine.restoreIncidents(keeper.savedIncidents());
        if (restored > 0) diagnostics.push({ kind: 'store', level: 'info', message: `resumed ${restored} open incident(s) from the last run` });
      }
      for (const spec of opts.sources) {
        const def = catalogue.sources.find((s) => s.id === spec.plugin);
        if (def === undefined) throw new Error(`unknown source "${spec.plugin}"`);
        const section = (opts.config.sources as Record<string, unknown>)[def.configKey] as object | undefined;
        const handle = def.create({ ...def.defaults, ...section, ...spec.config }, contextFor(spec));
        handles.push(handle);
        if (!statuses.has(spec.key)) {
          statuses.set(spec.key, handle.status);
          statusView = Object.freeze([...statuses.values()]);
        }
        if (handle.done !== undefined) finishedOnes.push(handle.done);
      }
      if (handles.length > 0 && finishedOnes.length === handles.length) void Promise.all(finishedOnes).then(() => finishedResolve());
      flushTimer = setInterval(() => void flush(), flushIntervalMs);
      flushTimer.unref();
      if (!readonlyMode) stopExpiry = startExpiryScheduler(ledger, onEnded);
      if ((opts.intelFiles?.length ?? 0) > 0) {
        intelReloader = watchIntelFeeds({
          paths: opts.intelFiles ?? [],
          onIndex: (index) => engine.setIntel(index),
          diagnostic: (d) => diagnostics.push(d),
        });
      }
      await startControl();
      notify();
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      await control?.close(); // first: no command-line action lands after the store is closed
      if (flushTimer !== null) clearInterval(flushTimer);
      stopExpiry?.();
      await intelReloader?.close();
      await Promise.all(handles.map((h) => h.close().catch(() => undefined)));
      await Promise.all(sinks.map((s) => s.close().catch(() => undefined)));
      checkpointNow();
      await store?.close();
    },

    flushSync() {
      if (store === null || readonlyMode) return;
      try {
        checkpointNow();
        store.flushSync();
      } catch {
        // best effort on the way down
      }
    },
  };
}
