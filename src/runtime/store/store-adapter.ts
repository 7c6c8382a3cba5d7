/**
 * EDGE (fs): the lowdb adapter of `alerts.json`, and the files set aside next to it.
 *
 * `StoreFileAdapter` implements lowdb's `Adapter<StoreFile>`: `read()` goes through
 * `readRegularFile` (no symlinks, regular files only) and the tolerant `decodeStoreText`, and keeps
 * what it found in `lastRead` (missing / corrupt / ok with the counts of dropped records);
 * `write()` goes through `writeFileAtomic`. `readSync`/`writeSync` are the exit-path twins.
 *
 * Set-aside files are never overwritten: `alerts.json.corrupt-<stamp>` (a file that is not a store,
 * moved) and `alerts.json.rejected-<stamp>` (a copy of a file some records were dropped from), each
 * `-2`, `-3`… when the name is taken.
 */
import { closeSync, constants, linkSync, openSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter, Low } from 'lowdb';
import { decodeStoreText, encodeStoreFile, type DecodeReport, type StoreFile } from './store-file.js';
import { isTempNameOf, readRegularFile, readRegularFileSync, writeFileAtomic, writeFileAtomicSync } from './safe-file.js';

export const STORE_FILE = 'alerts.json';

export type LastRead = { kind: 'missing' } | { kind: 'corrupt'; problem: string } | { kind: 'ok'; report: DecodeReport };

const droppedAny = (r: DecodeReport): boolean => r.alerts.dropped > 0 || r.blocks.dropped > 0 || r.checkpointsDropped;

export class StoreFileAdapter implements Adapter<StoreFile> {
  /** What the last read found. */
  lastRead: LastRead = { kind: 'missing' };
  /** The text of the last file read that had records dropped (to keep a copy), until taken. */
  private rejectedText: string | null = null;

  constructor(
    readonly path: string,
    /** Make an existing store of ours 0600 when reading it (not in read-only mode). */
    private readonly tighten: boolean,
  ) {}

  private decode(found: { text: string } | null): StoreFile | null {
    if (found === null) {
      this.lastRead = { kind: 'missing' };
      return null;
    }
    const decoded = decodeStoreText(found.text);
    if (!decoded.ok) {
      this.lastRead = { kind: 'corrupt', problem: decoded.problem };
      return null;
    }
    this.lastRead = { kind: 'ok', report: decoded.report };
    this.rejectedText = droppedAny(decoded.report) ? found.text : null;
    return decoded.data;
  }

  /** True when the last read dropped records (the file should be rewritten clean). */
  get droppedRecords(): boolean {
    return this.lastRead.kind === 'ok' && droppedAny(this.lastRead.report);
  }

  /** The original text of a file whose records were dropped, once. */
  takeRejectedText(): string | null {
    const text = this.rejectedText;
    this.rejectedText = null;
    return text;
  }

  async read(): Promise<StoreFile | null> {
    return this.decode(await readRegularFile(this.path, 'Alert store', this.tighten));
  }

  readSync(): StoreFile | null {
    return this.decode(readRegularFileSync(this.path, 'Alert store', this.tighten));
  }

  write(data: StoreFile): Promise<void> {
    return writeFileAtomic(this.path, encodeStoreFile(data));
  }

  writeSync(data: StoreFile): void {
    writeFileAtomicSync(this.path, encodeStoreFile(data));
  }
}

export function compactStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Calls `place(candidate)` on `base`, `base-2`, `base-3`… until one does not exist yet. */
function firstFree(base: string, place: (candidate: string) => void): string {
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    try {
      place(candidate);
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || i > 1000) throw err;
    }
  }
}

/** Moves `path` to `<path>.corrupt-<stamp>` (link + unlink: never replaces a file). Returns the new path. */
export function moveAside(path: string, ms: number): string {
  const aside = firstFree(`${path}.corrupt-${compactStamp(ms)}`, (c) => linkSync(path, c));
  unlinkSync(path);
  return aside;
}

/** Writes `text` to a new `<path>.rejected-<stamp>` (0600, exclusive). Returns its path. */
export function saveRejectedCopy(path: string, text: string, ms: number): string {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  return firstFree(`${path}.rejected-${compactStamp(ms)}`, (c) => {
    const fd = openSync(c, flags, 0o600);
    try {
      writeFileSync(fd, text, 'utf8');
    } finally {
      closeSync(fd);
    }
  });
}

/** Removes temporary files a killed writer left behind (we hold the lock: none is in use). */
export function removeLeftovers(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (isTempNameOf(STORE_FILE, name) || isTempNameOf('lock', name) || isTempNameOf('lock-stale', name)) {
      try {
        unlinkSync(join(dir, name));
      } catch {
        // someone else's cleanup won
      }
    }
  }
}

/** Loads the store at open time; set-aside and dropped-record warnings go to `warnings`. */
export async function loadStore(db: Low<StoreFile>, adapter: StoreFileAdapter, readonly: boolean, now: () => number, warnings: string[]): Promise<void> {
  await db.read();
  const found = adapter.lastRead;
  if (found.kind === 'corrupt') {
    if (readonly) {
      warnings.push(`Alert store ${adapter.path} is unreadable (${found.problem}); showing an empty store (read-only: the file is left as it is).`);
    } else {
      const aside = moveAside(adapter.path, now());
      warnings.push(`Alert store was unreadable and has been moved to ${aside}; starting with an empty store (${found.problem}).`);
    }
  } else if (found.kind === 'ok' && adapter.droppedRecords) {
    const { alerts, blocks, checkpointsDropped, firstProblem } = found.report;
    const text = adapter.takeRejectedText();
    const parts = [`${alerts.dropped} of ${alerts.total} alerts`, `${blocks.dropped} of ${blocks.total} blocks`];
    if (checkpointsDropped) parts.push('the checkpoints');
    const copy = readonly || text === null ? '' : `; the original file is kept as ${saveRejectedCopy(adapter.path, text, now())}`;
    warnings.push(`Alert store ${adapter.path}: dropped ${parts.join(' and ')} that failed validation (first: ${firstProblem ?? 'unknown'})${copy}.`);
  }
}
