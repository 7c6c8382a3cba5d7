/**
 * The queue between the pipeline and a slow notification sink (webhook, mail). `push` is what the
 * pipeline calls: it only appends (dropping the oldest item when the queue is full) and schedules
 * the drain, so the pipeline never waits on the network or a process. The drain delivers one item at
 * a time, in order, on a later turn of the event loop.
 *
 * `idle(ms)` waits for the queue to empty, at most `ms`; `close(ms)` stops taking items, waits the
 * same way, then aborts the delivery in flight and discards what is left (the number is returned so
 * the sink can say so). Drops are reported as episodes: `onDropStart` at the first drop while full,
 * `onDropEnd(n)` once the queue has emptied again, so a flood is two diagnostics, not thousands.
 */

export interface DeliveryQueueOptions<T> {
  /** Most items waiting (the one in flight not counted); at least 1. */
  readonly capacity: number;
  /**
   * Delivers one item, retrying as it sees fit; `signal` aborts when the queue is closed past its
   * deadline. A rejection counts as a failed delivery (the deliverer reports its own failures).
   */
  deliver(item: T, signal: AbortSignal): Promise<void>;
  /** The queue was full and started dropping its oldest items. */
  onDropStart?(): void;
  /** The queue emptied after dropping `dropped` items since `onDropStart`. */
  onDropEnd?(dropped: number): void;
}

export interface DeliveryQueue<T> {
  /** Appends an item; never blocks, never throws. Ignored once closed. */
  push(item: T): void;
  /** Items waiting plus the one in flight. */
  readonly pending: number;
  /** Items dropped because the queue was full, since creation. */
  readonly dropped: number;
  /** Resolves true once nothing is waiting or in flight, false when `deadlineMs` passed first. */
  idle(deadlineMs: number): Promise<boolean>;
  /** Stops taking items, waits up to `deadlineMs`, aborts what is in flight; resolves to the items given up. */
  close(deadlineMs: number): Promise<number>;
}

/** After aborting, how long `close` still waits for the delivery in flight to notice. */
const ABORT_GRACE_MS = 1000;

export function createDeliveryQueue<T>(opts: DeliveryQueueOptions<T>): DeliveryQueue<T> {
  const capacity = Math.max(1, Math.floor(opts.capacity));
  const items: T[] = [];
  const abort = new AbortController();
  let inFlight: Promise<void> | null = null;
  let scheduled = false;
  let closed = false;
  let dropped = 0;
  let episodeDrops = 0;
  let idleWaiters: (() => void)[] = [];

  const settleIdle = (): void => {
    if (items.length > 0 || inFlight !== null) return;
    if (episodeDrops > 0) {
      const n = episodeDrops;
      episodeDrops = 0;
      opts.onDropEnd?.(n);
    }
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  const drain = async (): Promise<void> => {
    scheduled = false;
    while (items.length > 0 && !abort.signal.aborted) {
      const item = items.shift() as T;
      inFlight = opts.deliver(item, abort.signal).catch(() => undefined);
      await inFlight;
      inFlight = null;
    }
    settleIdle();
  };

  const schedule = (): void => {
    if (scheduled || inFlight !== null) return;
    scheduled = true;
    setImmediate(() => void drain());
  };

  const waitIdle = (deadlineMs: number): Promise<boolean> => {
    if (items.length === 0 && inFlight === null && !scheduled) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      // Referenced on purpose: a process that is stopping stays up until the queue drains or the deadline.
      const timer = setTimeout(() => {
        idleWaiters = idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, Math.max(0, deadlineMs));
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      idleWaiters.push(done);
    });
  };

  return {
    push(item) {
      if (closed) return;
      if (items.length >= capacity) {
        items.shift();
        dropped++;
        if (episodeDrops++ === 0) opts.onDropStart?.();
      }
      items.push(item);
      // The drain loop picks it up itself while it runs.
      if (inFlight === null) schedule();
    },
    get pending() {
      return items.length + (inFlight !== null ? 1 : 0);
    },
    get dropped() {
      return dropped;
    },
    idle: waitIdle,
    async close(deadlineMs) {
      if (!closed) closed = true;
      if (await waitIdle(deadlineMs)) return 0;
      const left = items.length + (inFlight !== null ? 1 : 0);
      items.length = 0;
      abort.abort();
      const current = inFlight;
      if (current !== null) {
        await Promise.race([current, new Promise<void>((r) => setTimeout(r, ABORT_GRACE_MS).unref())]);
      }
      return left;
    },
  };
}
