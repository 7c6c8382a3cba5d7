/**
 * EDGE (fs, lowdb 7): the data directory's store: alerts, blocks and checkpoints in
 * `<dataDir>/alerts.json`, one writer at a time through `<dataDir>/lock`.
 *
 * ```ts
 * const store = await openStore(dataDir, { mode: 'writer' });   // console, watch
 * store.alerts; store.blocks;                                    // as loaded at open
 * store.upsert(alert); store.setBlocks(blocks);                  // batched: one write per ~500 ms
 * store.checkpoints.set('file:/var/log/auth.log', { ino, offset }); // written with the alerts
 * await store.flush();  store.flushSync();  await store.close();
 * ```
 *
 * Modes:
 * - `writer`: takes the lock for the store's lifetime; another live holder → `StoreError`
 *   (`reason: 'locked'`) naming its pid and suggesting `--readonly` (a `merge` holder is waited for,
 *   up to 5 s). A stale lock (dead pid, even after `kill -9`) is taken over.
 * - `readonly`: no lock, never writes (nor creates the directory, nor moves a corrupt file aside);
 *   changes stay in memory.
 * - `merge` (`replay --save`): waits up to `lockWaitMs` (5 s) for the lock, then a `StoreError`
 *   naming the holder. Each write re-reads the file under the lock and merges into it (merge.ts):
 *   new alerts are added, existing ones grow, and an existing alert's status, history and block are
 *   never changed. Releases the lock on `close()`.
 *
 * One file: checkpoints live in `alerts.json` beside the alerts, so one atomic write saves both
 * and, after a crash, a checkpoint never disagrees with the alerts it covers.
 *
 * Safety (issue 8): the data directory must be ours and not group/other-writable (created 0700);
 * the store is 0600 and written atomically without following symlinks (safe-file.ts); a symlink,
 * directory or unreadable file at `alerts.json` is a one-line `StoreError` (exit 2). Loading is
 * tolerant (store-file.ts): a BOM is accepted, invalid records are dropped with a warning (the
 * original is copied to `alerts.json.rejected-<stamp>`), and a file that is not a store at all is
 * moved to `alerts.json.corrupt-<stamp>`. Warnings never quote the file's content.
 *
 * On process exit, open stores are flushed synchronously and their locks released (best effort).
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Low } from 'lowdb';
import type { Alert } from '../../engine/model/alert.js';
import type { BlockRecord } from '../../engine/model/block.js';
import { prepareDataDir } from './data-dir.js';
import { mergeAlerts, mergeBlocks } from './merge.js';
import { STORE_FILE, StoreFileAdapter, loadStore, moveAside, removeLeftovers } from './store-adapter.js';
import { emptyStoreFile, type StoreFile } from './store-file.js';
import { asStoreError } from './store-error.js';
import { acquireLock, type StoreLock } from './store-lock.js';
import { WriteBatcher } from './write-batcher.js';

export { STORE_FILE } from './store-adapter.js';
export { StoreError, type StoreErrorReason } from './store-error.js';
export type { Checkpoints, StoreFile } from './store-file.js';

export type StoreMode = 'writer' | 'readonly' | 'merge';

export interface OpenStoreOptions {
  mode: StoreMode;
  /** Alerts kept in the file (least recently updated dropped first). Default 5000. */
  maxAlerts?: number;
  /** Debounce before a batched write, ms. Default 500. */
  debounceMs?: number;
  /**
   * How long to wait for another holder of the lock, ms. Default 5000 for `merge`, 0 for `writer`
   * (a `writer` still waits up to 5 s when the holder is a `merge`, which is short-lived).
   */
  lockWaitMs?: number;
  /** Wall clock for set-aside file names. Default Date.now. */
  now?: () => number;
  /** Called with each warning raised after open (a failed background write). */
  onWarning?: (message: string) => void;
}

/** Opaque JSON values by key, saved atomically with the alerts (the runtime's restart-resume). */
export interface CheckpointStore {
  /** The value last set (or loaded) for `key`, or undefined. */
  get(key: string): unknown;
  /** Copies `value` (must be JSON-serialisable; throws otherwise) and saves it at the next write. */
  set(key: string, value: unknown): void;
  delete(key: string): void;
  keys(): string[];
}

export interface AlertStore {
  /** Path of alerts.json. */
  readonly path: string;
  /** Absolute path of the data directory. */
  readonly dataDir: string;
  readonly mode: StoreMode;
  /** Alerts loaded from the file at open time. */
  readonly alerts: readonly Alert[];
  /** Blocks loaded from the file at open time. */
  readonly blocks: readonly BlockRecord[];
  readonly checkpoints: CheckpointStore;
  /** Recoverable problems found while opening (corrupt file moved aside…), or during writes. */
  readonly warnings: string[];
  /** Writes performed so far. */
  readonly writes: number;
  upsert(alert: Alert): void;
  setBlocks(blocks: readonly BlockRecord[]): void;
  /** Writes pending changes now (resolves at once in read-only mode). */
  flush(): Promise<void>;
  /** Synchronous best-effort write of pending changes, for crash and exit paths. */
  flushSync(): void;
  /** Flushes, releases the lock, and ignores later changes. */
  close(): Promise<void>;
}

/** `$XDG_STATE_HOME/threatwatch`, else `~/.local/state/threatwatch`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'threatwatch');
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  return join(home, '.local', 'state', 'threatwatch');
}

const openStores = new Set<() => void>();
let exitHookInstalled = false;
function onExit(fn: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const f of openStores) f();
    });
  }
  openStores.add(fn);
  return () => openStores.delete(fn);
}

/** Opens the store in `<dataDir>/alerts.json` (see the file header for modes and guarantees). */
export async function openStore(dataDir: string, opts: OpenStoreOptions): Promise<AlertStore> {
  const { mode } = opts;
  const maxAlerts = Math.max(1, opts.maxAlerts ?? 5000);
  const debounceMs = opts.debounceMs ?? 500;
  const now = opts.now ?? Date.now;
  const { dir } = prepareDataDir(dataDir, { create: mode !== 'readonly' });
  const path = join(dir, STORE_FILE);
  const lock: StoreLock | null =
    mode === 'readonly'
      ? null
      : await acquireLock(dir, { mode, waitMs: opts.lockWaitMs ?? (mode === 'merge' ? 5000 : 0), waitForMergeMs: 5000 }).catch((err: unknown) => {
          throw asStoreError(err, 'unwritable', `Cannot take the lock of data directory ${dir}`, 'Open it with --readonly, or pick another --data-dir.');
        });
  const adapter = new StoreFileAdapter(path, mode !== 'readonly');
  const db = new Low<StoreFile>(adapter, emptyStoreFile());
  const warnings: string[] = [];
  try {
    if (lock !== null) removeLeftovers(dir);
    await loadStore(db, adapter, mode === 'readonly', now, warnings);
  } catch (err) {
    lock?.release();
    throw asStoreError(err, 'unreadable', `Cannot open alert store ${path}`, 'Check the owner and mode of the data directory and its files, or pick another --data-dir.');
  }
  return createStore({ db, adapter, lock, mode, dir, maxAlerts, debounceMs, now, warnings, onWarning: opts.onWarning });
}

/** @deprecated Use `openStore(dataDir, { mode: 'writer', ...opts })`: same behaviour. */
export function openAlertStore(dataDir: string, opts: Omit<OpenStoreOptions, 'mode'> = {}): Promise<AlertStore> {
  return openStore(dataDir, { ...opts, mode: 'writer' });
}

interface StoreParts {
  db: Low<StoreFile>;
  adapter: StoreFileAdapter;
  lock: StoreLock | null;
  mode: StoreMode;
  dir: string;
  maxAlerts: number;
  debounceMs: number;
  now: () => number;
  warnings: string[];
  onWarning: ((message: string) => void) | undefined;
}

function createStore(p: StoreParts): AlertStore {
  const { db, adapter, mode, maxAlerts } = p;
  const loaded = db.data;
  // Writer/readonly: the whole state. Merge: only what this process added, re-merged on each write.
  const alerts = new Map<string, Alert>(mode === 'merge' ? [] : loaded.alerts.map((a) => [a.id, a]));
  let blocks: BlockRecord[] = mode === 'merge' ? [] : [...loaded.blocks];
  const checkpoints = new Map<string, unknown>(mode === 'merge' ? [] : Object.entries(loaded.checkpoints));
  let baseCheckpoints: Record<string, unknown> = loaded.checkpoints;

  const capped = (list: Alert[]): Alert[] => (list.length > maxAlerts ? list.slice(list.length - maxAlerts) : list);
  const compose = (base: StoreFile | null): StoreFile => {
    if (base === null) {
      return { version: 1, alerts: capped([...alerts.values()]), blocks: [...blocks], checkpoints: Object.fromEntries(checkpoints) };
    }
    return {
      version: 1,
      alerts: capped(mergeAlerts(base.alerts, alerts.values())),
      blocks: mergeBlocks(base.blocks, blocks),
      checkpoints: { ...base.checkpoints, ...Object.fromEntries(checkpoints) },
    };
  };
  const warn = (message: string): void => {
    p.warnings.push(message);
    p.onWarning?.(message);
  };
  /** Merge mode: the file as it is now (a file gone corrupt meanwhile is moved aside, not merged). */
  const freshBase = (data: StoreFile | null): StoreFile => {
    if (adapter.lastRead.kind === 'corrupt') warn(`Alert store changed under the lock and was unreadable; moved to ${moveAside(adapter.path, p.now())}.`);
    const base = data ?? emptyStoreFile();
    baseCheckpoints = base.checkpoints;
    return base;
  };

  const batcher = new WriteBatcher({
    debounceMs: p.debounceMs,
    async write() {
      db.data = compose(mode === 'merge' ? freshBase(await adapter.read()) : null);
      await db.write();
    },
    writeSync() {
      db.data = compose(mode === 'merge' ? freshBase(adapter.readSync()) : null);
      adapter.writeSync(db.data);
    },
    onError: (err) => warn(`Could not save alerts to ${adapter.path}: ${(err as Error).message.split('\n')[0] ?? ''}`),
  });
  let closed = false;
  const changed = (): void => {
    if (mode !== 'readonly') batcher.mark();
  };

  // Dropped records: save the cleaned file (the original is kept as alerts.json.rejected-…).
  if (adapter.droppedRecords) changed();

  const forgetExit =
    p.lock === null
      ? () => undefined
      : onExit(() => {
          try {
            batcher.flushSync();
          } catch {
            // best effort on the way out
          }
          p.lock?.release();
        });

  return {
    path: adapter.path,
    dataDir: p.dir,
    mode,
    alerts: Object.freeze([...loaded.alerts]),
    blocks: Object.freeze([...loaded.blocks]),
    warnings: p.warnings,
    get writes(): number {
      return batcher.writes;
    },
    checkpoints: {
      get: (key) => (checkpoints.has(key) ? checkpoints.get(key) : mode === 'merge' ? baseCheckpoints[key] : undefined),
      set(key, value): void {
        if (closed) return;
        const text = JSON.stringify(value);
        if (text === undefined) throw new TypeError(`checkpoint ${key}: value is not JSON-serialisable`);
        checkpoints.set(key, JSON.parse(text));
        changed();
      },
      delete(key): void {
        if (closed || !checkpoints.delete(key)) return;
        changed();
      },
      keys: () => [...new Set([...checkpoints.keys(), ...(mode === 'merge' ? Object.keys(baseCheckpoints) : [])])],
    },
    upsert(alert: Alert): void {
      if (closed) return;
      alerts.delete(alert.id);
      alerts.set(alert.id, alert);
      if (mode !== 'merge') while (alerts.size > maxAlerts) alerts.delete(alerts.keys().next().value as string);
      changed();
    },
    setBlocks(next: readonly BlockRecord[]): void {
      if (closed) return;
      blocks = [...next];
      changed();
    },
    flush: () => batcher.flush(),
    flushSync: () => batcher.flushSync(),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await batcher.stop();
      } finally {
        forgetExit();
        p.lock?.release();
      }
    },
  };
}
