/**
 * RFC 6587 syslog-over-TCP framing, decided per frame as rsyslog's imtcp does: a frame that starts
 * with a digit is octet-counted (`<MSG-LEN> <message>`, the message may hold raw LF), anything else
 * runs to the next LF (non-transparent framing; NUL is accepted as a delimiter too, CR before LF is
 * dropped). A count that is not followed by a space, or has more than 9 digits, is not a count: the
 * frame is then read as LF-delimited, digits included.
 *
 * Bytes in, messages out, with bounded memory: a message over `maxBytes` is cut to `maxBytes` bytes
 * (reported as truncated) and the rest of it is skipped, whatever the sender claims or sends.
 */

const LF = 10;
const CR = 13;
const NUL = 0;
const SPACE = 32;
const MAX_COUNT_DIGITS = 9;

type State = 'start' | 'count' | 'octets' | 'line';

export type FrameHandler = (text: string, truncated: boolean) => void;

export class SyslogFramer {
  private state: State = 'start';
  private parts: Buffer[] = [];
  private held = 0;
  private truncated = false;
  private count = 0;
  private digits = 0;
  private countText = '';
  private remaining = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly onMessage: FrameHandler,
  ) {}

  /** True while part of a frame is held. */
  get holding(): boolean {
    return this.state !== 'start';
  }

  push(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    let nul = -2; // next NUL at or after i (-1: none in this chunk; -2: not looked up yet)
    while (i < n) {
      switch (this.state) {
        case 'start': {
          const c = chunk[i]!;
          if (c === LF || c === CR || c === NUL || c === SPACE) {
            i++; // empty frames and stray separators
          } else if (c >= 49 && c <= 57) {
            this.state = 'count';
            this.count = 0;
            this.digits = 0;
            this.countText = '';
          } else this.state = 'line';
          break;
        }
        case 'count': {
          while (i < n && this.digits <= MAX_COUNT_DIGITS) {
            const c = chunk[i]!;
            if (c < 48 || c > 57) break;
            this.count = this.count * 10 + (c - 48);
            this.countText += String.fromCharCode(c);
            this.digits++;
            i++;
          }
          if (i === n) break;
          if (chunk[i] === SPACE && this.digits <= MAX_COUNT_DIGITS) {
            i++;
            this.state = 'octets';
            this.remaining = this.count;
          } else {
            // Not an octet count: the digits begin an LF-delimited message.
            this.hold(Buffer.from(this.countText, 'latin1'), 0, this.countText.length);
            this.state = 'line';
          }
          break;
        }
        case 'octets': {
          const take = Math.min(this.remaining, n - i);
          this.hold(chunk, i, i + take);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.finish();
          break;
        }
        case 'line': {
          if (nul !== -1 && nul < i) nul = chunk.indexOf(NUL, i);
          let end = chunk.indexOf(LF, i);
          if (nul !== -1 && (end === -1 || nul < end)) end = nul;
          if (end === -1) {
            this.hold(chunk, i, n);
            i = n;
          } else if (this.parts.length === 0 && !this.truncated && end - i <= this.maxBytes) {
            this.deliver(chunk, i, end, false); // the whole message is in this chunk: no copy
            this.state = 'start';
            i = end + 1;
          } else {
            this.hold(chunk, i, end);
            i = end + 1;
            this.finish();
          }
          break;
        }
      }
    }
  }

  /**
   * The connection ended: an LF-delimited message without its LF is delivered (the sender is done
   * with it); an octet-counted frame still missing bytes is dropped. True when something was dropped.
   */
  end(): boolean {
    const state = this.state;
    if (state === 'line') {
      this.finish();
      return false;
    }
    const dropped = state === 'octets' || state === 'count';
    this.reset();
    return dropped;
  }

  private reset(): void {
    this.state = 'start';
    this.parts = [];
    this.held = 0;
    this.truncated = false;
  }

  private hold(buf: Buffer, from: number, to: number): void {
    if (to <= from) return;
    const room = this.maxBytes - this.held;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const end = to - from > room ? from + room : to;
    if (end < to) this.truncated = true;
    this.parts.push(Buffer.from(buf.subarray(from, end))); // copy: the caller reuses its buffers
    this.held += end - from;
  }

  private finish(): void {
    const buf = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.held);
    const truncated = this.truncated;
    this.reset();
    this.deliver(buf, 0, buf.length, truncated);
  }

  private deliver(buf: Buffer, from: number, to: number, truncated: boolean): void {
    while (to > from && (buf[to - 1] === LF || buf[to - 1] === CR || buf[to - 1] === NUL)) to--;
    if (to > from) this.onMessage(buf.toString('utf8', from, to), truncated);
  }
}

/** One UDP datagram as a message (trailing LF, CR and NUL dropped), cut to `maxBytes`. */
export function datagramText(msg: Buffer, maxBytes: number): { text: string; truncated: boolean } | null {
  let to = msg.length;
  while (to > 0 && (msg[to - 1] === LF || msg[to - 1] === CR || msg[to - 1] === NUL)) to--;
  if (to === 0) return null;
  const truncated = to > maxBytes;
  return { text: msg.toString('utf8', 0, truncated ? maxBytes : to), truncated };
}
