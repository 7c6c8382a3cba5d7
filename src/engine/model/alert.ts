/** Alerts: what rules raise, the store keeps and the console shows. */
import type { Subject } from './subject.js';

export type { Subject, SubjectKind } from './subject.js';

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_STATUSES = ['new', 'acknowledged', 'resolved', 'false_positive', 'blocked'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** One threat-intel entry that matched the alert's IP. */
export interface IntelMatch {
  /** Feed file name (basename). */
  file: string;
  /** The entry as written in the feed (`203.0.113.0/24`, `2001:db8::45`). */
  entry: string;
  reason: string | null;
  source: string | null;
}

/** One raw log line behind an alert. */
export interface Evidence {
  /** ISO-8601 UTC event time. */
  time: string;
  file: string;
  line: number;
  /** The raw line, attacker-controlled: escape before display. */
  text: string;
}

export interface StatusChange {
  status: AlertStatus;
  /** ISO-8601 wall-clock time of the change. */
  at: string;
  note?: string;
}

export interface Alert {
  /** Stable id: same input → same id (replay and live agree). */
  id: string;
  rule: string;
  severity: Severity;
  /** What the incident is about (an IP, a user, a host, an IP and user). */
  subject: Subject;
  /** The source address whenever the subject has one, else null (e.g. a distributed attack on one user). */
  ip: string | null;
  /** ISO-8601 UTC event time of the first counted event of the incident. */
  firstSeen: string;
  /** ISO-8601 UTC event time of the latest counted event. */
  lastSeen: string;
  /** Failed attempts (or rule-specific units) counted in the incident so far. */
  count: number;
  /** Logging hosts that saw the incident (capped). */
  hosts: string[];
  /** User names tried (capped, as logged; escape before display). */
  users: string[];
  intel: IntelMatch[];
  /** e.g. `KNOWN_THREAT`, `USERS_TRUNCATED`, `SUSPICIOUS_INPUT`. */
  flags: string[];
  status: AlertStatus;
  /** Status history, oldest first (first entry is `new`). */
  history: StatusChange[];
  /** Up to 20 raw lines (the first ones and the latest ones of the incident). */
  evidence: Evidence[];
  /** One readable sentence, written by the rule. */
  summary: string;
  /** The rule's own facts (ports hit, users sprayed, bytes against the baseline…); absent when none. */
  facts?: Record<string, string | number | boolean | readonly string[] | readonly number[]>;
}

export const MAX_EVIDENCE = 20;
export const MAX_USERS = 50;
export const MAX_HOSTS = 20;
