/**
 * Bytes in, complete lines out. Decodes UTF-8 across chunk boundaries (invalid bytes become
 * U+FFFD), holds a partial last line until its newline arrives, drops one trailing CR, and bounds
 * memory: a line longer than `MAX_LINE_LENGTH` characters is cut to `MAX_LINE_LENGTH + 1`
 * characters (so the parser still sees it was over the limit and reports it as truncated), and the
 * rest of it is skipped up to its newline.
 */
import { StringDecoder } from 'node:string_decoder';
import { MAX_LINE_LENGTH } from '../parsers/types.js';

export class LineSplitter {
  private decoder = new StringDecoder('utf8');
  private partial = '';
  private overflow = false;

  constructor(private readonly maxLength: number = MAX_LINE_LENGTH) {}

  /** Complete lines found in `chunk` (together with what was held before). */
  push(chunk: Buffer): string[] {
    const text = this.decoder.write(chunk);
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) {
        this.append(text, start, text.length);
        return out;
      }
      this.append(text, start, nl);
      out.push(this.take());
      start = nl + 1;
    }
  }

  /** The held partial line (the file ended without a newline), or null; then starts afresh. */
  flush(): string | null {
    const rest = this.decoder.end();
    this.append(rest, 0, rest.length);
    const line = this.partial.length > 0 || this.overflow ? this.take() : null;
    this.reset();
    return line;
  }

  /** Forget everything held (after truncation or when switching files). */
  reset(): void {
    this.decoder = new StringDecoder('utf8');
    this.partial = '';
    this.overflow = false;
  }

  /** True while part of a line is held. */
  get holding(): boolean {
    return this.partial.length > 0 || this.overflow;
  }

  private append(text: string, from: number, to: number): void {
    if (this.overflow || from >= to) return;
    const room = this.maxLength + 1 - this.partial.length;
    if (to - from > room) {
      this.partial += text.slice(from, from + room);
      this.overflow = true;
    } else {
      this.partial += from === 0 && to === text.length ? text : text.slice(from, to);
    }
  }

  private take(): string {
    let line = this.partial;
    if (!this.overflow && line.endsWith('\r')) line = line.slice(0, -1);
    this.partial = '';
    this.overflow = false;
    return line;
  }
}
