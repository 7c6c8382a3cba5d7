/**
 * Batches a store's writes: `mark()` after each change arms one timer, and when it fires a single
 * write saves everything changed meanwhile (at most one write per `debounceMs`). Writes run one at
 * a time, in order; a failed write leaves the batcher dirty so the next flush retries it.
 *
 * `flushSync()` writes synchronously (exit and crash paths). If an async write was in flight, its
 * rename may still land after the synchronous one with older content, so when it completes the
 * batcher writes the current state once more, at once.
 */
export interface WriteBatcherOptions {
  debounceMs: number;
  /** Saves the current state. */
  write: () => Promise<void>;
  /** Saves the current state synchronously. */
  writeSync: () => void;
  /** A background (timer-driven) write failed. */
  onError: (err: unknown) => void;
}

export class WriteBatcher {
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private inFlight = 0;
  private stopped = false;
  private syncWrites = 0;
  private chain: Promise<void> = Promise.resolve();
  /** Writes started so far (async and sync). */
  writes = 0;

  constructor(private readonly opts: WriteBatcherOptions) {}

  /** Something changed: write within `debounceMs`. */
  mark(): void {
    this.dirty = true;
    if (this.timer !== null || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(this.opts.onError);
    }, this.opts.debounceMs);
    this.timer.unref(); // the exit hook's flushSync covers a process that ends meanwhile
  }

  /** Writes pending changes now; resolves when they (and any write before them) are saved. */
  flush(): Promise<void> {
    this.clearTimer();
    if (!this.dirty) return this.chain;
    this.dirty = false;
    this.chain = this.chain.catch(() => undefined).then(() => this.run());
    return this.chain;
  }

  flushSync(): void {
    this.clearTimer();
    if (!this.dirty && this.inFlight === 0) return;
    this.writes++;
    this.opts.writeSync();
    this.syncWrites++;
    this.dirty = false;
  }

  /** Flushes and stops the timer; later `mark()`s are only remembered for `flushSync`. */
  async stop(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.stopped = true;
      this.clearTimer();
    }
  }

  private async run(): Promise<void> {
    const syncBefore = this.syncWrites;
    this.inFlight++;
    try {
      this.writes++;
      await this.opts.write();
    } catch (err) {
      this.dirty = true; // not saved: the next flush or change tries again
      throw err;
    } finally {
      this.inFlight--;
    }
    if (this.syncWrites !== syncBefore) {
      // Our rename may have landed after the synchronous write's: save the current state again, now.
      this.dirty = true;
      this.flush().catch(this.opts.onError);
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
