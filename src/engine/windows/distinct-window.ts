/**
 * Per-key sliding window of *distinct values* in event time: "how many different ports / users /
 * addresses did this key touch within the window". Each value keeps its latest time, how many
 * units it brought while it stayed in the window, and the payload of its first occurrence in the
 * window (made from the source by `toPayload` only then, so repeats allocate nothing).
 *
 * Window rule (as `KeyedWindow`): a value last seen at t is inside the window of the key's newest
 * time u ≥ t when u − t < windowMs. A value that left the window is forgotten with its units; a
 * late (out-of-order) occurrence older than the window is ignored.
 *
 * Bounds: at most `maxValuesPerKey` values per key (past it the value seen longest ago is dropped:
 * rules fire at their threshold and keep the cap at it), at most `maxKeys` keys (least recently
 * touched evicted first). `expire(now)` drops keys whose newest value left the window.
 */
import { SlotLru } from './slot-lru.js';

export interface DistinctEntry<V, P> {
  readonly value: V;
  /** Time of the latest occurrence (the entry's place in the window). */
  readonly time: number;
  /** Units the value brought while it stayed in the window. */
  readonly count: number;
  /** Payload of the first occurrence in the window. */
  readonly payload: P;
}

interface Item<V, P> {
  value: V;
  /** Time of the occurrence the payload was made from. */
  readonly first: number;
  time: number;
  count: number;
  payload: P;
}

class KeyState<K, V, P> {
  prev: KeyState<K, V, P> | null = null;
  next: KeyState<K, V, P> | null = null;
  newest: number;
  /** A lower bound of the items' times: nothing to trim while it is inside the window. */
  oldest: number;
  readonly items: Item<V, P>[] = [];

  constructor(
    readonly key: K,
    time: number,
  ) {
    this.newest = time;
    this.oldest = time;
  }
}

export interface DistinctWindowOptions<S, P> {
  windowMs: number;
  /** Makes a value's payload from the source given to `add`, once per value. */
  toPayload: (source: S) => P;
  /** Maximum tracked keys (LRU eviction). Default 100,000. */
  maxKeys?: number;
  /** Maximum distinct values kept per key. Default 64. */
  maxValuesPerKey?: number;
}

export class DistinctWindow<K, V, P, S = P> {
  readonly windowMs: number;
  readonly #toPayload: (source: S) => P;
  readonly maxKeys: number;
  readonly maxValuesPerKey: number;
  readonly #keys: SlotLru<K, KeyState<K, V, P>>;

  constructor(opts: DistinctWindowOptions<S, P>) {
    if (!(opts.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${opts.windowMs}`);
    this.windowMs = opts.windowMs;
    this.#toPayload = opts.toPayload;
    this.maxKeys = Math.max(1, opts.maxKeys ?? 100_000);
    this.maxValuesPerKey = Math.max(1, opts.maxValuesPerKey ?? 64);
    this.#keys = new SlotLru(this.maxKeys);
  }

  get size(): number {
    return this.#keys.size;
  }

  /** Keys evicted by the key cap so far. */
  get evicted(): number {
    return this.#keys.evicted;
  }

  /**
   * Records `count` units of `value` for `key` at `time`; returns how many distinct values the key
   * has inside the window ending at its newest time.
   */
  add(key: K, value: V, time: number, count: number, source: S): number {
    let state = this.#keys.get(key);
    if (state === undefined) {
      state = new KeyState<K, V, P>(key, time);
      this.#keys.insert(state);
    } else {
      this.#keys.touch(state);
    }
    if (time > state.newest) {
      state.newest = time;
      if (time - state.oldest >= this.windowMs) this.#trim(state);
    } else if (state.newest - time >= this.windowMs) {
      return state.items.length; // late, outside the window
    }
    const items = state.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as Item<V, P>;
      if (item.value === value) {
        item.count += count;
        if (time > item.time) item.time = time;
        return items.length;
      }
    }
    if (items.length >= this.maxValuesPerKey) {
      let oldest = 0;
      for (let i = 1; i < items.length; i++) if ((items[i] as Item<V, P>).time < (items[oldest] as Item<V, P>).time) oldest = i;
      items.splice(oldest, 1);
    }
    items.push({ value, first: time, time, count, payload: this.#toPayload(source) });
    if (time < state.oldest) state.oldest = time;
    return items.length;
  }

  /** Distinct values the key has inside its current window (0 when untracked). */
  distinct(key: K): number {
    return this.#keys.get(key)?.items.length ?? 0;
  }

  /** The key's values inside its current window, in the order they first appeared (their payloads' order). */
  entries(key: K): DistinctEntry<V, P>[] {
    const state = this.#keys.get(key);
    if (state === undefined) return [];
    return [...state.items].sort((a, b) => a.first - b.first).map((i) => ({ value: i.value, time: i.time, count: i.count, payload: i.payload }));
  }

  has(key: K): boolean {
    return this.#keys.has(key);
  }

  delete(key: K): boolean {
    return this.#keys.delete(key);
  }

  /** Drops keys whose newest value is outside the window ending at `now`; returns how many. */
  expire(now: number): number {
    return this.#keys.expire(now, this.windowMs);
  }

  clear(): void {
    this.#keys.clear();
  }

  #trim(state: KeyState<K, V, P>): void {
    const items = state.items;
    let w = 0;
    let oldest = state.newest;
    for (let r = 0; r < items.length; r++) {
      const item = items[r] as Item<V, P>;
      if (state.newest - item.time < this.windowMs) {
        items[w++] = item;
        if (item.time < oldest) oldest = item.time;
      }
    }
    items.length = w;
    state.oldest = oldest;
  }
}
