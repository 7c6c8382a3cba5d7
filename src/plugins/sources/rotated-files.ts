/**
 * A log file's rotations and how to recognise a file again: its fingerprint (a hash of its first
 * bytes) and its rotated siblings (`auth.log.1`, `auth.log.2.gz`, `auth.log-20240501`), newest first.
 * Used when resuming from a checkpoint (the file read last time may now be `auth.log.1` or already
 * compressed) and after a copytruncate (the copy holds what was not read yet).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';

/** How many leading bytes identify a file. */
export const FINGERPRINT_BYTES = 256;

/** `<n>:<hash>` of a file's first `n` bytes (n ≤ 256; fewer while the file is shorter). */
export function fingerprintOf(head: Buffer): string {
  const digest = createHash('sha256').update(head).digest('hex').slice(0, 32);
  return `${head.length}:${digest}`;
}

/** The byte count a fingerprint covers, or null when it is not one. */
export function fingerprintLength(fp: string): number | null {
  const m = /^(\d{1,3}):[0-9a-f]{32}$/.exec(fp);
  if (m === null) return null;
  const n = Number(m[1]);
  return n <= FINGERPRINT_BYTES ? n : null;
}

export interface RotatedFile {
  path: string;
  /** Compressed (`.gz`): read once through gunzip, never tailed. */
  gz: boolean;
}

const SUFFIX = /^(?:\.(\d{1,4})|-(\d{8}(?:\d{2})?))(\.gz)?$/;

/** The live file's name a rotated name belongs to (`auth.log.2.gz` → `auth.log`), or null. */
export function rotationBase(name: string): string | null {
  const m = /^(.+?)(?:\.\d{1,4}|-\d{8}(?:\d{2})?)(?:\.gz)?$/.exec(name);
  return m === null ? null : m[1]!;
}

/** The rotations of `file` present in its directory, newest first (`.1` before `.2`, later dates first). */
export async function listRotations(file: string): Promise<RotatedFile[]> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const found: { path: string; gz: boolean; num: number; date: string }[] = [];
  for (const name of names) {
    if (!name.startsWith(base) || name === base) continue;
    const m = SUFFIX.exec(name.slice(base.length));
    if (m === null) continue;
    found.push({ path: path.join(dir, name), gz: m[3] !== undefined, num: m[1] !== undefined ? Number(m[1]) : -1, date: m[2] ?? '' });
  }
  found.sort((a, b) => {
    if (a.num >= 0 && b.num >= 0) return a.num - b.num;
    if (a.num >= 0) return -1;
    if (b.num >= 0) return 1;
    return a.date < b.date ? 1 : a.date > b.date ? -1 : 0;
  });
  return found.map(({ path: p, gz }) => ({ path: p, gz }));
}

/** A readable stream of a file's (decompressed) content. */
function contentStream(file: RotatedFile, chunk = 1 << 20): NodeJS.ReadableStream {
  const raw = createReadStream(file.path, { highWaterMark: chunk });
  if (!file.gz) return raw;
  const gunzip = createGunzip({ chunkSize: chunk });
  raw.on('error', (err) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

/** The first `n` bytes of a file's content (fewer when it is shorter). */
export async function headOf(file: RotatedFile, n: number = FINGERPRINT_BYTES): Promise<Buffer> {
  if (!file.gz) {
    const fh = await open(file.path, 'r');
    try {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fh.read(buf, 0, n, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  const parts: Buffer[] = [];
  let have = 0;
  const stream = contentStream(file, 64 * 1024) as NodeJS.ReadableStream & { destroy(): void };
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      have += (chunk as Buffer).length;
      if (have >= n) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, n);
}

/** The (decompressed) content from byte `offset` on, in chunks. */
export async function* contentFrom(file: RotatedFile, offset: number): AsyncGenerator<Buffer> {
  if (!file.gz) {
    const stream = createReadStream(file.path, { start: offset, highWaterMark: 1 << 20 });
    for await (const chunk of stream) yield chunk as Buffer;
    return;
  }
  let skip = offset;
  for await (const c of contentStream(file)) {
    let chunk = c as Buffer;
    if (skip > 0) {
      if (chunk.length <= skip) {
        skip -= chunk.length;
        continue;
      }
      chunk = chunk.subarray(skip);
      skip = 0;
    }
    yield chunk;
  }
}

/** True when `file` starts with the bytes that `fingerprint` covers. */
export async function hasFingerprint(file: RotatedFile, fingerprint: string): Promise<boolean> {
  const n = fingerprintLength(fingerprint);
  if (n === null) return false;
  try {
    const head = await headOf(file, n);
    return head.length === n && fingerprintOf(head) === fingerprint;
  } catch {
    return false;
  }
}

export interface Identity {
  dev: number;
  ino: number;
  fingerprint: string;
}

/**
 * The index in `files` of the file that `id` describes: the fingerprint decides, dev/ino is a hint
 * that wins a tie (two files starting with the same bytes). -1 when none has the fingerprint.
 */
export async function findFile(files: readonly RotatedFile[], id: Identity, exclude?: { dev: number; ino: number }): Promise<number> {
  let found = -1;
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    let st;
    try {
      st = await stat(f.path);
    } catch {
      continue;
    }
    if (!f.gz && exclude !== undefined && st.dev === exclude.dev && st.ino === exclude.ino) continue;
    if (!(await hasFingerprint(f, id.fingerprint))) continue;
    if (!f.gz && st.dev === id.dev && st.ino === id.ino) return i;
    if (found === -1) found = i;
  }
  return found;
}
