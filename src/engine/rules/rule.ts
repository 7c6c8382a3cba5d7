/**
 * Rule contract. A rule is pure and stateful: it reads events in event time and tells an
 * `IncidentSink` when an incident starts (raise), grows (update) and ends (close). Alert building,
 * enrichment and statuses happen behind the sink, not in the rule.
 */
import type { Severity } from '../model/alert.js';
import type { SecurityEvent } from '../model/event.js';
import type { WindowEntry } from '../windows/keyed-window.js';

/**
 * What an incident needs from one event: users, hosts, program family, suspicious marker and the
 * evidence line. A `SecurityEvent` is one; rules that keep many pending attempts (one per source IP
 * under a flood) keep this compact copy instead of the parser's whole event.
 */
export type AttemptRecord = Pick<SecurityEvent, 'time' | 'user' | 'host' | 'program' | 'file' | 'line' | 'raw'> & {
  readonly flags?: readonly string[];
};

/** One counted contribution to an incident: the attempt and how many attempts it stood for. */
export type CountedEvent = WindowEntry<AttemptRecord>;

export interface IncidentSink {
  /** An incident starts: `entries` are the counted events that crossed the threshold, oldest first. */
  raise(rule: string, ip: string, entries: readonly CountedEvent[]): void;
  /** An event joins an open incident; `counted` is 0 for events that only add context (users). */
  update(rule: string, ip: string, event: SecurityEvent, counted: number): void;
  /** The incident for (rule, ip) is over. */
  close(rule: string, ip: string): void;
}

export interface Rule {
  readonly id: string;
  readonly title: string;
  /** Severity of a fresh alert, before enrichment. */
  readonly severity: Severity;
  /** Processes one event; returns how many failed attempts it counted (for charts). */
  onEvent(event: SecurityEvent, sink: IncidentSink): number;
  /** Closes incidents that went quiet and drops expired state, as of event time `now`. */
  sweep(now: number, sink: IncidentSink): void;
  /** End of input: closes every open incident. */
  finish(sink: IncidentSink): void;
  /** Keys currently tracked (for bounds checks and stats). */
  readonly trackedKeys: number;
  /** Incidents currently open. */
  readonly openIncidents: number;
}

export interface RuleDefinition<C> {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly defaults: C;
  create(config: C): Rule;
}

export function defineRule<C>(def: RuleDefinition<C>): RuleDefinition<C> {
  return def;
}
