/**
 * BRUTE_FORCE: too many failed logins from one source IP, in event time.
 *
 * "More than `threshold` failed attempts within `windowSeconds`": with the defaults (5, 60 s) the
 * 6th attempt within 60 s fires; 5 do not, and 6 attempts spread over exactly 60.000 s do not
 * (an attempt at t is inside the window of an attempt at u ≥ t when u − t < 60 000 ms).
 *
 * What counts: each event's `attempts`, decided by the parser (parsers/attempt-counter.ts: a
 * `message repeated N times` line adds N at once, a connection that named an invalid user counts
 * max(1, failures), a PAM line counts only where sshd's own `Failed` line is missing, …), so `parse`
 * shows exactly what this rule counts. Events without an IP never count (rhost names don't).
 *
 * One incident per IP: once fired, further attempts update the same incident; it closes after a
 * full window without a counted attempt, and the next attempt starts again from zero.
 * State is bounded: per-IP windows expire with event time, tracked IPs, credited connections and
 * open incidents are capped (least recently used dropped first; an open incident dropped by the
 * cap is closed early). A pending attempt is kept as a compact `AttemptRecord`, not the parsed
 * event, so a flood of distinct sources costs a few hundred bytes per tracked IP.
 */
import type { SecurityEvent } from '../model/event.js';
import { KeyedWindow } from '../windows/keyed-window.js';
import { LruMap } from '../windows/lru-map.js';
import { defineRule, type AttemptRecord, type IncidentSink, type Rule } from './rule.js';

export const BRUTE_FORCE = 'BRUTE_FORCE';

export interface BruteForceConfig {
  /** Attempts allowed inside the window; one more fires. */
  threshold: number;
  windowSeconds: number;
  /** Cap on tracked source IPs. Default 100,000. */
  maxTrackedIps?: number;
  /** Unused: connections are tracked by the parser's attempt counter (bounded there). */
  maxConnections?: number;
  /**
   * Cap on incidents open at once. Past it the least recently updated incident is closed early
   * (reported with what it has; a later attempt from that IP starts a new count). Default 10,000.
   */
  maxOpenIncidents?: number;
}

interface OpenIncident {
  lastSeen: number;
}

const SUSPICIOUS_FLAGS: readonly string[] = Object.freeze(['suspicious']);
const MAX_INTERNED_NAMES = 1024;
const MAX_INTERNED_USERS = 4096;

/** The shared copy of `s` from `table` (added while the table has room). */
function intern(table: Map<string, string>, s: string, max: number): string {
  const hit = table.get(s);
  if (hit !== undefined) return hit;
  if (table.size < max && s.length <= 64) table.set(s, s);
  return s;
}

class BruteForce implements Rule {
  readonly id = BRUTE_FORCE;
  readonly title = 'SSH brute force';
  readonly severity = 'HIGH' as const;
  readonly #threshold: number;
  readonly #windowMs: number;
  readonly #maxIps: number;
  readonly #window: KeyedWindow<string, AttemptRecord>;
  /** Interned host / program and user names for pending attempts (bounded). */
  readonly #names = new Map<string, string>();
  readonly #users = new Map<string, string>();
  /** Open incidents by IP, least recently updated first. */
  readonly #open: LruMap<string, OpenIncident>;
  // Sweep state and callbacks, bound once (the sweep runs once per second of event time).
  #sweepNow = 0;
  #sweepSink: IncidentSink | null = null;
  readonly #incidentOver = (inc: OpenIncident): boolean => this.#sweepNow - inc.lastSeen >= this.#windowMs;
  readonly #closeQuiet = (ip: string): void => this.#sweepSink?.close(BRUTE_FORCE, ip);

  constructor(config: BruteForceConfig) {
    if (!Number.isInteger(config.threshold) || config.threshold < 1) {
      throw new RangeError(`threshold must be an integer ≥ 1, got ${config.threshold}`);
    }
    if (!(config.windowSeconds > 0)) throw new RangeError(`windowSeconds must be > 0, got ${config.windowSeconds}`);
    this.#threshold = config.threshold;
    this.#windowMs = config.windowSeconds * 1000;
    this.#maxIps = config.maxTrackedIps ?? 100_000;
    this.#open = new LruMap(Math.max(1, config.maxOpenIncidents ?? 10_000));
    this.#window = new KeyedWindow({
      windowMs: this.#windowMs,
      maxKeys: this.#maxIps,
      // Before firing a key holds at most `threshold` attempts, so this never merges in practice.
      maxEntriesPerKey: this.#threshold + 1,
    });
  }

  get trackedKeys(): number {
    return this.#window.size + this.#open.size;
  }

  get openIncidents(): number {
    return this.#open.size;
  }

  onEvent(e: SecurityEvent, sink: IncidentSink): number {
    const ip = e.ip;
    const counted = e.attempts;
    // (A `none` line may still carry attempts: a disconnect that confirms a PAM failure sshd never reported.)
    if (ip === null || (counted === 0 && e.weight === 'none')) return 0;
    if (!(counted > 0) || !Number.isFinite(e.time)) {
      // Context only: users and hosts of an open incident.
      if (this.#open.size > 0 && Number.isFinite(e.time)) {
        const inc = this.#open.peek(ip);
        if (inc !== undefined && e.time - inc.lastSeen < this.#windowMs) sink.update(BRUTE_FORCE, ip, e, 0);
      }
      return 0;
    }

    if (this.#open.size > 0) {
      const inc = this.#open.get(ip); // touch: the sweep walks least recently updated first
      if (inc !== undefined) {
        if (e.time - inc.lastSeen < this.#windowMs) {
          if (e.time > inc.lastSeen) inc.lastSeen = e.time;
          sink.update(BRUTE_FORCE, ip, e, counted);
          return counted;
        }
        // Quiet for a full window: that incident is over, this attempt starts a new count.
        this.#open.delete(ip);
        sink.close(BRUTE_FORCE, ip);
      }
    }

    const total = this.#window.add(ip, e.time, counted, this.#record(e));
    if (total > this.#threshold) {
      const entries = this.#window.entries(ip);
      this.#window.delete(ip);
      let lastSeen = e.time;
      for (const entry of entries) if (entry.time > lastSeen) lastSeen = entry.time;
      const dropped = this.#open.set(ip, { lastSeen });
      if (dropped !== undefined) sink.close(BRUTE_FORCE, dropped.key);
      sink.raise(BRUTE_FORCE, ip, entries);
    }
    return counted;
  }

  sweep(now: number, sink: IncidentSink): void {
    this.#window.expire(now);
    this.#sweepNow = now;
    if (this.#open.size > 0) {
      this.#sweepSink = sink;
      this.#open.dropOldestWhile(this.#incidentOver, this.#closeQuiet);
      this.#sweepSink = null;
    }
  }

  /**
   * A compact copy of a pending attempt: what the alert needs if the IP crosses the threshold.
   * Under a flood of distinct sources every tracked IP holds one, so it keeps 8 fields instead of
   * the parser's ~20 (and the strings it points to), with host, program and common user names
   * interned.
   */
  #record(e: SecurityEvent): AttemptRecord {
    const suspicious = e.flags !== undefined && e.flags.length > 0 && e.flags.includes('suspicious');
    return {
      time: e.time,
      user: e.user === null ? null : intern(this.#users, e.user, MAX_INTERNED_USERS),
      host: e.host === null ? null : intern(this.#names, e.host, MAX_INTERNED_NAMES),
      program: intern(this.#names, e.program, MAX_INTERNED_NAMES),
      file: e.file,
      line: e.line,
      raw: e.raw,
      flags: suspicious ? SUSPICIOUS_FLAGS : undefined,
    };
  }

  finish(sink: IncidentSink): void {
    for (const ip of this.#open.keys()) {
      this.#open.delete(ip);
      sink.close(BRUTE_FORCE, ip);
    }
    this.#window.clear();
  }
}

export const bruteForceRule = defineRule<BruteForceConfig>({
  id: BRUTE_FORCE,
  title: 'SSH brute force',
  severity: 'HIGH',
  defaults: { threshold: 5, windowSeconds: 60 },
  create: (config) => new BruteForce(config),
});
