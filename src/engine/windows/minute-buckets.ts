/**
 * Per-key amounts per UTC minute of event time, judged once each minute has settled. An amount
 * covering an interval (a flow's bytes over its life) is spread evenly over the minutes it
 * touches; the share for minutes already judged is dropped (they were decided without it). Each
 * open minute keeps its largest contributions (the evidence).
 *
 * The caller moves the judging cursor (`judgeThrough`): every open minute at or before it is
 * handed to the judge, key by key, oldest first, exactly once. Bounds: keys are capped (least
 * recently touched dropped, with their open minutes), each key has at most `maxOpenMinutes` open
 * minutes and `maxShares` contributions per minute; `dropIdle(now, idleMs)` forgets keys without
 * open minutes whose last contribution is that old. Each key also carries the caller's own state
 * (a learned baseline), made by `newState`.
 */
import { LruMap } from './lru-map.js';

export const MINUTE_MS = 60_000;

export interface Share<R> {
  readonly record: R;
  bytes: number;
}

export interface MinuteBucket<R> {
  /** Minute index: ms since the epoch / 60,000, floored. */
  readonly minute: number;
  amount: number;
  /** The largest contributions, at most `maxShares`. */
  readonly shares: Share<R>[];
}

interface KeyState<R, S> {
  readonly key: string;
  readonly state: S;
  /** Event time of the latest contribution. */
  lastActive: number;
  /** Open minutes, ascending. */
  readonly buckets: MinuteBucket<R>[];
}

export interface MinuteBucketsOptions<S> {
  maxKeys: number;
  newState: (key: string) => S;
  /** Default 16. */
  maxOpenMinutes?: number;
  /** Default 5. */
  maxShares?: number;
}

export class MinuteBuckets<R, S> {
  readonly #keys: LruMap<string, KeyState<R, S>>;
  /** Keys with open minutes. */
  readonly #active = new Set<KeyState<R, S>>();
  readonly #newState: (key: string) => S;
  readonly #maxOpen: number;
  readonly #maxShares: number;
  /** Every minute up to this index is judged. */
  #judgedThrough = Number.NEGATIVE_INFINITY;
  #now = 0;
  #idleMs = 0;
  readonly #idle = (k: KeyState<R, S>): boolean => !this.#active.has(k) && this.#now - k.lastActive >= this.#idleMs;

  constructor(opts: MinuteBucketsOptions<S>) {
    this.#keys = new LruMap(opts.maxKeys);
    this.#newState = opts.newState;
    this.#maxOpen = Math.max(1, opts.maxOpenMinutes ?? 16);
    this.#maxShares = Math.max(1, opts.maxShares ?? 5);
  }

  get size(): number {
    return this.#keys.size;
  }

  get judgedThrough(): number {
    return this.#judgedThrough;
  }

  /** Adds `amount` covering [start, end] (ms) for `key`; `record` is the evidence, `at` its event time. */
  add(key: string, amount: number, start: number, end: number, record: R, at: number): void {
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return;
    const first = Math.floor(start / MINUTE_MS);
    const last = Math.floor(end / MINUTE_MS);
    const lo = Math.max(first, this.#judgedThrough + 1);
    const hi = Math.min(last, lo + this.#maxOpen - 1);
    if (lo > hi) return; // all of it in minutes already judged
    let k = this.#keys.get(key);
    if (k === undefined) {
      k = { key, state: this.#newState(key), lastActive: at, buckets: [] };
      const dropped = this.#keys.set(key, k);
      if (dropped !== undefined) this.#active.delete(dropped.value);
    }
    if (at > k.lastActive) k.lastActive = at;
    const span = end - start;
    for (let m = lo; m <= hi; m++) {
      const share = first === last ? amount : (amount * (Math.min(end, (m + 1) * MINUTE_MS) - Math.max(start, m * MINUTE_MS))) / span;
      if (share > 0) this.#addShare(k, m, share, record);
    }
    if (k.buckets.length > 0) this.#active.add(k);
  }

  /** Hands every open minute ≤ `through` to `judge` (key by key, oldest first) and closes it. */
  judgeThrough(through: number, judge: (key: string, state: S, bucket: MinuteBucket<R>) => void): void {
    if (through > this.#judgedThrough) this.#judgedThrough = through;
    for (const k of this.#active) {
      const buckets = k.buckets;
      let n = 0;
      while (n < buckets.length && (buckets[n] as MinuteBucket<R>).minute <= through) {
        judge(k.key, k.state, buckets[n] as MinuteBucket<R>);
        n++;
      }
      if (n > 0) buckets.splice(0, n);
      if (buckets.length === 0) this.#active.delete(k);
    }
  }

  /** Forgets keys with no open minute whose last contribution is at least `idleMs` before `now`. */
  dropIdle(now: number, idleMs: number): void {
    if (this.#keys.size === 0) return;
    this.#now = now;
    this.#idleMs = idleMs;
    this.#keys.dropOldestWhile(this.#idle);
  }

  clear(): void {
    this.#keys.clear();
    this.#active.clear();
    this.#judgedThrough = Number.NEGATIVE_INFINITY;
  }

  #addShare(k: KeyState<R, S>, minute: number, bytes: number, record: R): void {
    const buckets = k.buckets;
    let i = buckets.length;
    while (i > 0 && (buckets[i - 1] as MinuteBucket<R>).minute > minute) i--;
    let bucket = buckets[i - 1];
    if (bucket === undefined || bucket.minute !== minute) {
      if (buckets.length >= this.#maxOpen) return;
      bucket = { minute, amount: 0, shares: [] };
      buckets.splice(i, 0, bucket);
    }
    bucket.amount += bytes;
    const shares = bucket.shares;
    if (shares.length < this.#maxShares) shares.push({ record, bytes });
    else {
      let smallest = 0;
      for (let s = 1; s < shares.length; s++) if ((shares[s] as Share<R>).bytes < (shares[smallest] as Share<R>).bytes) smallest = s;
      if ((shares[smallest] as Share<R>).bytes < bytes) shares[smallest] = { record, bytes };
    }
  }
}
