/**
 * The key bookkeeping `DistinctWindow` and `RecentWindow` share: one slot per key in a map, threaded
 * on an intrusive list in touch order (head: least recently touched), capped at `maxKeys` (the least
 * recently touched key makes room), and expired by event time: a slot whose `newest` time has left
 * the window ending at `now` is dropped. Touch order follows event time closely, so expiring walks
 * from the head and stops at the first live slot: O(expired keys).
 */
import { IntrusiveList, type Linked } from './intrusive-list.js';

export interface KeySlot<K, S> extends Linked<S> {
  readonly key: K;
  /** Newest event time of the key. */
  newest: number;
}

export class SlotLru<K, S extends KeySlot<K, S>> {
  readonly maxKeys: number;
  readonly #map = new Map<K, S>();
  readonly #list = new IntrusiveList<S>();
  #evicted = 0;

  constructor(maxKeys: number) {
    this.maxKeys = Math.max(1, maxKeys);
  }

  get size(): number {
    return this.#map.size;
  }

  /** Keys evicted by the key cap so far. */
  get evicted(): number {
    return this.#evicted;
  }

  get(key: K): S | undefined {
    return this.#map.get(key);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  /** Adds a slot for a key that has none, as the most recently touched (evicting the least recently touched key at the cap). */
  insert(slot: S): void {
    if (this.#map.size >= this.maxKeys && this.#list.head !== null) {
      const old = this.#list.head;
      this.#list.unlink(old);
      this.#map.delete(old.key);
      this.#evicted++;
    }
    this.#map.set(slot.key, slot);
    this.#list.append(slot);
  }

  /** Marks a tracked slot most recently touched. */
  touch(slot: S): void {
    this.#list.moveToTail(slot);
  }

  delete(key: K): boolean {
    const slot = this.#map.get(key);
    if (slot === undefined) return false;
    this.#list.unlink(slot);
    this.#map.delete(key);
    return true;
  }

  /** Drops keys whose newest time is outside the window of `windowMs` ending at `now`; returns how many. */
  expire(now: number, windowMs: number): number {
    let n = 0;
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
}
