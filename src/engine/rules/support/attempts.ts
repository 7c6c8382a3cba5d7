/**
 * Failed-attempt counting for the rules that count failed logins besides BRUTE_FORCE (password
 * spray, login after failures, slow and distributed brute force), the way BRUTE_FORCE counts them.
 *
 * `attemptsOf(e)` is the one place that reads the parser's per-event `attempts` number: when the
 * event has it, it is the answer. Until every event has it, `AttemptCounter` derives the number
 * from the event's `weight` exactly as BRUTE_FORCE does today:
 * - `attempt` counts `count`, except that the first `attempt` of a connection that already got a
 *   `credit` is absorbed (a connection counts max(1, failures));
 * - `credit` (invalid / not allowed user) counts 1; connection = host+pid, or host+ip+port;
 * - `corroboration` and `none` count 0, and so does any event without an IP.
 */
import type { SecurityEvent } from '../../model/event.js';
import { LruMap } from '../../windows/lru-map.js';

/** The parser's own attempt number for the event, when it has one. */
export function attemptsOf(e: SecurityEvent): number | undefined {
  const n = (e as { readonly attempts?: unknown }).attempts;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** How long a credit waits for the connection's first failure before it is forgotten. */
const CREDIT_TTL_MS = 10 * 60_000;

/** Linux pids are below 2^22; `host id × PID_LIMIT + pid` stays a small integer for 255 hosts. */
const PID_LIMIT = 4_194_304;
const MAX_HOST_IDS = 255;

export class AttemptCounter {
  /** Connection key → event time of its credit line, waiting to absorb the first failure. */
  readonly #credits: LruMap<number | string, number>;
  /** Small ids for logging hosts, so host+pid keys are numbers (no string per attempt). */
  readonly #hostIds = new Map<string, number>();
  #now = 0;
  readonly #expired = (t: number): boolean => this.#now - t >= CREDIT_TTL_MS;

  constructor(maxConnections = 50_000) {
    this.#credits = new LruMap(maxConnections);
  }

  /** Failed attempts `e` stands for (0 for anything else). Call once per event, in input order. */
  count(e: SecurityEvent): number {
    if (e.ip === null) return 0;
    const own = attemptsOf(e);
    if (own !== undefined) return own > 0 ? own : 0;
    const weight = e.weight;
    if (weight === 'attempt') {
      let n = e.count;
      if (this.#credits.size > 0) {
        const conn = this.#connectionKey(e);
        const credit = conn === null ? undefined : this.#credits.peek(conn);
        if (credit !== undefined) {
          this.#credits.delete(conn as number | string);
          if (Math.abs(e.time - credit) < CREDIT_TTL_MS) n -= 1;
        }
      }
      return n > 0 ? n : 0;
    }
    if (weight === 'credit') {
      const conn = this.#connectionKey(e);
      if (conn !== null) this.#credits.set(conn, e.time);
      return 1;
    }
    return 0;
  }

  /** Forgets credits older than the TTL, as of event time `now`. */
  sweep(now: number): void {
    this.#now = now;
    if (this.#credits.size > 0) this.#credits.dropOldestWhile(this.#expired);
  }

  clear(): void {
    this.#credits.clear();
  }

  /** host+pid (a number while hosts and pids are small), or host+ip+port without a pid. */
  #connectionKey(e: SecurityEvent): number | string | null {
    const host = e.host ?? '';
    const pid = e.pid;
    if (pid !== null) {
      if (Number.isInteger(pid) && pid >= 0 && pid < PID_LIMIT) {
        let id = this.#hostIds.get(host);
        if (id === undefined && this.#hostIds.size < MAX_HOST_IDS) {
          id = this.#hostIds.size;
          this.#hostIds.set(host, id);
        }
        if (id !== undefined) return id * PID_LIMIT + pid;
      }
      return `${host}|${pid}`;
    }
    if (e.port !== null) return `${host}|${e.ip ?? ''}|${e.port}`;
    return null;
  }
}
