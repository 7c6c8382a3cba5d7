import type { Alert, AlertStatus, Severity } from '../model/alert.js';
import type { AttemptWeight, EventType } from '../model/event.js';

/** One row of the live event feed (bounded ring in the engine). Strings are raw: escape before display. */
export interface FeedItem {
  /** Monotonic sequence number, stable React key. */
  seq: number;
  time: number;
  type: EventType;
  program: string;
  host: string | null;
  ip: string | null;
  rhost: string | null;
  user: string | null;
  count: number;
  method: string | null;
  dport: number | null;
  /** How the event counts toward failed logins (`corroboration` = an echo of an attempt already counted). */
  weight: AttemptWeight;
}

/** Per-minute bucket of event time for the chart. */
export interface TimelineBucket {
  /** Start of the minute, ms since epoch. */
  minute: number;
  /** Alerts raised in that minute. */
  alerts: number;
  /** Failed authentication attempts counted in that minute. */
  failures: number;
}

/** One thing a user should know about: a source failing or recovering, a line no parser read, a store or intel warning. */
export interface Diagnostic {
  kind: 'unmatched-line' | 'unknown-line' | 'truncated-line' | 'bad-intel-row' | 'source' | 'store' | 'config' | 'refused-record' | 'sink' | 'responder';
  /** One sentence; may quote attacker-controlled text: escape before display. */
  message: string;
  /** The source it concerns (file path, `journal`, `udp://…`), when one. */
  source?: string;
  file?: string;
  line?: number;
  /** `error` for failures, `info` for recoveries and notes. @default 'warning' */
  level?: 'error' | 'warning' | 'info';
}

export interface Counters {
  lines: number;
  events: number;
  unmatched: number;
  unknown: number;
  truncated: number;
  eventsByType: Record<EventType, number>;
  alertsByRule: Record<string, number>;
  alertsBySeverity: Record<Severity, number>;
  alertsByStatus: Record<AlertStatus, number>;
}

/**
 * Immutable view of the engine. `getSnapshot()` returns the same object until something changed
 * (as `useSyncExternalStore` requires).
 */
export interface EngineSnapshot {
  /** Increases with every change. */
  version: number;
  /** Retained alerts, most recently raised first (bounded). */
  alerts: readonly Alert[];
  /** Newest events, oldest first (bounded ring, e.g. 200). */
  feed: readonly FeedItem[];
  counters: Counters;
  /** Last 60 minutes of event time, oldest first, one bucket per minute (empty minutes included). */
  timeline: readonly TimelineBucket[];
  /** Latest event time seen, or null. */
  lastEventTime: number | null;
}
