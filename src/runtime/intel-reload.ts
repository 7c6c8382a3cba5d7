/**
 * Threat intel that reloads live: every feed file is watched (chokidar); an edit applies within a
 * second without a restart — alerts raised afterwards use the new list. A feed that breaks (cannot
 * be read, or has a malformed row) keeps its last good entries and says so on the diagnostics
 * channel, naming the file and line; the other feeds are unaffected.
 */
import { watch, type FSWatcher } from 'chokidar';
import { readFile } from 'node:fs/promises';
import { parseFeed, type FeedEntry } from '../engine/enrichment/feed-parse.js';
import { buildIntelIndex, type IntelIndex } from '../engine/enrichment/intel-index.js';
import type { Diagnostic } from '../engine/snapshot/types.js';

export interface IntelReloader {
  /** Loads every feed once (the last good entries of each). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface IntelReloadOptions {
  paths: readonly string[];
  /** Called with the new index after a change applied. */
  onIndex(index: IntelIndex): void;
  diagnostic(d: Diagnostic): void;
  /** Coalesces bursts of change events, ms. Default 200. */
  debounceMs?: number;
  /** Poll instead of relying on change notifications (tests, network file systems). */
  usePolling?: boolean;
}

export function watchIntelFeeds(opts: IntelReloadOptions): IntelReloader {
  const good = new Map<string, readonly FeedEntry[]>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let running: Promise<void> = Promise.resolve();

  async function load(path: string, initial: boolean): Promise<boolean> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if (!initial) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        opts.diagnostic({ kind: 'bad-intel-row', level: 'warning', file: path, message: `${path}: cannot be read (${code}); keeping its last good entries` });
      }
      return false;
    }
    const parsed = parseFeed(text, path);
    if (parsed.errors.length > 0 && !initial) {
      const e = parsed.errors[0]!;
      opts.diagnostic({
        kind: 'bad-intel-row',
        level: 'warning',
        file: e.file,
        line: e.line,
        message: `${e.file}:${e.line}: ${e.message}${parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : ''}; keeping this feed's last good entries`,
      });
      return false;
    }
    const changed = good.get(path) !== undefined || initial;
    good.set(path, parsed.entries);
    if (!initial) opts.diagnostic({ kind: 'bad-intel-row', level: 'info', file: path, message: `${path}: reloaded, ${parsed.entries.length} entries` });
    return changed;
  }

  function rebuild(): void {
    const all: FeedEntry[] = [];
    for (const entries of good.values()) for (const e of entries) all.push(e);
    opts.onIndex(buildIntelIndex(all));
  }

  const ready = (async () => {
    for (const p of opts.paths) await load(p, true);
  })();

  let watcher: FSWatcher | null = null;
  if (opts.paths.length > 0) {
    watcher = watch([...opts.paths], {
      ignoreInitial: true,
      usePolling: opts.usePolling === true,
      interval: 100,
      awaitWriteFinish: false,
      atomic: true,
    });
    const onChange = (path: string): void => {
      if (closed) return;
      pending.add(path);
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        const paths = [...pending];
        pending.clear();
        running = running.then(async () => {
          await ready;
          let any = false;
          for (const p of paths) if (await load(p, false)) any = true;
          if (any && !closed) rebuild();
        });
      }, opts.debounceMs ?? 200);
      timer.unref();
    };
    watcher.on('change', onChange);
    watcher.on('add', onChange);
    watcher.on('unlink', (path) => {
      if (!closed) opts.diagnostic({ kind: 'bad-intel-row', level: 'warning', file: path, message: `${path}: removed; keeping its last good entries until it is back` });
    });
  }

  return {
    ready,
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      await watcher?.close().catch(() => undefined);
      await running.catch(() => undefined);
    },
  };
}
