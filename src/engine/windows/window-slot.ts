/**
 * One key of a `KeyedWindow`: at once its node in an LRU list and the holder of its entries.
 *
 * Memory: most keys (scans, spoofed floods) hold a single entry, so the first entry is kept inline;
 * entry arrays are only allocated for a key's second entry. Trimming shifts in place (no `splice`,
 * no garbage). Changes return how many approximate bytes they added or freed (`ENTRY_BYTES` per
 * entry plus what the window's `payloadBytes` says its payload retains); `bytes()` adds them up.
 */

/** Approximate bytes one entry costs besides its payload (array slots, growth slack). */
export const ENTRY_BYTES = 32;

/** Approximate bytes a payload retains on its own (strings, objects). */
export type PayloadBytes<P> = (payload: P) => number;

export class WindowSlot<K, P> {
  prev: WindowSlot<K, P> | null = null;
  next: WindowSlot<K, P> | null = null;
  /** In the protected segment (a key with several entries), else in probation. */
  inProtected = false;
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

  get length(): number {
    return this.times === null ? (this.has0 ? 1 : 0) : this.times.length;
  }

  timeAt(i: number): number {
    return this.times === null ? this.t0 : (this.times[i] as number);
  }

  countAt(i: number): number {
    return this.times === null ? this.c0 : (this.counts![i] as number);
  }

  payloadAt(i: number): P {
    return (this.times === null ? this.p0 : this.payloads![i]) as P;
  }

  /** Approximate bytes of the entries. */
  bytes(sizeOf: PayloadBytes<P>): number {
    let total = 0;
    const n = this.length;
    for (let i = 0; i < n; i++) total += ENTRY_BYTES + sizeOf(this.payloadAt(i));
    return total;
  }

  /**
   * Inserts an entry at index `i` (0 ≤ i ≤ length), merging when the slot holds `max` entries.
   * Returns the change in approximate bytes.
   */
  insertAt(i: number, time: number, count: number, payload: P, max: number, sizeOf: PayloadBytes<P>): number {
    this.sum += count;
    const n = this.length;
    if (n >= max) {
      // Full: merge. Appends go into the newest entry; out-of-order ones into their neighbour.
      const last = n - 1;
      const j = Math.min(i, last);
      let delta = 0;
      if (this.times === null) {
        this.c0 += count;
        if (i > last) {
          delta = sizeOf(payload) - sizeOf(this.p0 as P);
          this.t0 = time;
          this.p0 = payload;
        }
      } else {
        (this.counts as number[])[j] = (this.counts![j] as number) + count;
        if (i > last) {
          const payloads = this.payloads as P[];
          delta = sizeOf(payload) - sizeOf(payloads[j] as P);
          this.times[j] = time;
          payloads[j] = payload;
        }
      }
      return delta;
    }
    const added = ENTRY_BYTES + sizeOf(payload);
    if (n === 0) {
      this.has0 = true;
      this.t0 = time;
      this.c0 = count;
      this.p0 = payload;
      return added;
    }
    if (this.times === null) {
      // Second entry: spill to arrays.
      const p0 = this.p0 as P;
      if (i === 0) {
        this.times = [time, this.t0];
        this.counts = [count, this.c0];
        this.payloads = [payload, p0];
      } else {
        this.times = [this.t0, time];
        this.counts = [this.c0, count];
        this.payloads = [p0, payload];
      }
      this.has0 = false;
      this.p0 = undefined;
      return added;
    }
    const times = this.times;
    const counts = this.counts as number[];
    const payloads = this.payloads as P[];
    if (i === n) {
      times.push(time);
      counts.push(count);
      payloads.push(payload);
      return added;
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
    return added;
  }

  /** Drops entries that left the window ending at the slot's newest time; returns the bytes freed (≤ 0). */
  trim(windowMs: number, sizeOf: PayloadBytes<P>): number {
    const ref = this.newest;
    if (this.times === null) {
      if (this.has0 && ref - this.t0 >= windowMs) {
        const freed = ENTRY_BYTES + sizeOf(this.p0 as P);
        this.sum -= this.c0;
        this.c0 = 0;
        this.has0 = false;
        this.p0 = undefined;
        return -freed;
      }
      return 0;
    }
    const times = this.times;
    const counts = this.counts as number[];
    const payloads = this.payloads as P[];
    const n = times.length;
    let k = 0;
    let freed = 0;
    while (k < n && ref - (times[k] as number) >= windowMs) {
      this.sum -= counts[k] as number;
      freed += ENTRY_BYTES + sizeOf(payloads[k] as P);
      k++;
    }
    if (k === 0) return 0;
    for (let i = k; i < n; i++) {
      times[i - k] = times[i] as number;
      counts[i - k] = counts[i] as number;
      payloads[i - k] = payloads[i] as P;
    }
    times.length = n - k;
    counts.length = n - k;
    payloads.length = n - k;
    return -freed;
  }
}
