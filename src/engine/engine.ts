/**
 * The detection engine: lines → parser → rules (event time) → enrichment → alert book, with a
 * lazily built snapshot for the UI. Synchronous and deterministic: the same lines give the same
 * alerts (ids included) in replay and live. The per-line path only increments counters, pushes the
 * event into the feed ring and runs the rules; snapshot work happens in `getSnapshot()`, alert
 * objects for growing incidents are re-built once per batch.
 */
import { withGetters } from './with-getters.js';
import { addToDraft, createDraft } from './alerts/alert-builder.js';
import { AlertBook } from './alerts/alert-book.js';
import { escalate } from './enrichment/escalate.js';
import type { IntelIndex } from './enrichment/intel-index.js';
import type { Alert, AlertStatus } from './model/alert.js';
import type { RawLine, SecurityEvent } from './model/event.js';
import type { LineParser, ParseResult } from './parsers/types.js';
import { IncidentTracker, type IncidentSink } from './incidents/incident-tracker.js';
import { createRules, type RulesConfig } from './rules/index.js';
import type { Rule, RuleContext } from './rules/rule.js';
import { buildSnapshot, emptyEventCounts, type LineCounters } from './snapshot/snapshot.js';
import { MinuteTimeline } from './snapshot/timeline.js';
import type { EngineSnapshot } from './snapshot/types.js';
import { draftFromAlert } from './alerts/alert-builder.js';
import { RingBuffer } from './windows/ring-buffer.js';

export type AlertChange = 'raised' | 'updated' | 'closed' | 'status';
export type AlertListener = (alert: Alert, change: AlertChange) => void;
export type LineListener = (raw: RawLine, result: ParseResult) => void;

export interface EngineOptions {
  /** From `createLineParser`. */
  parse: LineParser;
  /** The rules to run, created by the caller (the runtime builds them from the catalogue). */
  rules?: readonly Rule[];
  /** Without `rules`: rule config sections by key (`{ bruteForce: { threshold: 5 } }`), defaults otherwise. */
  config?: { rules?: RulesConfig; bruteForce?: unknown };
  intel?: IntelIndex;
  /** Alerts from the store (treated as closed incidents). */
  initialAlerts?: readonly Alert[];
  /** Events kept in the live feed. Default 200. */
  feedSize?: number;
  /** Retained alerts. Default 5000. */
  maxAlerts?: number;
  /** Source IPs tracked by rules (attempts below the threshold). Default 100,000. */
  maxTrackedIps?: number;
  /** Incidents open at once per rule; past it the least recently updated one is closed early. Default 10,000. */
  maxOpenIncidents?: number;
  /**
   * Growing incidents are re-built and emitted as 'updated' at most this often (wall clock, ms),
   * and whenever `getSnapshot()` is called; 'raised' and 'closed' are always immediate and exact.
   * 0 = after every batch. Default 200.
   */
  updateIntervalMs?: number;
  /** Monotonic clock in ms for `updateIntervalMs`, given by the runtime (the core reads no clock). Default: none, so updates flush per batch only when `updateIntervalMs` ≤ 0, and on `getSnapshot()`. */
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
  /**
   * Re-builds the alerts of growing incidents now and emits them as 'updated' (the runtime calls it
   * before each store write, so the stored alerts cover every line processed).
   */
  flushPending(): void;
  /** Flags an alert (e.g. `STILL_ACTIVE_AFTER_BLOCK`); emitted as 'updated'. Returns the alert, or null. */
  addFlag(id: string, flag: string): Alert | null;
  /** Replaces the threat-intel index (live reload): alerts raised afterwards use the new one. */
  setIntel(index: IntelIndex): void;
  /** Warm-up (restart resume): lines re-read only to rebuild the rules' windows change no alert. */
  setWarm(warm: boolean): void;
  /** Open incidents, for a checkpoint: rule, subject key, last counted time and the alert id. */
  openIncidents(): OpenIncidentRecord[];
  /**
   * Re-opens incidents saved in a checkpoint from their stored alerts, so an incident that spans a
   * restart stays one alert; records whose alert is gone are skipped. Returns how many were restored.
   */
  restoreIncidents(records: readonly OpenIncidentRecord[]): number;
  readonly stats: EngineStats;
}

/** One open incident as a checkpoint keeps it. */
export interface OpenIncidentRecord {
  rule: string;
  key: string;
  lastSeen: number;
  alertId: string;
  sshOnly: boolean;
}

export function createEngine(opts: EngineOptions): Engine {
  const maxTrackedIps = opts.maxTrackedIps ?? 100_000;
  const rules: readonly Rule[] =
    opts.rules ?? createRules({ ...(opts.config?.rules ?? {}), ...(opts.config?.bruteForce ? { bruteForce: opts.config.bruteForce } : {}) }, { maxTrackedKeys: maxTrackedIps });
  let intel = opts.intel;
  const book = new AlertBook({ maxAlerts: opts.maxAlerts ?? 5000 });
  if (opts.initialAlerts !== undefined && opts.initialAlerts.length > 0) book.load(opts.initialAlerts);
  const feed = new RingBuffer<SecurityEvent>(opts.feedSize ?? 200);
  const timeline = new MinuteTimeline();
  const alertListeners = new Set<AlertListener>();
  const lineListeners = new Set<LineListener>();
  const subscribers = new Set<() => void>();

  const stats: EngineStats = withGetters(
    {
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
    },
    {
      trackedKeys: (): number => {
        let n = 0;
        for (const r of rules) n += r.trackedKeys;
        return n;
      },
      openIncidents: (): number => tracker.openCount,
    },
  );

  const updateIntervalMs = opts.updateIntervalMs ?? 200;
  const clock = opts.clock ?? (() => 0);
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
  let warm = false;

  const emit = (alert: Alert, change: AlertChange): void => {
    for (const l of alertListeners) l(alert, change);
  };

  // --- Rules that watch alerts (`Rule.onAlertRaised`): each raised alert is handed to them in
  // raise order. An alert raised by a hook is queued and delivered after the current one, so hooks
  // never nest. ---
  const alertHooks: { rule: Rule; ctx: RuleContext }[] = [];
  const raisedQueue: Alert[] = [];
  let deliveringRaised = false;
  function deliverRaised(alert: Alert): void {
    if (alertHooks.length === 0) return;
    raisedQueue.push(alert);
    if (deliveringRaised) return;
    deliveringRaised = true;
    try {
      for (let i = 0; i < raisedQueue.length; i++) {
        const a = raisedQueue[i] as Alert;
        for (const h of alertHooks) h.rule.onAlertRaised?.(a, h.ctx);
      }
    } finally {
      raisedQueue.length = 0;
      deliveringRaised = false;
    }
  }
  // --- end of alert hooks ---

  const sink: IncidentSink = {
    raise(rule, subject, entries, facts, options): void {
      if (warm) return;
      const matches = intel === undefined || subject.ip === null ? [] : intel.lookup(subject.ip);
      const esc = escalate(options?.severity ?? rule.severity, matches);
      const flags = options?.flags === undefined || options.flags.length === 0 ? esc.flags : [...esc.flags, ...options.flags];
      const draft = createDraft(rule.id, subject, esc.severity, matches, flags, (d) => rule.summarize(d), facts ?? {});
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
      deliverRaised(alert);
    },
    update(rule, key, record, counted, facts): void {
      if (warm) return;
      const draft = book.draftForUpdate(rule.id, key);
      if (draft === undefined) return;
      addToDraft(draft, record, counted);
      if (facts !== undefined) facts(draft.facts);
    },
    close(rule, key): void {
      if (warm) return;
      const alert = book.close(rule.id, key);
      if (alert !== null) {
        changed = true;
        emit(alert, 'closed');
      }
    },
  };
  const tracker = new IncidentTracker(rules, sink, opts.maxOpenIncidents ?? 10_000);
  const contexts: RuleContext[] = rules.map((r) => tracker.contextFor(r));
  rules.forEach((r, k) => {
    if (r.onAlertRaised !== undefined) alertHooks.push({ rule: r, ctx: contexts[k] as RuleContext });
  });

  function processEvent(e: SecurityEvent): void {
    if (!warm) {
      stats.events++;
      stats.eventsByType[e.type]++;
      feed.push(e);
      changed = true;
    }
    const t = e.time;
    if (!Number.isFinite(t)) return;
    if (t > (clockState[LAST_EVENT] as number)) {
      clockState[LAST_EVENT] = t;
      const second = Math.floor(t / 1000);
      if (second !== clockState[LAST_SWEEP_SECOND]) {
        clockState[LAST_SWEEP_SECOND] = second;
        for (let k = 0; k < rules.length; k++) (rules[k] as Rule).sweep(t, contexts[k] as RuleContext);
        tracker.sweep(t);
      }
    }
    let failures = 0;
    for (let k = 0; k < rules.length; k++) failures += (rules[k] as Rule).onEvent(e, contexts[k] as RuleContext);
    if (failures > 0 && !warm) timeline.addFailures(t, failures);
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

  return {
    ingest(lines: readonly RawLine[]): void {
      const tap = lineListeners.size > 0;
      for (let i = 0; i < lines.length; i++) {
        const raw = lines[i] as RawLine;
        stats.lines++;
        changed = true;
        const result = opts.parse(raw);
        if (tap) for (const l of lineListeners) l(raw, result);
        if (result.truncated) stats.truncated++;
        if (result.status === 'unmatched') {
          stats.unmatched++;
          const program = result.program ?? 'unknown';
          stats.unmatchedByProgram[program] = (stats.unmatchedByProgram[program] ?? 0) + 1;
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
      // Rules report what they still hold (`Rule.drain`) before every incident is closed.
      rules.forEach((r, k) => r.drain?.(contexts[k] as RuleContext));
      tracker.finish();
      for (const r of rules) r.finish();
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
      snapshot = buildSnapshot({
        version,
        alerts: book.list(),
        feedEvents: feed.toArray(),
        lastSeq: stats.events,
        lines: stats,
        timeline: timeline.buckets(lastEventTimeOrNull()),
        lastEventTime: lastEventTimeOrNull(),
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

    flushPending(): void {
      if (book.hasUpdates) flushUpdates();
      endBatch();
    },

    addFlag(id: string, flag: string): Alert | null {
      const alert = book.addFlag(id, flag);
      if (alert === null) return null;
      changed = true;
      emit(alert, 'updated');
      endBatch();
      return alert;
    },

    setIntel(index: IntelIndex): void {
      intel = index;
    },

    setWarm(on: boolean): void {
      warm = on;
    },

    openIncidents(): OpenIncidentRecord[] {
      const out: OpenIncidentRecord[] = [];
      const open = tracker.openIncidents();
      for (const rule of Object.keys(open)) {
        for (const { key, lastSeen } of open[rule] ?? []) {
          const draft = book.openDraft(rule, key);
          const alertId = book.openAlertId(rule, key);
          if (draft === undefined || alertId === undefined) continue;
          out.push({ rule, key, lastSeen, alertId, sshOnly: draft.sshOnly });
        }
      }
      return out;
    },

    restoreIncidents(records: readonly OpenIncidentRecord[]): number {
      let n = 0;
      for (const r of records) {
        const rule = rules.find((x) => x.id === r.rule);
        const alert = book.get(r.alertId);
        if (rule === undefined || alert === undefined || !Number.isFinite(r.lastSeen)) continue;
        const draft = draftFromAlert(alert, (d) => rule.summarize(d), r.sshOnly);
        if (!book.reopen(r.alertId, r.key, draft)) continue;
        tracker.restore(r.rule, r.key, r.lastSeen);
        n++;
      }
      if (n > 0) {
        changed = true;
        endBatch();
      }
      return n;
    },

    stats,
  };
}
