/**
 * The live console's edge: joins the engine, the sources' states, the alert store and the responder
 * into the `ConsoleStore` the Ink UI reads. However fast lines arrive, listeners are notified at most
 * once per `throttleMs` (≈10 Hz); with nothing arriving, only a 1 Hz tick (clock, uptime, events/s)
 * runs, so an idle console costs next to no CPU.
 */
import type { AlertStatus } from '../engine/model/alert.js';
import type { Engine } from '../engine/engine.js';
import { formatBlockDuration, type Responder } from '../plugins/responders/responder.js';
import type { BlockGuard } from '../runtime/block-guard.js';
import type { AlertStore } from '../runtime/store/alert-store.js';
import type { ActionResult, BlockRecord, ConsoleState, ConsoleStore, SourceStatus } from './types.js';

export interface ConsoleStoreOptions {
  engine: Engine;
  store: AlertStore | null;
  responder: Responder;
  guard: BlockGuard;
  /** Block duration; null = permanent. */
  durationSeconds: number | null;
  /** Initial block list (from the store). */
  blocks?: readonly BlockRecord[];
  warnings?: readonly string[];
  /** Stops the sources (called by shutdown). */
  stopSources?: () => Promise<void>;
  throttleMs?: number;
  /** Wall clock, injectable for tests. */
  clock?: () => number;
}

export interface LiveConsoleStore extends ConsoleStore {
  /** Called by the sources when their state changes. */
  setSource(status: SourceStatus): void;
  addWarning(message: string): void;
}

export function createConsoleStore(opts: ConsoleStoreOptions): LiveConsoleStore {
  const clock = opts.clock ?? Date.now;
  const throttleMs = opts.throttleMs ?? 100;
  const engine = opts.engine;
  const startedAt = clock();
  const listeners = new Set<() => void>();
  const sources = new Map<string, SourceStatus>();
  let blocks: BlockRecord[] = [...(opts.blocks ?? [])];
  const warnings: string[] = [...(opts.warnings ?? [])];
  const durationSeconds = opts.durationSeconds === 0 ? null : opts.durationSeconds;

  // events/s over a sliding window of 1 s samples
  const samples: { t: number; events: number }[] = [{ t: startedAt, events: engine.stats.events }];
  let eventsPerSecond = 0;

  // The parts of the state are copied only when they changed, so that an unchanged part keeps its
  // identity from one state to the next: the UI subscribes to each part and skips the work for the
  // ones that did not change (with nothing arriving, only `now` moves, once a second).
  let sourcesView: readonly SourceStatus[] = [];
  let blocksView: readonly BlockRecord[] = [];
  let warningsView: readonly string[] = [];
  let sourcesDirty = true;
  let blocksDirty = true;
  let warningsDirty = true;
  const responderInfo = Object.freeze({ name: opts.responder.name, durationSeconds, simulated: opts.responder.simulated });

  let state: ConsoleState = build();
  let timer: NodeJS.Timeout | null = null;
  let lastNotify = 0;
  let closed = false;

  function build(): ConsoleState {
    if (sourcesDirty) sourcesView = Object.freeze([...sources.values()]);
    if (blocksDirty) blocksView = Object.freeze([...blocks]);
    if (warningsDirty) warningsView = Object.freeze([...warnings]);
    sourcesDirty = blocksDirty = warningsDirty = false;
    return {
      snapshot: engine.getSnapshot(),
      sources: sourcesView,
      eventsPerSecond,
      startedAt,
      now: clock(),
      blocks: blocksView,
      warnings: warningsView,
      responder: responderInfo,
    };
  }

  function notifyNow() {
    timer = null;
    lastNotify = clock();
    state = build();
    for (const l of listeners) l();
  }

  function schedule() {
    if (closed || timer !== null) return;
    const wait = Math.max(0, throttleMs - (clock() - lastNotify));
    timer = setTimeout(notifyNow, wait);
  }

  const unsubscribeEngine = engine.subscribe(schedule);
  const unsubscribeAlerts = engine.onAlert((alert) => opts.store?.upsert(alert));

  const tick = setInterval(() => {
    const now = clock();
    samples.push({ t: now, events: engine.stats.events });
    while (samples.length > 6) samples.shift();
    const first = samples[0]!;
    const span = (now - first.t) / 1000;
    eventsPerSecond = span > 0 ? (engine.stats.events - first.events) / span : 0;
    const expired = blocks.filter((b) => b.until !== null && Date.parse(b.until) <= now);
    if (expired.length > 0) {
      blocks = blocks.filter((b) => !expired.includes(b));
      blocksDirty = true;
      opts.store?.setBlocks(blocks);
      for (const b of expired) {
        if (b.alertId && engine.getAlert(b.alertId)?.status === 'blocked') {
          engine.setStatus(b.alertId, 'acknowledged', now, `block on ${b.ip} expired`);
        }
      }
    }
    schedule();
  }, 1000);
  tick.unref();

  function isBlocked(ip: string) {
    return blocks.some((b) => b.ip === ip);
  }

  const actions = {
    setStatus(alertId: string, status: AlertStatus) {
      engine.setStatus(alertId, status, clock());
      schedule();
    },
    async block(ip: string, alertId: string | null): Promise<ActionResult> {
      const verdict = opts.guard.check(ip);
      if (!verdict.ok) return { ok: false, message: `Not blocked: ${verdict.reason}` };
      const target = verdict.ip;
      if (isBlocked(target)) return { ok: false, message: `${target} is already blocked` };
      const result = await opts.responder.block(target, durationSeconds);
      if (!result.ok) return result;
      const at = clock();
      blocks = [
        ...blocks,
        {
          ip: target,
          backend: opts.responder.name,
          at: new Date(at).toISOString(),
          until: durationSeconds === null ? null : new Date(at + durationSeconds * 1000).toISOString(),
          alertId,
          simulated: opts.responder.simulated,
        },
      ];
      blocksDirty = true;
      opts.store?.setBlocks(blocks);
      if (alertId) engine.setStatus(alertId, 'blocked', at, `blocked with ${opts.responder.name} (${formatBlockDuration(durationSeconds)})`);
      schedule();
      return { ok: true, message: `${result.message}${opts.responder.simulated ? ' — simulated, nothing changed on this system' : ''}` };
    },
    async unblock(ip: string): Promise<ActionResult> {
      const record = blocks.find((b) => b.ip === ip);
      if (!record) return { ok: false, message: `${ip} is not blocked` };
      const result = await opts.responder.unblock(ip);
      if (!result.ok) return result;
      blocks = blocks.filter((b) => b.ip !== ip);
      blocksDirty = true;
      opts.store?.setBlocks(blocks);
      if (record.alertId) engine.setStatus(record.alertId, 'acknowledged', clock(), 'unblocked');
      schedule();
      return { ok: true, message: `Unblocked ${ip}` };
    },
    async shutdown() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(tick);
      unsubscribeEngine();
      await opts.stopSources?.();
      unsubscribeAlerts();
      await opts.store?.close();
    },
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
    actions,
    setSource(status) {
      sources.set(status.name, status);
      sourcesDirty = true;
      schedule();
    },
    addWarning(message) {
      warnings.push(message);
      while (warnings.length > 5) warnings.shift();
      warningsDirty = true;
      schedule();
    },
  };
}
