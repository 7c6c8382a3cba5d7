/**
 * Per-key sliding window of weighted event times, in event time.
 *
 * Window rule: an entry at time t is inside the window of a reference time u ≥ t when
 * u − t < windowMs. So with a 60 s window, entries at 0 and 59.999 s share a window; entries at
 * 0 and 60.000 s do not.
 *
 * State is bounded twice: each key keeps at most `maxEntriesPerKey` entries (an extra entry is
 * merged into the newest one, which over-counts rather than under-counts), and at most `maxKeys`
 * keys are tracked (least recently touched evicted first). `expire(now)` drops keys whose newest
 * entry left the window.
 *
 * Memory: most keys (scans, spoofed floods) hold a single entry, so a key is one `Slot` object
 * that is at once its own LRU list node and holds its first entry inline; entry arrays are only
 * allocated for a key's second entry. Trimming shifts in place (no `splice`, no garbage).
 */
import { IntrusiveList } from './intrusive-list.js';

export interface WindowEntry<P> {
  readonly time: number;
  readonly count: number;
  readonly payload: P;
}

class Slot<K, P> {
  prev: Slot<K, P> | null = null;
  next: Slot<K, P> | null = null;
  /** Newest entry time (the window's reference time). */
  newest: number;
  sum: number;
  /** Single-entry form (`times === null`): whether it holds its entry, and the entry. */
  has0 = true;
  t0: number;
  c0: number;
  p0: P | undefined;
  /** Multi-entry form: entries oldest first (`counts` and `payloads` are non-null with it). */
  times: number[] | null = null;
  counts: number[] | null = null;
  payloads: P[] | null = null;

  constructor(
    readonly key: K,
    time: number,
    count: number,
    payload: P,
  ) {
    this.newest = time;
    this.sum = count;
    this.t0 = time;
    this.c0 = count;
    this.p0 = payload;
  }
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
  #map = new Map<K, Slot<K, P>>();
  readonly #list = new IntrusiveList<Slot<K, P>>(); // head: least recently touched, tail: most
  #evicted = 0;

  constructor(opts: KeyedWindowOptions) {
    if (!(opts.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${opts.windowMs}`);
    this.windowMs = opts.windowMs;
    this.maxKeys = Math.max(1, opts.maxKeys ?? 100_000);
    this.maxEntriesPerKey = Math.max(1, opts.maxEntriesPerKey ?? 64);
  }

  /** Number of keys currently tracked. */
  get size(): number {
    return this.#map.size;
  }

  /** Keys evicted by the key cap so far. */
  get evicted(): number {
    return this.#evicted;
  }

  /**
   * Adds `count` at `time` for `key` and returns the key's total inside the window that ends at the
   * key's newest time. An entry older than the window (late out-of-order event) is not added.
   */
  add(key: K, time: number, count: number, payload: P): number {
    const slot = this.#map.get(key);
    if (slot === undefined) {
      if (this.#map.size >= this.maxKeys && this.#list.head !== null) {
        const old = this.#list.head;
        this.#list.unlink(old);
        this.#map.delete(old.key);
        this.#evicted++;
      }
      const fresh = new Slot<K, P>(key, time, count, payload);
      this.#map.set(key, fresh);
      this.#list.append(fresh);
      return count;
    }
    if (slot !== this.#list.tail) {
      this.#list.unlink(slot);
      this.#list.append(slot);
    }
    if (time >= slot.newest) {
      slot.newest = time;
      this.#trim(slot);
      this.#insertAt(slot, this.#length(slot), time, count, payload);
      return slot.sum;
    }
    // Out of order: older than the newest entry.
    if (slot.newest - time >= this.windowMs) return slot.sum;
    let i = this.#length(slot);
    while (i > 0 && this.#timeAt(slot, i - 1) > time) i--;
    this.#insertAt(slot, i, time, count, payload);
    return slot.sum;
  }

  /**
   * The key's total inside the window ending at `now` (or at its newest time when omitted); with
   * `spanMs`, inside that shorter span instead (entries at t with now − t < spanMs).
   */
  sum(key: K, now?: number, spanMs: number = this.windowMs): number {
    const slot = this.#map.get(key);
    if (slot === undefined) return 0;
    const ref = now ?? slot.newest;
    let total = 0;
    const n = this.#length(slot);
    for (let i = 0; i < n; i++) {
      const t = this.#timeAt(slot, i);
      if (ref - t < spanMs && t <= ref) total += slot.times === null ? slot.c0 : (slot.counts![i] as number);
    }
    return total;
  }

  /** The key's entries inside its current window, oldest first (a new array). */
  entries(key: K): WindowEntry<P>[] {
    const slot = this.#map.get(key);
    if (slot === undefined) return [];
    this.#trim(slot);
    if (slot.times === null) {
      return slot.has0 ? [{ time: slot.t0, count: slot.c0, payload: slot.p0 as P }] : [];
    }
    const out: WindowEntry<P>[] = [];
    for (let i = 0; i < slot.times.length; i++) {
      out.push({ time: slot.times[i] as number, count: slot.counts![i] as number, payload: slot.payloads![i] as P });
    }
    return out;
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  delete(key: K): boolean {
    const slot = this.#map.get(key);
    if (slot === undefined) return false;
    this.#list.unlink(slot);
    this.#map.delete(key);
    return true;
  }

  /**
   * Drops keys whose newest entry is outside the window ending at `now`. Walks from the least
   * recently touched key and stops at the first live one (touch order follows event time closely),
   * so a call costs O(expired keys). Returns how many keys were dropped.
   */
  expire(now: number): number {
    let n = 0;
    const windowMs = this.windowMs;
    while (this.#list.head !== null && now - this.#list.head.newest >= windowMs) {
      const old = this.#list.head;
      this.#list.unlink(old);
      this.#map.delete(old.key);
      n++;
    }
    return n;
  }

  clear(): void {
    this.#map.clear();
    this.#list.clear();
  }

  #length(slot: Slot<K, P>): number {
    return slot.times === null ? (slot.has0 ? 1 : 0) : slot.times.length;
  }

  #timeAt(slot: Slot<K, P>, i: number): number {
    return slot.times === null ? slot.t0 : (slot.times[i] as number);
  }

  /** Inserts an entry at index `i` (0 ≤ i ≤ length), merging when the slot is full. */
  #insertAt(slot: Slot<K, P>, i: number, time: number, count: number, payload: P): void {
    slot.sum += count;
    const n = this.#length(slot);
    if (n >= this.maxEntriesPerKey) {
      // Full: merge. Appends go into the newest entry; out-of-order ones into their neighbour.
      const last = n - 1;
      const j = Math.min(i, last);
      if (slot.times === null) {
        slot.c0 += count;
        if (i > last) {
          slot.t0 = time;
          slot.p0 = payload;
        }
      } else {
        (slot.counts as number[])[j] = (slot.counts![j] as number) + count;
        if (i > last) {
          slot.times[j] = time;
          (slot.payloads as P[])[j] = payload;
        }
      }
      return;
    }
    if (n === 0) {
      slot.has0 = true;
      slot.t0 = time;
      slot.c0 = count;
      slot.p0 = payload;
      return;
    }
    if (slot.times === null) {
      // Second entry: spill to arrays.
      const p0 = slot.p0 as P;
      if (i === 0) {
        slot.times = [time, slot.t0];
        slot.counts = [count, slot.c0];
        slot.payloads = [payload, p0];
      } else {
        slot.times = [slot.t0, time];
        slot.counts = [slot.c0, count];
        slot.payloads = [p0, payload];
      }
      slot.has0 = false;
      slot.p0 = undefined;
      return;
    }
    const times = slot.times;
    const counts = slot.counts as number[];
    const payloads = slot.payloads as P[];
    if (i === n) {
      times.push(time);
      counts.push(count);
      payloads.push(payload);
      return;
    }
    times.push(times[n - 1] as number);
    counts.push(counts[n - 1] as number);
    payloads.push(payloads[n - 1] as P);
    for (let k = n - 1; k > i; k--) {
      times[k] = times[k - 1] as number;
      counts[k] = counts[k - 1] as number;
      payloads[k] = payloads[k - 1] as P;
    }
    times[i] = time;
    counts[i] = count;
    payloads[i] = payload;
  }

  /** Drops entries that left the window ending at the slot's newest time. */
  #trim(slot: Slot<K, P>): void {
    const ref = slot.newest;
    const windowMs = this.windowMs;
    if (slot.times === null) {
      if (slot.has0 && ref - slot.t0 >= windowMs) {
        slot.sum -= slot.c0;
        slot.c0 = 0;
        slot.has0 = false;
        slot.p0 = undefined;
      }
      return;
    }
    const times = slot.times;
    const counts = slot.counts as number[];
    const payloads = slot.payloads as P[];
    const n = times.length;
    let k = 0;
    while (k < n && ref - (times[k] as number) >= windowMs) {
      slot.sum -= counts[k] as number;
      k++;
    }
    if (k === 0) return;
    for (let i = k; i < n; i++) {
      times[i - k] = times[i] as number;
      counts[i - k] = counts[i] as number;
      payloads[i - k] = payloads[i] as P;
    }
    times.length = n - k;
    counts.length = n - k;
    payloads.length = n - k;
  }
}
