/**
 * A Map with least-recently-used order kept in an intrusive doubly linked list, so touching,
 * evicting the oldest entry and walking from the oldest are all O(1) per step.
 * (A plain Map re-inserted on touch and evicted with `keys().next()` degrades badly: V8 leaves
 * deleted slots at the front of the table and every `keys().next()` scans over them.)
 */
import { IntrusiveList } from './intrusive-list.js';

interface Node<K, V> {
  key: K;
  value: V;
  prev: Node<K, V> | null;
  next: Node<K, V> | null;
}

export class LruMap<K, V> {
  readonly maxSize: number;
  #map = new Map<K, Node<K, V>>();
  readonly #list = new IntrusiveList<Node<K, V>>(); // head: least recently touched, tail: most
  #evicted = 0;

  constructor(maxSize: number = Number.POSITIVE_INFINITY) {
    this.maxSize = Math.max(1, maxSize);
  }

  get size(): number {
    return this.#map.size;
  }

  /** Entries dropped by the size cap so far. */
  get evicted(): number {
    return this.#evicted;
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  /** The value, without changing the order. */
  peek(key: K): V | undefined {
    return this.#map.get(key)?.value;
  }

  /** The value, marked most recently used. */
  get(key: K): V | undefined {
    const node = this.#map.get(key);
    if (node === undefined) return undefined;
    this.#list.moveToTail(node);
    return node.value;
  }

  /**
   * Sets the value as most recently used. When a new key overflows the cap the oldest entry is
   * dropped and returned (so callers can react), else undefined.
   */
  set(key: K, value: V): { key: K; value: V } | undefined {
    const node = this.#map.get(key);
    if (node !== undefined) {
      node.value = value;
      this.#list.moveToTail(node);
      return undefined;
    }
    let dropped: { key: K; value: V } | undefined;
    if (this.#map.size >= this.maxSize && this.#list.head !== null) {
      const old = this.#list.head;
      this.#list.unlink(old);
      this.#map.delete(old.key);
      this.#evicted++;
      dropped = { key: old.key, value: old.value };
    }
    const fresh: Node<K, V> = { key, value, prev: null, next: null };
    this.#map.set(key, fresh);
    this.#list.append(fresh);
    return dropped;
  }

  delete(key: K): boolean {
    const node = this.#map.get(key);
    if (node === undefined) return false;
    this.#list.unlink(node);
    this.#map.delete(key);
    return true;
  }

  /** The least recently used entry, or undefined. */
  oldest(): { key: K; value: V } | undefined {
    const h = this.#list.head;
    return h === null ? undefined : { key: h.key, value: h.value };
  }

  /** Removes entries from the oldest end while `expired(value, key)` is true; returns how many. */
  dropOldestWhile(expired: (value: V, key: K) => boolean, onDrop?: (key: K, value: V) => void): number {
    let n = 0;
    while (this.#list.head !== null && expired(this.#list.head.value, this.#list.head.key)) {
      const old = this.#list.head;
      this.#list.unlink(old);
      this.#map.delete(old.key);
      n++;
      onDrop?.(old.key, old.value);
    }
    return n;
  }

  /** Entries oldest first. Safe against deleting the current entry while iterating. */
  *entries(): IterableIterator<[K, V]> {
    let node = this.#list.head;
    while (node !== null) {
      const next = node.next;
      yield [node.key, node.value];
      node = next;
    }
  }

  keys(): K[] {
    const out: K[] = [];
    for (let n = this.#list.head; n !== null; n = n.next) out.push(n.key);
    return out;
  }

  clear(): void {
    this.#map.clear();
    this.#list.clear();
  }
}
