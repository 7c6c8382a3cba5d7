/**
 * One open log file being read: its descriptor (which follows the inode whatever its name becomes),
 * how far it was read, how far complete lines were handed on (`committed`: what a checkpoint may
 * promise), its line count, its held partial line and its first bytes (its fingerprint).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { LineSplitter } from './line-splitter.js';
import { contentFrom, FINGERPRINT_BYTES, fingerprintOf } from './rotated-files.js';

const LF = 10;

export interface Position {
  dev: number;
  ino: number;
  offset: number;
  line: number;
  fingerprint: string;
}

export class OpenLog {
  readonly splitter = new LineSplitter();
  /** Bytes read so far. */
  offset: number;
  /** Bytes up to and including the last newline handed on. */
  committed: number;
  /** Lines handed on so far (the last one's number). */
  line: number;
  /** Wall-clock ms when data last arrived (for draining a rotated file until it is quiet). */
  lastDataAt = 0;
  private head: Buffer = Buffer.alloc(0);
  private fp: string | null = null;

  private constructor(
    private readonly fh: FileHandle,
    readonly dev: number,
    readonly ino: number,
    offset: number,
    line: number,
  ) {
    this.offset = offset;
    this.committed = offset;
    this.line = line;
  }

  /** Opens `path` positioned at `offset` (after `line` lines); reads its first bytes. */
  static async open(path: string, offset: number, line: number): Promise<OpenLog> {
    const fh = await open(path, 'r');
    try {
      const st = await fh.stat();
      const log = new OpenLog(fh, st.dev, st.ino, offset, line);
      await log.checkHead();
      return log;
    } catch (err) {
      await fh.close().catch(() => undefined);
      throw err;
    }
  }

  async size(): Promise<number> {
    return (await this.fh.stat()).size;
  }

  /**
   * Reads the file's first bytes again. False when they are no longer the ones read before: the file
   * was truncated and written again (copytruncate) even if it has grown past the read offset since.
   */
  async checkHead(): Promise<boolean> {
    const buf = Buffer.alloc(FINGERPRINT_BYTES);
    const { bytesRead } = await this.fh.read(buf, 0, FINGERPRINT_BYTES, 0);
    const now = buf.subarray(0, bytesRead);
    if (bytesRead < this.head.length || !now.subarray(0, this.head.length).equals(this.head)) return false;
    if (bytesRead > this.head.length) {
      this.head = Buffer.from(now);
      this.fp = null;
    }
    return true;
  }

  get fingerprint(): string {
    this.fp ??= fingerprintOf(this.head);
    return this.fp;
  }

  /** Where complete lines end: what a checkpoint records. */
  position(): Position {
    return { dev: this.dev, ino: this.ino, offset: this.committed, line: this.line, fingerprint: this.fingerprint };
  }

  /** Starts the file over (after truncation): nothing read, no line, no head. */
  restart(): void {
    this.offset = 0;
    this.committed = 0;
    this.line = 0;
    this.head = Buffer.alloc(0);
    this.fp = null;
    this.splitter.reset();
  }

  /**
   * Reads from the offset to the current end, handing complete lines to `emit` chunk by chunk (the
   * caller numbers them from `line`). Returns the bytes read.
   */
  async readAvailable(buf: Buffer, emit: (texts: string[]) => void, stop: () => boolean): Promise<number> {
    let total = 0;
    for (;;) {
      const { bytesRead } = await this.fh.read(buf, 0, buf.length, this.offset);
      if (bytesRead === 0 || stop()) return total;
      const chunk = buf.subarray(0, bytesRead);
      const at = this.offset;
      this.offset += bytesRead;
      total += bytesRead;
      const texts = this.splitter.push(chunk);
      const lf = chunk.lastIndexOf(LF);
      if (lf !== -1) this.committed = at + lf + 1;
      if (texts.length > 0) emit(texts);
      // Keep the head check cheap and current for files that start empty and grow.
      if (at < FINGERPRINT_BYTES && this.head.length < FINGERPRINT_BYTES) await this.checkHead();
    }
  }

  /** The held partial line (the file ended without a newline), which now counts as read. */
  flush(): string | null {
    const last = this.splitter.flush();
    this.committed = this.offset;
    return last;
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}

export function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Offset just after the last newline before `size`, and how many newlines precede it. */
export async function endOf(path: string): Promise<{ offset: number; line: number }> {
  let offset = 0;
  let line = 0;
  let at = 0;
  for await (const chunk of contentFrom({ path, gz: false }, 0)) {
    let i = chunk.indexOf(10);
    while (i !== -1) {
      line++;
      offset = at + i + 1;
      i = chunk.indexOf(10, i + 1);
    }
    at += chunk.length;
  }
  return { offset, line };
}
