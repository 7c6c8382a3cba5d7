/**
 * A bounded queue between sockets and the pipeline: lines are handed on in batches of at most
 * `batch`, one batch per event-loop turn (`setImmediate`), so a flood cannot starve I/O. `full`
 * says when producers must stop (UDP drops, TCP pauses); `onDrained` fires once the queue is back
 * to half its limit.
 */
import type { RawLine } from '../../engine/model/event.js';

export class LineQueue {
  private lines: RawLine[] = [];
  private head = 0;
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly limit: number,
    private readonly emit: (lines: RawLine[]) => void,
    private readonly onDrained: () => void,
    private readonly batch = 2048,
  ) {}

  get size(): number {
    return this.lines.length - this.head;
  }

  get full(): boolean {
    return this.size >= this.limit;
  }

  push(line: RawLine): void {
    this.lines.push(line);
    if (!this.scheduled && !this.stopped) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Hands on everything queued now (when closing), then accepts nothing more. */
  drainAndStop(): void {
    while (this.size > 0) this.flush();
    this.stopped = true;
  }

  private flush(): void {
    this.scheduled = false;
    if (this.stopped) return;
    const end = Math.min(this.lines.length, this.head + this.batch);
    const out = this.head === 0 && end === this.lines.length ? this.lines : this.lines.slice(this.head, end);
    this.head = end;
    if (this.head >= this.lines.length) {
      this.lines = [];
      this.head = 0;
    } else if (this.head > 65_536 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
    if (out.length > 0) this.emit(out);
    if (this.size <= this.limit / 2) this.onDrained();
    if (this.size > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }
}
