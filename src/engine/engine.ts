/**
 * The detection engine: lines → parser → rules (event time) → enrichment → alert book, with a
 * lazily built snapshot for the UI. Synchronous and deterministic: the same lines give the same
 * alerts (ids included) in replay and live. The per-line path only increments counters, pushes the
 * event into the feed ring and runs the rules; snapshot work happens in `getSnapshot()`, alert
 * objects for growing incidents are re-built once per batch.
 */
import { addToDraft, createDraft } from './alerts/alert-builder.js';
import { AlertBook } from './alerts/alert-book.js';
import { escalate } from './enrichment/escalate.js';
import type { IntelIndex } from './enrichment/intel-index.js';
import type { Alert, AlertStatus } from './model/alert.js';
import type { RawLine, SecurityEvent } from './model/event.js';
import type { LineParser, ParseResult } from './parsers/types.js';
import { createDefaultRules } from './rules/index.js';
import type { CountedEvent, IncidentSink, Rule } from './rules/rule.js';
import { buildSnapshot, emptyEventCounts, type LineCounters } from './snapshot/snapshot.js';
import { MinuteTimeline } from './snapshot/timeline.js';
import type { Diagnostic, EngineSnapshot } from './snapshot/types.js';
import { RingBuffer } from './windows/ring-buffer.js';

export type AlertChange = 'raised' | 'updated' | 'closed' | 'status';
export type AlertListener = (alert: Alert, change: AlertChange) => void;
export type LineListener = (raw: RawLine, result: ParseResult) => void;

export interface EngineOptions {
  /** From `createLineParser`. */
  parse: LineParser;
  config: { bruteForce: { threshold: number; windowSeconds: number } };
  intel?: IntelIndex;
  /** Alerts from the store (treated as closed incidents). */
  initialAlerts?: readonly Alert[];
  /** Events kept in the live feed. Default 200. */
  feedSize?: number;
  /** Retained alerts. Default 5000. */
  maxAlerts?: number;
  /** Source IPs tracked by rules (attempts below the threshold). Default 100,000. */
  maxTrackedIps?: number;
  /** Incidents open at once; past it the least recently updated one is closed early. Default 10,000. */
  maxOpenIncidents?: number;
  /** Diagnostics kept. Default 100. */
  maxDiagnostics?: number;
  /**
   * Growing incidents are re-built and emitted as 'updated' at most this often (wall clock, ms),
   * and whenever `getSnapshot()` is called; 'raised' and 'closed' are always immediate and exact.
   * 0 = after every batch. Default 200.
   */
  updateIntervalMs?: number;
  /** Wall clock in ms for `updateIntervalMs`. Default `performance.now`. */
  clock?: () => number;
}

export interface EngineStats extends LineCounters {
  /** Alerts raised by this engine (not counting loaded ones). */
  alerts: number;
  /** Unmatched lines per program family. */
  unmatchedByProgram: Record<string, number>;
  /** `unknown` lines by reason: no recognised envelope (parse misses), other programs, refused journal records. */
  noEnvelope: number;
  otherProgram: number;
  refused: number;
  /** Keys (source IPs) rules currently track. */
  readonly trackedKeys: number;
  readonly openIncidents: number;
}

export interface Engine {
  /** Parses and detects, synchronously. */
  ingest(lines: readonly RawLine[]): void;
  ingestEvents(events: readonly SecurityEvent[]): void;
  /** End of input: closes every open incident. */
  finish(): void;
  onAlert(listener: AlertListener): () => void;
  /** Tap on every parsed line (unmatched lines etc.). */
  onLine(listener: LineListener): () => void;
  /** Called after a batch (or status change) that changed the snapshot. */
  subscribe(listener: () => void): () => void;
  /** The same object until something changed. */
  getSnapshot(): EngineSnapshot;
  getAlert(id: string): Alert | null;
  /** `at` is wall-clock ms. Returns the updated alert, or null for an unknown id. */
  setStatus(id: string, status: AlertStatus, at: number, note?: string): Alert | null;
  /** Records a diagnostic from an edge (bad intel row, store warning, source problem). */
  addDiagnostic(d: Diagnostic): void;
  readonly stats: EngineStats;
}

export function createEngine(opts: EngineOptions): Engine {
  const maxTrackedIps = opts.maxTrackedIps ?? 100_000;
  const rules: Rule[] = createDefaultRules({
    bruteForce: { ...opts.config.bruteForce, maxTrackedIps, maxOpenIncidents: opts.maxOpenIncidents ?? 10_000 },
  });
  const severityOf = new Map(rules.map((r) => [r.id, r.severity]));
  const intel = opts.intel;
  const book = new AlertBook({ maxAlerts: opts.maxAlerts ?? 5000 });
  if (opts.initialAlerts !== undefined && opts.initialAlerts.length > 0) book.load(opts.initialAlerts);
  const feed = new RingBuffer<SecurityEvent>(opts.feedSize ?? 200);
  const diagnostics = new RingBuffer<Diagnostic>(opts.maxDiagnostics ?? 100);
  const timeline = new MinuteTimeline();
  const alertListeners = new Set<AlertListener>();
  const lineListeners = new Set<LineListener>();
  const subscribers = new Set<() => void>();

  const stats = {
    lines: 0,
    events: 0,
    unmatched: 0,
    unknown: 0,
    truncated: 0,
    eventsByType: emptyEventCounts(),
    alerts: 0,
    unmatchedByProgram: {} as Record<string, number>,
    noEnvelope: 0,
    otherProgram: 0,
    refused: 0,
    get trackedKeys(): number {
      let n = 0;
      for (const r of rules) n += r.trackedKeys;
      return n;
    },
    get openIncidents(): number {
      let n = 0;
      for (const r of rules) n += r.openIncidents;
      return n;
    },
  } satisfies EngineStats;

  const updateIntervalMs = opts.updateIntervalMs ?? 200;
  const clock = opts.clock ?? (() => performance.now());
  let lastUpdateFlush = Number.NEGATIVE_INFINITY;
  // Latest event time and the second of the last sweep, in a typed array: a double kept in a
  // closure variable is re-boxed (allocated) on every assignment, i.e. per event.
  const clockState = new Float64Array([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  const LAST_EVENT = 0;
  const LAST_SWEEP_SECOND = 1;
  const lastEventTimeOrNull = (): number | null => (clockState[LAST_EVENT] === Number.NEGATIVE_INFINITY ? null : (clockState[LAST_EVENT] as number));
  let changed = false;
  let version = 0;
  let snapshot: EngineSnapshot | null = null;
  let diagnosticsCache: readonly Diagnostic[] | null = null;

  const emit = (alert: Alert, change: AlertChange): void => {
    for (const l of alertListeners) l(alert, change);
  };

  const sink: IncidentSink = {
    raise(rule: string, ip: string, entries: readonly CountedEvent[]): void {
      const matches = intel === undefined ? [] : intel.lookup(ip);
      const esc = escalate(severityOf.get(rule) ?? 'HIGH', matches);
      const draft = createDraft(rule, ip, esc.severity, matches, esc.flags);
      let raisedAt = Number.NEGATIVE_INFINITY;
      for (const entry of entries) {
        addToDraft(draft, entry.payload, entry.count);
        if (entry.time > raisedAt) raisedAt = entry.time;
      }
      const alert = book.raise(draft, new Date(raisedAt).toISOString());
      stats.alerts++;
      timeline.addAlert(raisedAt);
      changed = true;
      emit(alert, 'raised');
    },
    update(rule: string, ip: string, event: SecurityEvent, counted: number): void {
      const draft = book.draftForUpdate(rule, ip);
      if (draft !== undefined) addToDraft(draft, event, counted);
    },
    close(rule: string, ip: string): void {
      const alert = book.close(rule, ip);
      if (alert !== null) {
        changed = true;
        emit(alert, 'closed');
      }
    },
  };

  function processEvent(e: SecurityEvent): void {
    stats.events++;
    stats.eventsByType[e.type]++;
    feed.push(e);
    changed = true;
    const t = e.time;
    if (!Number.isFinite(t)) return;
    if (t > (clockState[LAST_EVENT] as number)) {
      clockState[LAST_EVENT] = t;
      const second = Math.floor(t / 1000);
      if (second !== clockState[LAST_SWEEP_SECOND]) {
        clockState[LAST_SWEEP_SECOND] = second;
        for (let k = 0; k < rules.length; k++) (rules[k] as Rule).sweep(t, sink);
      }
    }
    let failures = 0;
    for (let k = 0; k < rules.length; k++) failures += (rules[k] as Rule).onEvent(e, sink);
    if (failures > 0) timeline.addFailures(t, failures);
  }

  function flushUpdates(): void {
    lastUpdateFlush = clock();
    const updated = book.flushUpdates();
    if (updated.length > 0) {
      changed = true;
      for (const a of updated) emit(a, 'updated');
    }
  }

  function endBatch(): void {
    if (book.hasUpdates && (updateIntervalMs <= 0 || clock() - lastUpdateFlush >= updateIntervalMs)) flushUpdates();
    if (changed) {
      changed = false;
      version++;
      for (const s of subscribers) s();
    }
  }

  function pushDiagnostic(d: Diagnostic): void {
    diagnostics.push(d);
    diagnosticsCache = null;
    changed = true;
  }

  return {
    ingest(lines: readonly RawLine[]): void {
      const tap = lineListeners.size > 0;
      for (let i = 0; i < lines.length; i++) {
        const raw = lines[i] as RawLine;
        stats.lines++;
        changed = true;
        const result = opts.parse(raw);
        if (tap) for (const l of lineListeners) l(raw, result);
        if (result.truncated) {
          stats.truncated++;
          pushDiagnostic({ kind: 'truncated-line', message: 'line longer than 64 KiB was cut before parsing', file: raw.file, line: raw.line });
        }
        if (result.status === 'unmatched') {
          stats.unmatched++;
          const program = result.program ?? 'unknown';
          stats.unmatchedByProgram[program] = (stats.unmatchedByProgram[program] ?? 0) + 1;
          pushDiagnostic({ kind: 'unmatched-line', message: `${program} line matched no template`, file: raw.file, line: raw.line });
        } else if (result.status === 'unknown') {
          stats.unknown++;
          if (result.reason === 'other-program') stats.otherProgram++;
          else if (result.reason === 'refused') stats.refused++;
          else stats.noEnvelope++;
        }
        const events = result.events;
        for (let j = 0; j < events.length; j++) processEvent(events[j] as SecurityEvent);
      }
      endBatch();
    },

    ingestEvents(events: readonly SecurityEvent[]): void {
      for (let j = 0; j < events.length; j++) processEvent(events[j] as SecurityEvent);
      endBatch();
    },

    finish(): void {
      for (const r of rules) r.finish(sink);
      endBatch();
    },

    onAlert(listener: AlertListener): () => void {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    },

    onLine(listener: LineListener): () => void {
      lineListeners.add(listener);
      return () => lineListeners.delete(listener);
    },

    subscribe(listener: () => void): () => void {
      subscribers.add(listener);
      return () => subscribers.delete(listener);
    },

    getSnapshot(): EngineSnapshot {
      if (book.hasUpdates) {
        flushUpdates();
        changed = false;
        version++;
      }
      if (snapshot !== null && snapshot.version === version) return snapshot;
      if (diagnosticsCache === null) diagnosticsCache = diagnostics.toArray();
      snapshot = buildSnapshot({
        version,
        alerts: book.list(),
        feedEvents: feed.toArray(),
        lastSeq: stats.events,
        lines: stats,
        timeline: timeline.buckets(lastEventTimeOrNull()),
        lastEventTime: lastEventTimeOrNull(),
        diagnostics: diagnosticsCache,
      });
      return snapshot;
    },

    getAlert(id: string): Alert | null {
      return book.get(id) ?? null;
    },

    setStatus(id: string, status: AlertStatus, at: number, note?: string): Alert | null {
      const alert = book.setStatus(id, status, new Date(at).toISOString(), note);
      if (alert === null) return null;
      changed = true;
      emit(alert, 'status');
      endBatch();
      return alert;
    },

    addDiagnostic(d: Diagnostic): void {
      pushDiagnostic(d);
      endBatch();
    },

    stats,
  };
}
