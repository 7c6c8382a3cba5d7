/**
 * Bytes in, complete lines out. Splits on the LF byte (which never occurs inside a multi-byte UTF-8
 * sequence) and decodes each line on its own, with invalid bytes becoming U+FFFD. Decoding per line
 * matters for memory: a line sliced out of a big decoded chunk keeps the whole chunk alive for as long
 * as any piece of it (an IP used as a map key, an evidence line) is retained; a line decoded on its
 * own holds only itself.
 *
 * Holds a partial last line until its newline arrives, drops one trailing CR, and bounds memory: a
 * line longer than `MAX_LINE_LENGTH` characters is cut to `MAX_LINE_LENGTH + 1` characters (so the
 * parser still sees it was over the limit and reports it as truncated), and the rest of it is skipped
 * up to its newline.
 *
 * Speed: nearly every log chunk is pure ASCII (one SIMD check per chunk), and then a line is read
 * with Buffer's own `latin1Slice` (same characters as UTF-8 for ASCII bytes, a third cheaper than
 * `toString('utf8', …)` with its argument checks), without any `subarray` object per line.
 */
import { isAscii } from 'node:buffer';
import { MAX_LINE_LENGTH } from '../../engine/parsers/types.js';

const LF = 10;
const CR = 13;

/** Buffer's undocumented (but long-standing) direct decoders; feature-checked, with a fallback. */
interface DirectSlice {
  latin1Slice(start: number, end: number): string;
}
const hasLatin1Slice = typeof (Buffer.prototype as unknown as Partial<DirectSlice>).latin1Slice === 'function';

/** `buf[from, to)` decoded, when those bytes are known to be ASCII. */
function asciiSlice(buf: Buffer, from: number, to: number): string {
  return hasLatin1Slice ? (buf as unknown as DirectSlice).latin1Slice(from, to) : buf.toString('latin1', from, to);
}

export class LineSplitter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private overflow = false;
  private readonly maxBytes: number;

  constructor(private readonly maxLength: number = MAX_LINE_LENGTH) {
    // A character takes at most 4 bytes in UTF-8 (and U+FFFD replaces at most 1 byte).
    this.maxBytes = (maxLength + 1) * 4;
  }

  /** Complete lines found in `chunk` (together with what was held before). `chunk` may be reused by the caller afterwards. */
  push(chunk: Buffer): string[] {
    const out: string[] = [];
    let start = 0;
    let nl = chunk.indexOf(LF, 0);
    if (nl !== -1 && (this.partialBytes > 0 || this.overflow)) {
      this.hold(chunk, 0, nl);
      out.push(this.take());
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    if (nl !== -1 && isAscii(chunk)) {
      // ASCII: one byte per character, so a line within the byte limit is within the length limit.
      const max = this.maxLength;
      while (nl !== -1) {
        const end = nl > start && chunk[nl - 1] === CR ? nl - 1 : nl;
        out.push(end - start <= max ? asciiSlice(chunk, start, end) : this.decode(chunk, start, nl));
        start = nl + 1;
        nl = chunk.indexOf(LF, start);
      }
    }
    while (nl !== -1) {
      out.push(this.decode(chunk, start, nl));
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    if (start < chunk.length) this.hold(chunk, start, chunk.length);
    return out;
  }

  /** The held partial line (the input ended without a newline), or null; then starts afresh. */
  flush(): string | null {
    const line = this.holding ? this.take() : null;
    this.reset();
    return line;
  }

  /** Forget everything held (after truncation or when switching files). */
  reset(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.overflow = false;
  }

  /** True while part of a line is held. */
  get holding(): boolean {
    return this.partialBytes > 0 || this.overflow;
  }

  private hold(chunk: Buffer, from: number, to: number): void {
    if (this.overflow || from >= to) return;
    const room = this.maxBytes - this.partialBytes;
    const end = to - from > room ? from + room : to;
    // Copy: the caller may reuse its buffer.
    this.partial.push(Buffer.from(chunk.subarray(from, end)));
    this.partialBytes += end - from;
    if (end < to) this.overflow = true;
  }

  private take(): string {
    const buf = this.partial.length === 1 ? this.partial[0]! : Buffer.concat(this.partial, this.partialBytes);
    const line = this.decode(buf, 0, buf.length);
    this.partial = [];
    this.partialBytes = 0;
    this.overflow = false;
    return line;
  }

  private decode(buf: Buffer, from: number, to: number): string {
    if (to > from && buf[to - 1] === CR) to--;
    if (to - from <= this.maxLength) return buf.toString('utf8', from, to);
    const text = buf.toString('utf8', from, Math.min(to, from + this.maxBytes));
    return text.length > this.maxLength + 1 ? text.slice(0, this.maxLength + 1) : text;
  }
}
