/**
 * Per-key sliding window of weighted event times, in event time.
 *
 * Window rule: an entry at time t is inside the window of a reference time u ≥ t when
 * u − t < windowMs. So with a 60 s window, entries at 0 and 59.999 s share a window; entries at
 * 0 and 60.000 s do not.
 *
 * State is bounded three times:
 * - each key keeps at most `maxEntriesPerKey` entries (an extra entry is merged into the newest
 *   one, which over-counts rather than under-counts);
 * - at most `maxKeys` keys are tracked;
 * - the approximate bytes of all of it (`KEY_BYTES` per key, `ENTRY_BYTES` per entry, plus what
 *   `payloadBytes` says each payload retains) stay within `maxBytes`.
 *
 * Eviction is a segmented LRU. A key seen once lives in *probation*; a key that gets a second
 * entry inside its window (merged or not) is promoted to *protected*, which is bounded to `protectedShare` of `maxKeys` (past it, its
 * least recently touched key goes back to probation, as the most recent there). Both caps evict the
 * least recently touched key of probation first, and of protected only when probation is empty. So a
 * flood of one-shot sources, however large, cannot evict a key that has several entries on its way
 * to a threshold; only more keys with several entries than the protected share can. (A key seen
 * once is kept while fewer than about `maxKeys` new keys arrive after it: no bounded LRU can keep a
 * source whose every attempt comes after more new sources than that.)
 *
 * `expire(now)` drops keys whose newest entry left the window.
 */
import { IntrusiveList } from './intrusive-list.js';
import { ENTRY_BYTES, WindowSlot, type PayloadBytes } from './window-slot.js';

export { ENTRY_BYTES } from './window-slot.js';

/** Approximate bytes a tracked key costs besides its entries (slot object, map entry, key string). */
export const KEY_BYTES = 240;

export interface WindowEntry<P> {
  readonly time: number;
  readonly count: number;
  readonly payload: P;
}

export interface KeyedWindowOptions<P = unknown> {
  windowMs: number;
  /** Maximum tracked keys (segmented LRU eviction). Default 100,000. */
  maxKeys?: number;
  /** Maximum entries per key; extra entries are merged into the newest. Default 64. */
  maxEntriesPerKey?: number;
  /** Share of `maxKeys` that keys with several entries may hold in the protected segment. Default 0.2. */
  protectedShare?: number;
  /** Budget in approximate bytes for all the window's state; past it keys are evicted. Default 64 MiB. */
  maxBytes?: number;
  /** Approximate bytes a payload retains on its own (its strings, its object). Default 0. */
  payloadBytes?: PayloadBytes<P>;
}

const NO_BYTES = (): number => 0;

export class KeyedWindow<K, P> {
  readonly windowMs: number;
  readonly maxKeys: number;
  readonly maxEntriesPerKey: number;
  /** Most keys the protected segment holds. */
  readonly maxProtected: number;
  readonly maxBytes: number;
  readonly #sizeOf: PayloadBytes<P>;
  #map = new Map<K, WindowSlot<K, P>>();
  // head: least recently touched, tail: most
  readonly #probation = new IntrusiveList<WindowSlot<K, P>>();
  readonly #protected = new IntrusiveList<WindowSlot<K, P>>();
  #protectedSize = 0;
  #bytes = 0;
  #evicted = 0;
  #evictedForBytes = 0;

  constructor(opts: KeyedWindowOptions<P>) {
    if (!(opts.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${opts.windowMs}`);
    const share = opts.protectedShare ?? 0.2;
    if (!(share >= 0 && share <= 1)) throw new RangeError(`protectedShare must be within [0, 1], got ${share}`);
    this.windowMs = opts.windowMs;
    this.maxKeys = Math.max(1, opts.maxKeys ?? 100_000);
    this.maxEntriesPerKey = Math.max(1, opts.maxEntriesPerKey ?? 64);
    this.maxProtected = Math.floor(this.maxKeys * share);
    this.maxBytes = Math.max(0, opts.maxBytes ?? 64 * 1024 * 1024);
    this.#sizeOf = opts.payloadBytes ?? NO_BYTES;
  }

  /** Number of keys currently tracked. */
  get size(): number {
    return this.#map.size;
  }

  /** Keys in the protected segment (keys with several entries). */
  get protectedSize(): number {
    return this.#protectedSize;
  }

  /** Approximate bytes of all tracked state. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Keys evicted by the key cap or the byte budget so far. */
  get evicted(): number {
    return this.#evicted;
  }

  /** Of `evicted`, the keys evicted by the byte budget. */
  get evictedForBytes(): number {
    return this.#evictedForBytes;
  }

  /**
   * Adds `count` at `time` for `key` and returns the key's total inside the window that ends at the
   * key's newest time. An entry older than the window (late out-of-order event) is not added.
   */
  add(key: K, time: number, count: number, payload: P): number {
    const slot = this.#map.get(key);
    if (slot === undefined) {
      if (this.#map.size >= this.maxKeys) this.#evictOne(null);
      const fresh = new WindowSlot<K, P>(key, time, count, payload);
      this.#map.set(key, fresh);
      this.#probation.append(fresh);
      this.#bytes += KEY_BYTES + ENTRY_BYTES + this.#sizeOf(payload);
      if (this.#bytes > this.maxBytes) this.#fitBudget(fresh);
      return count;
    }
    // Whether this entry joins another one inside the window (then the key is promoted).
    let repeat = false;
    if (time >= slot.newest) {
      slot.newest = time;
      this.#bytes += slot.trim(this.windowMs, this.#sizeOf);
      repeat = slot.length > 0;
      this.#bytes += slot.insertAt(slot.length, time, count, payload, this.maxEntriesPerKey, this.#sizeOf);
    } else if (slot.newest - time < this.windowMs) {
      // Out of order, inside the window: in time order.
      let i = slot.length;
      while (i > 0 && slot.timeAt(i - 1) > time) i--;
      repeat = true;
      this.#bytes += slot.insertAt(i, time, count, payload, this.maxEntriesPerKey, this.#sizeOf);
    }
    this.#touch(slot, repeat);
    if (this.#bytes > this.maxBytes) this.#fitBudget(slot);
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
    const n = slot.length;
    for (let i = 0; i < n; i++) {
      const t = slot.timeAt(i);
      if (ref - t < spanMs && t <= ref) total += slot.countAt(i);
    }
    return total;
  }

  /** The key's entries inside its current window, oldest first (a new array). */
  entries(key: K): WindowEntry<P>[] {
    const slot = this.#map.get(key);
    if (slot === undefined) return [];
    this.#bytes += slot.trim(this.windowMs, this.#sizeOf);
    const out: WindowEntry<P>[] = [];
    const n = slot.length;
    for (let i = 0; i < n; i++) out.push({ time: slot.timeAt(i), count: slot.countAt(i), payload: slot.payloadAt(i) });
    return out;
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  delete(key: K): boolean {
    const slot = this.#map.get(key);
    if (slot === undefined) return false;
    this.#remove(slot);
    return true;
  }

  /**
   * Drops keys whose newest entry is outside the window ending at `now`. Walks each segment from its
   * least recently touched key and stops at the first live one (touch order follows event time
   * closely), so a call costs O(expired keys). Returns how many keys were dropped.
   */
  expire(now: number): number {
    return this.#expireFrom(this.#probation, now) + this.#expireFrom(this.#protected, now);
  }

  clear(): void {
    this.#map.clear();
    this.#probation.clear();
    this.#protected.clear();
    this.#protectedSize = 0;
    this.#bytes = 0;
  }

  #expireFrom(list: IntrusiveList<WindowSlot<K, P>>, now: number): number {
    let n = 0;
    const windowMs = this.windowMs;
    while (list.head !== null && now - list.head.newest >= windowMs) {
      this.#remove(list.head);
      n++;
    }
    return n;
  }

  /** Marks a key most recently touched; a `repeat` (a second entry in the window) promotes it to protected. */
  #touch(slot: WindowSlot<K, P>, repeat: boolean): void {
    if (slot.inProtected) {
      this.#protected.moveToTail(slot);
      return;
    }
    if (!repeat || this.maxProtected === 0) {
      this.#probation.moveToTail(slot);
      return;
    }
    this.#probation.unlink(slot);
    slot.inProtected = true;
    this.#protected.append(slot);
    this.#protectedSize++;
    if (this.#protectedSize > this.maxProtected) {
      // Protected is full: its least recently touched key goes back to probation, as the newest there.
      const demoted = this.#protected.head as WindowSlot<K, P>;
      this.#protected.unlink(demoted);
      demoted.inProtected = false;
      this.#protectedSize--;
      this.#probation.append(demoted);
    }
  }

  /** Evicts the least recently touched key of probation, else of protected (never `except`). */
  #evictOne(except: WindowSlot<K, P> | null): boolean {
    let victim = this.#probation.head;
    if (victim !== null && victim === except) victim = victim.next;
    if (victim === null) {
      victim = this.#protected.head;
      if (victim !== null && victim === except) victim = victim.next;
    }
    if (victim === null) return false;
    this.#remove(victim);
    this.#evicted++;
    return true;
  }

  /** Evicts keys other than `except` until the state fits the byte budget (or only `except` is left). */
  #fitBudget(except: WindowSlot<K, P>): void {
    while (this.#bytes > this.maxBytes && this.#evictOne(except)) this.#evictedForBytes++;
  }

  #remove(slot: WindowSlot<K, P>): void {
    if (slot.inProtected) {
      this.#protected.unlink(slot);
      this.#protectedSize--;
    } else {
      this.#probation.unlink(slot);
    }
    this.#map.delete(slot.key);
    this.#bytes -= KEY_BYTES + slot.bytes(this.#sizeOf);
  }
}
