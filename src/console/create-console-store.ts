/**
 * The console's view of the runtime: the `ConsoleStore` the Ink UI reads. However fast lines arrive,
 * listeners are notified at most once per `throttleMs` (≈10 Hz); with nothing arriving, only a 1 Hz
 * tick (clock, uptime, events/s) runs, so an idle console costs next to no CPU. Actions go straight
 * to the runtime; this file holds no pipeline state of its own.
 */
import type { AlertStatus } from '../engine/model/alert.js';
import type { Runtime } from '../runtime/runtime.js';
import type { DiagnosticEntry } from '../runtime/diagnostics.js';
import type { HostInfo } from '../runtime/hosts.js';
import type { ActionResult, BlockPreview, BlockRequest, ConsoleDiagnostic, ConsoleState, ConsoleStore, HostStatus, IpHistory } from './types.js';

/** A host that sent events and has said nothing for this long is marked quiet. */
const QUIET_AFTER_MS = 5 * 60_000;

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

  // Views of runtime state in the UI's shapes, rebuilt only when their source changed.
  let diagSource: readonly DiagnosticEntry[] | null = null;
  let diagView: readonly ConsoleDiagnostic[] = [];
  // Per source, the lines that gave no event, by why (refreshed with the 1 Hz tick): nothing is
  // dropped without a count on screen.
  let lineRows: readonly ConsoleDiagnostic[] = [];
  let lineRowsKey = '';
  const refreshLineRows = (now: number): void => {
    const rows: ConsoleDiagnostic[] = [];
    for (const [source, c] of runtime.diagnostics.perSource()) {
      const parts = [
        c.noEnvelope > 0 ? `${c.noEnvelope} with no recognised envelope` : '',
        c.unmatched > 0 ? `${c.unmatched} of known programs matched no template` : '',
        c.otherProgram > 0 ? `${c.otherProgram} of other programs` : '',
        c.refused > 0 ? `${c.refused} journal records refused` : '',
        c.truncated > 0 ? `${c.truncated} cut at 64 KiB` : '',
      ].filter((x) => x !== '');
      if (parts.length === 0) continue;
      const level = c.noEnvelope > 0 || c.unmatched > 0 ? 'warning' : 'info';
      rows.push({ kind: 'lines', level, message: `${c.lines} lines read; ${parts.join(', ')} (threatwatch-tui explain LINE shows why)`, where: source, count: 1, lastAt: now });
    }
    const key = rows.map((r) => `${r.where}\u0000${r.message}`).join('\u0001');
    if (key !== lineRowsKey) {
      lineRowsKey = key;
      lineRows = rows;
      diagSource = null;
    }
  };
  const diagnosticsView = (): readonly ConsoleDiagnostic[] => {
    const list = runtime.diagnostics.list();
    if (list !== diagSource) {
      diagSource = list;
      diagView = Object.freeze([
        ...lineRows,
        ...list.map((d) => ({
          kind: d.kind,
          level: d.level ?? 'warning',
          message: d.message,
          where: d.file ? `${d.file}${d.line ? `:${d.line}` : ''}` : d.source,
          count: d.repeats,
          lastAt: d.at,
        })),
      ]);
    }
    return diagView;
  };
  // Hosts: events/s from the change in each host's count between 1 Hz ticks.
  const hostRates = new Map<string, { events: number; at: number; rate: number }>();
  let hostSource: readonly HostInfo[] | null = null;
  let hostAlerts: unknown = null;
  let hostTick = -1;
  let hostView: readonly HostStatus[] = [];
  let tickCount = 0;
  const hostsView = (now: number): readonly HostStatus[] => {
    const list = runtime.hosts();
    const alerts = engine.getSnapshot().alerts;
    if (list === hostSource && alerts === hostAlerts && (hostTick === tickCount || list.length === 0)) return hostView;
    hostSource = list;
    hostAlerts = alerts;
    hostTick = tickCount;
    const open = new Map<string, number>();
    for (const a of alerts) if (a.status === 'new' || a.status === 'acknowledged') for (const h of a.hosts) open.set(h, (open.get(h) ?? 0) + 1);
    hostView = Object.freeze(
      list.map((h) => ({
        name: h.host,
        lastEventAt: h.lastHeardAt,
        eventsPerSecond: hostRates.get(h.host)?.rate ?? 0,
        openAlerts: open.get(h.host) ?? 0,
        quiet: now - h.lastHeardAt > QUIET_AFTER_MS,
      })),
    );
    return hostView;
  };
  const readOnly = runtime.readonly ? Object.freeze({ reason: 'read-only (--readonly): another console or watch holds the data directory' }) : undefined;

  let state: ConsoleState = build();
  let timer: NodeJS.Timeout | null = null;
  let lastNotify = 0;
  let closed = false;
  let shuttingDown: Promise<void> | null = null;

  function build(): ConsoleState {
    const now = clock();
    return {
      snapshot: engine.getSnapshot(),
      sources: runtime.sourceStatuses(),
      eventsPerSecond,
      startedAt,
      now,
      blocks: runtime.blocks(),
      blockRecords: runtime.blockRecords(),
      warnings: runtime.warnings(),
      responder: responderInfo,
      diagnostics: diagnosticsView(),
      hosts: hostsView(now),
      ...(readOnly !== undefined ? { readOnly } : {}),
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
    tickCount++;
    refreshLineRows(now);
    for (const h of runtime.hosts()) {
      const prev = hostRates.get(h.host);
      if (prev === undefined) hostRates.set(h.host, { events: h.events, at: now, rate: 0 });
      else {
        const secs = (now - prev.at) / 1000;
        const rate = secs > 0 ? (h.events - prev.events) / secs : prev.rate;
        hostRates.set(h.host, { events: h.events, at: now, rate: prev.rate * 0.5 + rate * 0.5 });
      }
    }
    if (hostRates.size > 2000) hostRates.clear();
    schedule();
  }, 1000);
  tick.unref();

  const actions = {
    setStatus(alertId: string, status: AlertStatus): void {
      runtime.actions.setStatus(alertId, status);
      schedule();
    },
    async block(ip: string, alertId: string | null, opts?: BlockRequest): Promise<ActionResult> {
      const r = await runtime.actions.block(ip, alertId, opts && 'seconds' in opts ? { seconds: opts.seconds ?? null } : undefined);
      schedule();
      return r;
    },
    async unblock(ip: string): Promise<ActionResult> {
      const r = await runtime.actions.unblock(ip);
      schedule();
      return r;
    },
    previewBlock(target: string): BlockPreview {
      const p = runtime.actions.preview(target);
      if (!p.ok) return p;
      const { offences: _offences, ...preview } = p;
      return preview;
    },
    ipHistory(ip: string): IpHistory {
      const alerts = engine
        .getSnapshot()
        .alerts.filter((a) => a.ip === ip)
        .slice()
        .sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0));
      const blocks = runtime.blockRecords().filter((b) => b.ip === ip || (b.ip.includes('/') && runtime.ledger.covering(ip) === b));
      return { alerts, blocks };
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
