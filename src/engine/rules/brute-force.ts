/**
 * BRUTE_FORCE: too many failed logins from one source IP, in event time.
 *
 * "More than `threshold` failed attempts within `windowSeconds`": with the defaults (5, 60 s) the
 * 6th attempt within 60 s fires; 5 do not, and 6 attempts spread over exactly 60.000 s do not
 * (an attempt at t is inside the window of an attempt at u ≥ t when u − t < 60 000 ms).
 *
 * What counts (see `AttemptWeight`):
 * - `attempt` events count `count` (a `message repeated N times` line adds N at once);
 * - `credit` events (invalid / not allowed user) count 1, and the first `attempt` of the same
 *   connection is absorbed, so a connection counts max(1, failures). Connection = host+pid, or
 *   host+ip+port without a pid;
 * - `corroboration` and `none` never count; events without an IP never count (rhost names don't).
 *
 * One incident per IP: once fired, further attempts update the same incident; it closes after a
 * full window without a counted attempt, and the next attempt starts again from zero.
 * State is bounded: per-IP windows expire with event time, tracked IPs and connections are capped
 * (least recently used dropped first).
 */
import type { SecurityEvent } from '../model/event.js';
import { KeyedWindow } from '../windows/keyed-window.js';
import { LruMap } from '../windows/lru-map.js';
import { defineRule, type IncidentSink, type Rule } from './rule.js';

export const BRUTE_FORCE = 'BRUTE_FORCE';

export interface BruteForceConfig {
  /** Attempts allowed inside the window; one more fires. */
  threshold: number;
  windowSeconds: number;
  /** Cap on tracked source IPs. Default 100,000. */
  maxTrackedIps?: number;
  /** Cap on remembered credited connections. Default 50,000. */
  maxConnections?: number;
}

/** How long a credit waits for the connection's first failure before it is forgotten. */
const CREDIT_TTL_MS = 10 * 60_000;

interface OpenIncident {
  lastSeen: number;
}

class BruteForce implements Rule {
  readonly id = BRUTE_FORCE;
  readonly title = 'SSH brute force';
  readonly severity = 'HIGH' as const;
  readonly #threshold: number;
  readonly #windowMs: number;
  readonly #maxIps: number;
  readonly #maxConnections: number;
  readonly #window: KeyedWindow<string, SecurityEvent>;
  /** Open incidents by IP, least recently updated first. */
  readonly #open: LruMap<string, OpenIncident>;
  /** Connection key → event time of its credit line, waiting to absorb the first failure. */
  readonly #credits: LruMap<string, number>;

  constructor(config: BruteForceConfig) {
    if (!Number.isInteger(config.threshold) || config.threshold < 1) {
      throw new RangeError(`threshold must be an integer ≥ 1, got ${config.threshold}`);
    }
    if (!(config.windowSeconds > 0)) throw new RangeError(`windowSeconds must be > 0, got ${config.windowSeconds}`);
    this.#threshold = config.threshold;
    this.#windowMs = config.windowSeconds * 1000;
    this.#maxIps = config.maxTrackedIps ?? 100_000;
    this.#maxConnections = config.maxConnections ?? 50_000;
    this.#open = new LruMap(this.#maxIps);
    this.#credits = new LruMap(this.#maxConnections);
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
    const weight = e.weight;
    if (ip === null || weight === 'none') return 0;
    let counted = 0;
    if (weight === 'attempt') {
      counted = e.count;
      if (this.#credits.size > 0) {
        const conn = connectionKey(e);
        if (conn !== null) {
          const creditTime = this.#credits.peek(conn);
          if (creditTime !== undefined) {
            this.#credits.delete(conn);
            if (Math.abs(e.time - creditTime) < CREDIT_TTL_MS) counted -= 1;
          }
        }
      }
    } else if (weight === 'credit') {
      counted = 1;
      const conn = connectionKey(e);
      if (conn !== null) this.#credits.set(conn, e.time);
    }
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

    const total = this.#window.add(ip, e.time, counted, e);
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
    if (this.#open.size > 0) {
      this.#open.dropOldestWhile(
        (inc) => now - inc.lastSeen >= this.#windowMs,
        (ip) => sink.close(BRUTE_FORCE, ip),
      );
    }
    if (this.#credits.size > 0) this.#credits.dropOldestWhile((t) => now - t >= CREDIT_TTL_MS);
  }

  finish(sink: IncidentSink): void {
    for (const ip of this.#open.keys()) {
      this.#open.delete(ip);
      sink.close(BRUTE_FORCE, ip);
    }
    this.#window.clear();
    this.#credits.clear();
  }
}

function connectionKey(e: SecurityEvent): string | null {
  if (e.pid !== null) return `${e.host ?? ''}|${e.pid}`;
  if (e.port !== null) return `${e.host ?? ''}|${e.ip ?? ''}|${e.port}`;
  return null;
}

export const bruteForceRule = defineRule<BruteForceConfig>({
  id: BRUTE_FORCE,
  title: 'SSH brute force',
  severity: 'HIGH',
  defaults: { threshold: 5, windowSeconds: 60 },
  create: (config) => new BruteForce(config),
});
