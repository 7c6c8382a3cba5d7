/**
 * The console's view of the runtime: the `ConsoleStore` the Ink UI reads. However fast lines arrive,
 * listeners are notified at most once per `throttleMs` (≈10 Hz); with nothing arriving, only a 1 Hz
 * tick (clock, uptime, events/s) runs, so an idle console costs next to no CPU. Actions go straight
 * to the runtime; this file holds no pipeline state of its own.
 */
import type { AlertStatus } from '../engine/model/alert.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ActionResult, ConsoleState, ConsoleStore } from './types.js';

export interface ConsoleStoreOptions {
  runtime: Runtime;
  throttleMs?: number;
  /** Wall clock, injectable for tests. */
  clock?: () => number;
}

export interface LiveConsoleStore extends ConsoleStore {
  /** Stops the runtime (sources, sinks, store) once; later calls wait for the first. */
  readonly runtime: Runtime;
}

export function createConsoleStore(opts: ConsoleStoreOptions): LiveConsoleStore {
  const clock = opts.clock ?? Date.now;
  const throttleMs = opts.throttleMs ?? 100;
  const runtime = opts.runtime;
  const engine = runtime.engine;
  const startedAt = clock();
  const listeners = new Set<() => void>();

  // events/s over a sliding window of 1 s samples
  const samples: { t: number; events: number }[] = [{ t: startedAt, events: engine.stats.events }];
  let eventsPerSecond = 0;
  const responderInfo = Object.freeze({ ...runtime.responder });

  let state: ConsoleState = build();
  let timer: NodeJS.Timeout | null = null;
  let lastNotify = 0;
  let closed = false;
  let shuttingDown: Promise<void> | null = null;

  function build(): ConsoleState {
    return {
      snapshot: engine.getSnapshot(),
      sources: runtime.sourceStatuses(),
      eventsPerSecond,
      startedAt,
      now: clock(),
      blocks: runtime.blocks(),
      warnings: runtime.warnings(),
      responder: responderInfo,
      diagnostics: runtime.diagnostics.list(),
      diagnosticsCount: runtime.diagnostics.total,
      linesBySource: runtime.diagnostics.perSource(),
      readonly: runtime.readonly,
      hosts: runtime.hosts(),
      blockRecords: runtime.blockRecords(),
    };
  }

  function notifyNow(): void {
    timer = null;
    lastNotify = clock();
    state = build();
    for (const l of listeners) l();
  }

  function schedule(): void {
    if (closed || timer !== null) return;
    const wait = Math.max(0, throttleMs - (clock() - lastNotify));
    timer = setTimeout(notifyNow, wait);
  }

  const unsubscribeEngine = engine.subscribe(schedule);
  const unsubscribeRuntime = runtime.onChange(schedule);

  const tick = setInterval(() => {
    const now = clock();
    samples.push({ t: now, events: engine.stats.events });
    while (samples.length > 6) samples.shift();
    const first = samples[0]!;
    const span = (now - first.t) / 1000;
    eventsPerSecond = span > 0 ? (engine.stats.events - first.events) / span : 0;
    schedule();
  }, 1000);
  tick.unref();

  const actions = {
    setStatus(alertId: string, status: AlertStatus): void {
      runtime.actions.setStatus(alertId, status);
      schedule();
    },
    async block(ip: string, alertId: string | null): Promise<ActionResult> {
      const r = await runtime.actions.block(ip, alertId);
      schedule();
      return r;
    },
    async unblock(ip: string): Promise<ActionResult> {
      const r = await runtime.actions.unblock(ip);
      schedule();
      return r;
    },
    shutdown(): Promise<void> {
      if (shuttingDown !== null) return shuttingDown;
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(tick);
      unsubscribeEngine();
      unsubscribeRuntime();
      shuttingDown = runtime.stop();
      return shuttingDown;
    },
  };

  return {
    runtime,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
    actions,
  };
}
