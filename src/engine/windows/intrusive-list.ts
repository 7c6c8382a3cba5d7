/**
 * A doubly linked list threaded through the items themselves (`prev`/`next` fields), so keeping an
 * LRU order costs no allocation per touch. Shared by `LruMap` and `KeyedWindow`.
 */
export interface Linked<N> {
  prev: N | null;
  next: N | null;
}

export class IntrusiveList<N extends Linked<N>> {
  /** Least recently appended. */
  head: N | null = null;
  /** Most recently appended. */
  tail: N | null = null;

  unlink(node: N): void {
    if (node.prev !== null) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next !== null) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = null;
  }

  append(node: N): void {
    node.prev = this.tail;
    node.next = null;
    if (this.tail !== null) this.tail.next = node;
    else this.head = node;
    this.tail = node;
  }

  /** Makes a linked node the most recently appended (nothing to do when it already is). */
  moveToTail(node: N): void {
    if (node === this.tail) return;
    this.unlink(node);
    this.append(node);
  }

  clear(): void {
    this.head = this.tail = null;
  }
}
