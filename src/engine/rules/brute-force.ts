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
 * One incident per IP (the shared incident tracker owns it): once fired, further attempts grow the
 * same incident; it closes after a full window without a counted attempt, and the next attempt
 * starts again from zero.
 * State is bounded: per-IP windows expire with event time, tracked IPs and open incidents are
 * capped (least recently used dropped first; an open incident dropped by the
 * cap is closed early). A pending attempt is kept as a compact `AttemptRecord`, not the parsed
 * event, so a flood of distinct sources costs a few hundred bytes per tracked IP; its line is kept
 * as a 1 KiB excerpt, and all pending state within a byte budget (`maxPendingBytes`). Eviction
 * prefers IPs seen once over IPs with several attempts (segmented LRU, see `KeyedWindow`), so a
 * flood of one-shot sources cannot evict an attacker on its way to the threshold.
 */
import * as z from 'zod';
import type { Severity } from '../model/alert.js';
import type { SecurityEvent } from '../model/event.js';
import { ipSubject } from '../model/subject.js';
import { defaultSummary } from '../alerts/alert-builder.js';
import { excerpt, FIELD_TEXT_LIMIT, PENDING_TEXT_LIMIT, stringBytes } from '../text/excerpt.js';
import { KeyedWindow } from '../windows/keyed-window.js';
import { baseRuleShape, defineRule, type AttemptRecord, type CountedEvent, type IncidentView, type Rule, type RuleContext } from './rule.js';

export const BRUTE_FORCE = 'BRUTE_FORCE';

const schema = z.strictObject({
  ...baseRuleShape('HIGH'),
  /** Attempts allowed inside the window; one more fires. */
  threshold: z.number().int().min(1).default(5),
  windowSeconds: z.number().positive().finite().default(60),
});

export type BruteForceConfig = z.output<typeof schema> & {
  /** Cap on tracked source IPs. Default 100,000. */
  maxTrackedIps?: number;
  /** Budget in approximate bytes for all pending attempts (tracked IPs and their records). Default 64 MiB. */
  maxPendingBytes?: number;
};

/** Approximate bytes of an attempt record's object (8 fields), besides its own strings. */
const RECORD_BYTES = 96;

/**
 * What a pending attempt record retains: the object, its raw excerpt and its user name (counted even
 * when interned, so the figure errs high), approximately.
 */
function recordBytes(r: AttemptRecord): number {
  return RECORD_BYTES + stringBytes(r.raw) + stringBytes(r.user);
}

/** `r` with another raw line, built like `#record` builds one (same fields, same order, same shape). */
function attemptRecord(r: AttemptRecord, raw: string): AttemptRecord {
  return { time: r.time, user: r.user, host: r.host, program: r.program, file: r.file, line: r.line, raw, flags: r.flags };
}

const SUSPICIOUS_FLAGS: readonly string[] = Object.freeze(['suspicious']);
const MAX_INTERNED_NAMES = 1024;
const MAX_INTERNED_USERS = 4096;

/**
 * The shared copy of `s` from `table` (added while the table has room), else a bounded detached copy:
 * `s` is usually a slice of its line and would keep the whole line alive.
 */
function intern(table: Map<string, string>, s: string, max: number): string {
  const hit = table.get(s);
  if (hit !== undefined) return hit;
  const copy = excerpt(s, FIELD_TEXT_LIMIT);
  if (table.size < max && s.length <= 64) table.set(copy, copy);
  return copy;
}

class BruteForce implements Rule {
  readonly id = BRUTE_FORCE;
  readonly title = 'SSH brute force';
  readonly severity: Severity;
  readonly subjectKind = 'ip' as const;
  readonly quietMs: number;
  readonly #threshold: number;
  readonly #windowMs: number;
  readonly #maxIps: number;
  readonly #window: KeyedWindow<string, AttemptRecord>;
  /** Interned host / program and user names for pending attempts (bounded). */
  readonly #names = new Map<string, string>();
  readonly #users = new Map<string, string>();

  constructor(config: BruteForceConfig) {
    if (!Number.isInteger(config.threshold) || config.threshold < 1) {
      throw new RangeError(`threshold must be an integer ≥ 1, got ${config.threshold}`);
    }
    if (!(config.windowSeconds > 0)) throw new RangeError(`windowSeconds must be > 0, got ${config.windowSeconds}`);
    this.severity = config.severity;
    this.#threshold = config.threshold;
    this.#windowMs = config.windowSeconds * 1000;
    this.quietMs = this.#windowMs;
    this.#maxIps = config.maxTrackedIps ?? 100_000;
    this.#window = new KeyedWindow({
      windowMs: this.#windowMs,
      maxKeys: this.#maxIps,
      // Before firing a key holds at most `threshold` attempts, so this never merges in practice.
      maxEntriesPerKey: this.#threshold + 1,
      maxBytes: config.maxPendingBytes ?? 64 * 1024 * 1024,
      payloadBytes: recordBytes,
    });
  }

  get trackedKeys(): number {
    return this.#window.size;
  }

  /** Approximate bytes of the pending state (tracked IPs and their attempt records). */
  get trackedBytes(): number {
    return this.#window.bytes;
  }

  summarize(incident: IncidentView): string {
    return defaultSummary(incident);
  }

  onEvent(e: SecurityEvent, ctx: RuleContext): number {
    const ip = e.ip;
    const counted = e.attempts;
    // (A `none` line may still carry attempts: a disconnect that confirms a PAM failure sshd never reported.)
    if (ip === null || (counted === 0 && e.weight === 'none')) return 0;
    if (!(counted > 0) || !Number.isFinite(e.time)) {
      // Context only: users and hosts of an open incident.
      if (Number.isFinite(e.time)) ctx.grow(ip, e, 0);
      return 0;
    }
    // An open incident grows; one quiet for a full window is closed and this attempt counts anew.
    if (ctx.grow(ip, e, counted)) return counted;

    const record = this.#record(e);
    const total = this.#window.add(ip, e.time, counted, record);
    if (total > this.#threshold) {
      const entries = this.#window.entries(ip);
      this.#window.delete(ip);
      // The attempt that fired is at hand whole: its evidence gets the full line (the alert builder
      // bounds evidence), the earlier ones their pending excerpts.
      for (let i = entries.length - 1; i >= 0; i--) {
        const entry = entries[i] as CountedEvent;
        if (entry.payload === record) {
          entries[i] = { time: entry.time, count: entry.count, payload: attemptRecord(record, e.raw) };
          break;
        }
      }
      ctx.open(ipSubject(ip), entries);
    }
    return counted;
  }

  sweep(now: number): void {
    this.#window.expire(now);
  }

  /**
   * A compact copy of a pending attempt: what the alert needs if the IP crosses the threshold.
   * Under a flood of distinct sources every tracked IP holds one, so it keeps 8 fields instead of
   * the parser's ~20, with host, program and common user names interned, and nothing that keeps
   * the parsed line alive: the raw line as a detached excerpt of `PENDING_TEXT_LIMIT` characters
   * (marked when cut), names as detached copies of at most `FIELD_TEXT_LIMIT`.
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
      raw: excerpt(e.raw, PENDING_TEXT_LIMIT),
      flags: suspicious ? SUSPICIOUS_FLAGS : undefined,
    };
  }

  finish(): void {
    this.#window.clear();
  }
}

export const bruteForceRule = defineRule({
  id: BRUTE_FORCE,
  configKey: 'bruteForce',
  title: 'SSH brute force',
  description: 'more than `threshold` failed logins from one IP within `windowSeconds` of event time',
  schema,
  create: (config, ctx) => new BruteForce({ ...config, maxTrackedIps: ctx.maxTrackedKeys }),
});

/** A BRUTE_FORCE rule outside the catalogue (tests, benchmarks). */
export function createBruteForce(config: Partial<BruteForceConfig> = {}): Rule {
  return new BruteForce({ ...bruteForceRule.defaults, ...config });
}
