/**
 * A ConsoleStore for UI tests: state you can replace or extend, listeners notified synchronously,
 * and `vi.fn()` actions. The optional parts of the contract (diagnostics, hosts, readOnly,
 * eventLog; the ipHistory action) are absent unless a test sets them, as with a runtime that does
 * not provide them.
 */
import { vi } from 'vitest';
import { ipSubject } from '../../src/engine/model/subject.js';
import type { Alert, AlertStatus, Severity } from '../../src/engine/model/alert.js';
import { EVENT_TYPES, type EventType } from '../../src/engine/model/event.js';
import type { Counters, EngineSnapshot, FeedItem, TimelineBucket } from '../../src/engine/snapshot/types.js';
import type { ActionResult, BlockPreview, BlockRequest, ConsoleActions, ConsoleState, ConsoleStore, IpHistory } from '../../src/console/types.js';

export const NOW = Date.parse('2024-03-10T12:00:00Z');

let nextId = 1;

export function makeAlert(over: Partial<Alert> = {}): Alert {
  const n = nextId++;
  const ip = over.ip ?? `203.0.113.${n % 250}`;
  return {
    id: `alert-${n}`,
    rule: 'BRUTE_FORCE',
    severity: 'HIGH',
    ip,
    firstSeen: '2024-03-10T11:58:00.000Z',
    lastSeen: new Date(Date.parse('2024-03-10T11:59:00.000Z') + n * 1000).toISOString(),
    count: 6,
    hosts: ['web1'],
    users: ['root'],
    intel: [],
    flags: [],
    status: 'new',
    history: [{ status: 'new', at: '2024-03-10T11:59:00.000Z' }],
    evidence: [
      {
        time: '2024-03-10T11:58:00.000Z',
        file: '/var/log/auth.log',
        line: 42,
        text: `Mar 10 11:58:00 web1 sshd[1]: Failed password for root from ${ip} port 2222 ssh2`,
      },
    ],
    summary: `6 failed SSH logins from ${ip} in 60s`,
    ...over,
    subject: over.subject ?? ipSubject(ip as string),
  };
}

let nextSeq = 1;

export function makeFeedItem(over: Partial<FeedItem> = {}): FeedItem {
  const seq = nextSeq++;
  return {
    seq,
    time: NOW - 60_000 + seq * 100,
    type: 'auth_failure',
    program: 'sshd',
    host: 'web1',
    ip: '198.51.100.7',
    rhost: null,
    user: 'admin',
    count: 1,
    method: 'password',
    dport: null,
    weight: 'attempt',
    ...over,
  };
}

function zeroTypes(): Record<EventType, number> {
  return Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
}

/** Counters consistent with `alerts` (per rule, severity and status). */
export function countersFor(alerts: readonly Alert[], eventsByType: Partial<Record<EventType, number>> = {}): Counters {
  const bySeverity: Record<Severity, number> = { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
  const byStatus: Record<AlertStatus, number> = { new: 0, acknowledged: 0, resolved: 0, false_positive: 0, blocked: 0 };
  const byRule: Record<string, number> = {};
  for (const a of alerts) {
    bySeverity[a.severity]++;
    byStatus[a.status]++;
    byRule[a.rule] = (byRule[a.rule] ?? 0) + 1;
  }
  const types = { ...zeroTypes(), ...eventsByType };
  const events = Object.values(types).reduce((s, n) => s + n, 0);
  return {
    lines: events,
    events,
    unmatched: 0,
    unknown: 0,
    truncated: 0,
    eventsByType: types,
    alertsByRule: byRule,
    alertsBySeverity: bySeverity,
    alertsByStatus: byStatus,
  };
}

export function makeTimeline(values: ReadonlyArray<[alerts: number, failures: number]> = []): TimelineBucket[] {
  const start = NOW - values.length * 60_000;
  return values.map(([alerts, failures], i) => ({ minute: start + i * 60_000, alerts, failures }));
}

export function makeSnapshot(over: Partial<EngineSnapshot> = {}): EngineSnapshot {
  const alerts = over.alerts ?? [];
  return {
    version: 1,
    alerts,
    feed: [],
    counters: countersFor(alerts),
    timeline: makeTimeline(),
    lastEventTime: null,
    ...over,
  };
}

export function makeState(over: Partial<ConsoleState> = {}): ConsoleState {
  return {
    snapshot: makeSnapshot(),
    sources: [{ name: '/var/log/auth.log', state: 'tailing' }],
    eventsPerSecond: 2.5,
    startedAt: NOW - 3_725_000,
    now: NOW,
    blocks: [],
    warnings: [],
    responder: { name: 'simulate', durationSeconds: 3600, simulated: true },
    ...over,
  };
}

export interface FakeConsole {
  readonly store: ConsoleStore;
  readonly actions: {
    setStatus: ReturnType<typeof vi.fn<(alertId: string, status: AlertStatus) => void>>;
    block: ReturnType<typeof vi.fn<(ip: string, alertId: string | null, opts?: BlockRequest) => Promise<ActionResult>>>;
    unblock: ReturnType<typeof vi.fn<(ip: string) => Promise<ActionResult>>>;
    shutdown: ReturnType<typeof vi.fn<() => Promise<void>>>;
  };
  /** Replace the whole state and notify. */
  setState(next: ConsoleState): void;
  /** Merge into the state and notify. */
  update(patch: Partial<ConsoleState>): void;
  /** Put alerts in front (most recently raised first), bump the version, recount, notify. */
  addAlerts(...alerts: Alert[]): void;
  /** Replace the snapshot's alerts (recounting) and notify. */
  setAlerts(alerts: Alert[]): void;
  /** Append feed items and notify. */
  addFeed(...items: FeedItem[]): void;
  /** Provide (or take away) the optional `ipHistory` action. */
  setIpHistory(lookup: ((ip: string) => IpHistory) | undefined): void;
  /** Provide (or take away) the optional `previewBlock` action (the guard's verdict). */
  setPreviewBlock(preview: ((target: string) => BlockPreview) | undefined): void;
  readonly state: ConsoleState;
}

export function createFakeConsole(initial: Partial<ConsoleState> = {}): FakeConsole {
  let state = makeState(initial);
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const l of [...listeners]) l();
  };
  const actions = {
    setStatus: vi.fn<(alertId: string, status: AlertStatus) => void>(),
    block: vi.fn(async (ip: string, _alertId: string | null, _opts?: BlockRequest): Promise<ActionResult> => ({
      ok: true,
      message: `Blocked ${ip} (simulate, 1h)`,
    })),
    unblock: vi.fn(async (ip: string): Promise<ActionResult> => ({ ok: true, message: `Unblocked ${ip}` })),
    shutdown: vi.fn(async (): Promise<void> => undefined),
  };
  const actionsView: ConsoleActions = actions;
  const store: ConsoleStore = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
    actions: actionsView,
  };
  const setSnapshot = (alerts: readonly Alert[], feed = state.snapshot.feed): void => {
    state = {
      ...state,
      snapshot: {
        ...state.snapshot,
        version: state.snapshot.version + 1,
        alerts,
        feed,
        counters: { ...countersFor(alerts, state.snapshot.counters.eventsByType) },
      },
    };
  };
  return {
    store,
    actions,
    get state() {
      return state;
    },
    setState(next) {
      state = next;
      notify();
    },
    update(patch) {
      state = { ...state, ...patch };
      notify();
    },
    addAlerts(...alerts) {
      setSnapshot([...alerts, ...state.snapshot.alerts]);
      notify();
    },
    setAlerts(alerts) {
      setSnapshot(alerts);
      notify();
    },
    addFeed(...items) {
      setSnapshot(state.snapshot.alerts, [...state.snapshot.feed, ...items]);
      notify();
    },
    setPreviewBlock(preview) {
      if (preview) actionsView.previewBlock = preview;
      else delete actionsView.previewBlock;
    },
    setIpHistory(lookup) {
      if (lookup) actionsView.ipHistory = lookup;
      else delete actionsView.ipHistory;
    },
  };
}
