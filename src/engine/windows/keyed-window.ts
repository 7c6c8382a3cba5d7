/**
 * Per-key sliding window of weighted event times, in event time.
 *
 * Window rule: an entry at time t is inside the window of a reference time u ≥ t when
 * u − t < windowMs. So with a 60 s window, entries at 0 and 59.999 s share a window; entries at
 * 0 and 60.000 s do not.
 *
 * State is bounded twice: each key keeps at most `maxEntriesPerKey` entries (an extra entry is
 * merged into the newest one, which over-counts rather than under-counts), and at most `maxKeys`
 * keys are tracked (least recently touched evicted first, see `LruMap`). `expire(now)` drops keys whose newest entry left the window.
 */
import { LruMap } from './lru-map.js';

export interface WindowEntry<P> {
  readonly time: number;
  readonly count: number;
  readonly payload: P;
}

interface Slot<P> {
  times: number[];
  counts: number[];
  payloads: P[];
  sum: number;
  /** Newest entry time (the window's reference time). */
  newest: number;
}

export interface KeyedWindowOptions {
  windowMs: number;
  /** Maximum tracked keys (LRU eviction). Default 100,000. */
  maxKeys?: number;
  /** Maximum entries per key; extra entries are merged into the newest. Default 64. */
  maxEntriesPerKey?: number;
}

export class KeyedWindow<K, P> {
  readonly windowMs: number;
  readonly maxKeys: number;
  readonly maxEntriesPerKey: number;
  #slots: LruMap<K, Slot<P>>;

  constructor(opts: KeyedWindowOptions) {
    if (!(opts.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${opts.windowMs}`);
    this.windowMs = opts.windowMs;
    this.maxKeys = Math.max(1, opts.maxKeys ?? 100_000);
    this.maxEntriesPerKey = Math.max(1, opts.maxEntriesPerKey ?? 64);
    this.#slots = new LruMap(this.maxKeys);
  }

  /** Number of keys currently tracked. */
  get size(): number {
    return this.#slots.size;
  }

  /** Keys evicted by the key cap so far. */
  get evicted(): number {
    return this.#slots.evicted;
  }

  /**
   * Adds `count` at `time` for `key` and returns the key's total inside the window that ends at the
   * key's newest time. An entry older than the window (late out-of-order event) is not added.
   */
  add(key: K, time: number, count: number, payload: P): number {
    let slot = this.#slots.get(key);
    if (slot === undefined) {
      slot = { times: [time], counts: [count], payloads: [payload], sum: count, newest: time };
      this.#slots.set(key, slot);
      return count;
    }
    const windowMs = this.windowMs;
    if (time >= slot.newest) {
      slot.newest = time;
      this.#trim(slot);
      if (slot.times.length >= this.maxEntriesPerKey) {
        const last = slot.times.length - 1;
        slot.times[last] = time;
        slot.counts[last] = (slot.counts[last] as number) + count;
        slot.payloads[last] = payload;
      } else {
        slot.times.push(time);
        slot.counts.push(count);
        slot.payloads.push(payload);
      }
      slot.sum += count;
      return slot.sum;
    }
    // Out of order: older than the newest entry.
    if (slot.newest - time >= windowMs) return slot.sum;
    let i = slot.times.length;
    while (i > 0 && (slot.times[i - 1] as number) > time) i--;
    if (slot.times.length >= this.maxEntriesPerKey) {
      const j = Math.min(i, slot.times.length - 1);
      slot.counts[j] = (slot.counts[j] as number) + count;
    } else {
      slot.times.splice(i, 0, time);
      slot.counts.splice(i, 0, count);
      slot.payloads.splice(i, 0, payload);
    }
    slot.sum += count;
    return slot.sum;
  }

  /** The key's total inside the window ending at `now` (or at its newest time when omitted). */
  sum(key: K, now?: number): number {
    const slot = this.#slots.peek(key);
    if (slot === undefined) return 0;
    const ref = now ?? slot.newest;
    let total = 0;
    for (let i = 0; i < slot.times.length; i++) {
      const t = slot.times[i] as number;
      if (ref - t < this.windowMs && t <= ref) total += slot.counts[i] as number;
    }
    return total;
  }

  /** The key's entries inside its current window, oldest first (a new array). */
  entries(key: K): WindowEntry<P>[] {
    const slot = this.#slots.peek(key);
    if (slot === undefined) return [];
    this.#trim(slot);
    const out: WindowEntry<P>[] = [];
    for (let i = 0; i < slot.times.length; i++) {
      out.push({ time: slot.times[i] as number, count: slot.counts[i] as number, payload: slot.payloads[i] as P });
    }
    return out;
  }

  has(key: K): boolean {
    return this.#slots.has(key);
  }

  delete(key: K): boolean {
    return this.#slots.delete(key);
  }

  /**
   * Drops keys whose newest entry is outside the window ending at `now`. Walks from the least
   * recently touched key and stops at the first live one (touch order follows event time closely),
   * so a call costs O(expired keys). Returns how many keys were dropped.
   */
  expire(now: number): number {
    return this.#slots.dropOldestWhile((slot) => now - slot.newest >= this.windowMs);
  }

  clear(): void {
    this.#slots.clear();
  }

  #trim(slot: Slot<P>): void {
    const ref = slot.newest;
    let k = 0;
    while (k < slot.times.length && ref - (slot.times[k] as number) >= this.windowMs) {
      slot.sum -= slot.counts[k] as number;
      k++;
    }
    if (k > 0) {
      slot.times.splice(0, k);
      slot.counts.splice(0, k);
      slot.payloads.splice(0, k);
    }
  }
}
