/**
 * Builds the immutable `EngineSnapshot` from engine state. Called lazily by `getSnapshot()` only
 * when something changed, never per line.
 */
import { ALERT_STATUSES, SEVERITIES, type Alert, type AlertStatus, type Severity } from '../model/alert.js';
import { EVENT_TYPES, type EventType, type SecurityEvent } from '../model/event.js';
import type { Counters, EngineSnapshot, FeedItem, TimelineBucket } from './types.js';

export function emptyEventCounts(): Record<EventType, number> {
  const out = {} as Record<EventType, number>;
  for (const t of EVENT_TYPES) out[t] = 0;
  return out;
}

export interface LineCounters {
  lines: number;
  events: number;
  unmatched: number;
  unknown: number;
  truncated: number;
  eventsByType: Record<EventType, number>;
}

export function countAlerts(alerts: readonly Alert[]): Pick<Counters, 'alertsByRule' | 'alertsBySeverity' | 'alertsByStatus'> {
  const alertsByRule: Record<string, number> = {};
  const alertsBySeverity = {} as Record<Severity, number>;
  const alertsByStatus = {} as Record<AlertStatus, number>;
  for (const s of SEVERITIES) alertsBySeverity[s] = 0;
  for (const s of ALERT_STATUSES) alertsByStatus[s] = 0;
  for (const a of alerts) {
    alertsByRule[a.rule] = (alertsByRule[a.rule] ?? 0) + 1;
    alertsBySeverity[a.severity]++;
    alertsByStatus[a.status]++;
  }
  return { alertsByRule, alertsBySeverity, alertsByStatus };
}

/** Feed rows for the events in the ring, oldest first; `lastSeq` is the sequence number of the newest. */
export function feedItems(events: readonly SecurityEvent[], lastSeq: number): FeedItem[] {
  const first = lastSeq - events.length + 1;
  return events.map((e, i) =>
    Object.freeze({
      seq: first + i,
      time: e.time,
      type: e.type,
      program: e.program,
      host: e.host,
      ip: e.ip,
      rhost: e.rhost,
      user: e.user,
      count: e.count,
      method: e.method ?? null,
      dport: e.dport ?? null,
      weight: e.weight,
    }),
  );
}

export interface SnapshotParts {
  version: number;
  alerts: readonly Alert[];
  feedEvents: readonly SecurityEvent[];
  lastSeq: number;
  lines: LineCounters;
  timeline: readonly TimelineBucket[];
  lastEventTime: number | null;
}

export function buildSnapshot(p: SnapshotParts): EngineSnapshot {
  const counters: Counters = {
    lines: p.lines.lines,
    events: p.lines.events,
    unmatched: p.lines.unmatched,
    unknown: p.lines.unknown,
    truncated: p.lines.truncated,
    eventsByType: { ...p.lines.eventsByType },
    ...countAlerts(p.alerts),
  };
  return Object.freeze({
    version: p.version,
    alerts: p.alerts,
    feed: Object.freeze(feedItems(p.feedEvents, p.lastSeq)),
    counters: Object.freeze(counters),
    timeline: Object.freeze(p.timeline),
    lastEventTime: p.lastEventTime,
  });
}
