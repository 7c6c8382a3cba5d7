/**
 * Per-key sliding window that keeps each key's `maxEntriesPerKey` newest entries exactly and drops
 * older ones (where `KeyedWindow` merges extra entries into the newest, which over-counts). Sums
 * therefore never over-count, and reach at least min(true total, maxEntriesPerKey) — so a threshold
 * no larger than the cap is decided exactly. `droppedAt(key)` says when the key last had to drop an
 * entry, so a caller can tell an exact total from a lower bound.
 *
 * Window rule (as `KeyedWindow`): an entry at t is inside the window ending at u ≥ t when
 * u − t < windowMs. Keys are capped (least recently touched evicted first); `expire(now)` drops keys
 * whose newest entry left the window.
 */
import { SlotLru } from './slot-lru.js';
import type { WindowEntry } from './keyed-window.js';

/**
 * One key's entries, oldest first, in a ring over parallel arrays (no object per entry, nothing
 * shifted on the common path): logical entry j is at physical (head + j) % times.length. The
 * arrays grow up to the cap by push, then the ring wraps.
 */
class Slot<K, P> {
  prev: Slot<K, P> | null = null;
  next: Slot<K, P> | null = null;
  newest: number;
  /** Time of the newest entry dropped for room, or -Infinity. */
  droppedAt = Number.NEGATIVE_INFINITY;
  readonly times: number[] = [];
  readonly counts: number[] = [];
  readonly payloads: (P | undefined)[] = [];
  head = 0;
  size = 0;

  constructor(
    readonly key: K,
    time: number,
  ) {
    this.newest = time;
  }

  #at(j: number): number {
    const i = this.head + j;
    const len = this.times.length;
    return i < len ? i : i - len;
  }

  timeAt(j: number): number {
    return this.times[this.#at(j)] as number;
  }

  countAt(j: number): number {
    return this.counts[this.#at(j)] as number;
  }

  payloadAt(j: number): P {
    return this.payloads[this.#at(j)] as P;
  }

  /** Removes the `n` oldest entries. */
  dropFront(n: number): void {
    for (let j = 0; j < n; j++) this.payloads[this.#at(j)] = undefined;
    this.head = this.size === n ? 0 : this.#at(n);
    this.size -= n;
  }

  /** Inserts at logical index `i` (0 ≤ i ≤ size); the caller made room when the key is at its cap. */
  insertAt(i: number, time: number, count: number, payload: P, cap: number): void {
    if (this.size === this.times.length) {
      // Full physical ring below the cap: make it linear, then grow by one.
      if (this.head !== 0) {
        const t = [...this.times.slice(this.head), ...this.times.slice(0, this.head)];
        const c = [...this.counts.slice(this.head), ...this.counts.slice(0, this.head)];
        const p = [...this.payloads.slice(this.head), ...this.payloads.slice(0, this.head)];
        for (let k = 0; k < t.length; k++) {
          this.times[k] = t[k] as number;
          this.counts[k] = c[k] as number;
          this.payloads[k] = p[k];
        }
        this.head = 0;
      }
      if (this.times.length < cap) {
        this.times.push(0);
        this.counts.push(0);
        this.payloads.push(undefined);
      }
    }
    for (let k = this.size; k > i; k--) {
      const to = this.#at(k);
      const from = this.#at(k - 1);
      this.times[to] = this.times[from] as number;
      this.counts[to] = this.counts[from] as number;
      this.payloads[to] = this.payloads[from];
    }
    const at = this.#at(i);
    this.times[at] = time;
    this.counts[at] = count;
    this.payloads[at] = payload;
    this.size++;
  }
}

export interface RecentWindowOptions {
  windowMs: number;
  /** Maximum tracked keys (LRU eviction). Default 100,000. */
  maxKeys?: number;
  /** Entries kept per key (the newest). */
  maxEntriesPerKey: number;
}

export class RecentWindow<K, P> {
  readonly windowMs: number;
  readonly maxKeys: number;
  readonly maxEntriesPerKey: number;
  readonly #keys: SlotLru<K, Slot<K, P>>;

  constructor(opts: RecentWindowOptions) {
    if (!(opts.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${opts.windowMs}`);
    this.windowMs = opts.windowMs;
    this.maxKeys = Math.max(1, opts.maxKeys ?? 100_000);
    this.maxEntriesPerKey = Math.max(1, opts.maxEntriesPerKey);
    this.#keys = new SlotLru(this.maxKeys);
  }

  get size(): number {
    return this.#keys.size;
  }

  /** Adds an entry; one older than the key's window (late, out of order) is ignored. */
  add(key: K, time: number, count: number, payload: P): void {
    let slot = this.#keys.get(key);
    if (slot === undefined) {
      slot = new Slot<K, P>(key, time);
      this.#keys.insert(slot);
    } else {
      this.#keys.touch(slot);
    }
    if (time > slot.newest) slot.newest = time;
    else if (slot.newest - time >= this.windowMs) return;
    // Entries that left the window go first; then room is made by dropping the oldest.
    let gone = 0;
    while (gone < slot.size && slot.newest - slot.timeAt(gone) >= this.windowMs) gone++;
    if (gone > 0) slot.dropFront(gone);
    let i = slot.size;
    while (i > 0 && slot.timeAt(i - 1) > time) i--;
    if (slot.size >= this.maxEntriesPerKey) {
      if (i === 0) {
        if (time > slot.droppedAt) slot.droppedAt = time;
        return; // the new entry is the oldest: it is the one dropped
      }
      const dropped = slot.timeAt(0);
      if (dropped > slot.droppedAt) slot.droppedAt = dropped;
      slot.dropFront(1);
      i--;
    }
    slot.insertAt(i, time, count, payload, this.maxEntriesPerKey);
  }

  /** The key's total of entries at t ≤ `ref` with ref − t < windowMs. */
  sum(key: K, ref: number): number {
    const slot = this.#keys.get(key);
    if (slot === undefined) return 0;
    let total = 0;
    for (let j = 0; j < slot.size; j++) {
      const t = slot.timeAt(j);
      if (t <= ref && ref - t < this.windowMs) total += slot.countAt(j);
    }
    return total;
  }

  /** The key's kept entries, oldest first (a new array). */
  entries(key: K): WindowEntry<P>[] {
    const slot = this.#keys.get(key);
    if (slot === undefined) return [];
    const out: WindowEntry<P>[] = [];
    for (let j = 0; j < slot.size; j++) out.push({ time: slot.timeAt(j), count: slot.countAt(j), payload: slot.payloadAt(j) });
    return out;
  }

  /** When the key last dropped an entry for room (-Infinity when never). */
  droppedAt(key: K): number {
    return this.#keys.get(key)?.droppedAt ?? Number.NEGATIVE_INFINITY;
  }

  delete(key: K): boolean {
    return this.#keys.delete(key);
  }

  /** Drops keys whose newest entry is outside the window ending at `now`; returns how many. */
  expire(now: number): number {
    return this.#keys.expire(now, this.windowMs);
  }

  clear(): void {
    this.#keys.clear();
  }
}
