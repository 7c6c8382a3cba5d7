/**
 * EDGE (fs): loads threat-intel feeds into an `IntelIndex`. The shipped `intel/blacklist.csv` is
 * found by walking up from this module to the package root (works from `src/` under a TS runner
 * and from `dist/` after the build); extra feeds come from the config. A malformed row becomes a
 * `bad-intel-row` diagnostic and is skipped; a missing or unreadable file is an `IntelFeedError`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeed, type FeedEntry } from '../../engine/enrichment/feed-parse.js';
import { buildIntelIndex, type IntelIndex } from '../../engine/enrichment/intel-index.js';
import type { Diagnostic } from '../../engine/snapshot/types.js';

export class IntelFeedError extends Error {
  readonly file: string;
  constructor(file: string, reason: string) {
    super(`Cannot read intel feed ${file}: ${reason}`);
    this.name = 'IntelFeedError';
    this.file = file;
  }
}

const PACKAGE_NAME = 'threatwatch-tui';

/** The package root: the nearest ancestor of `from` whose package.json names this package. */
export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown };
        if (parsed.name === PACKAGE_NAME) return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the ${PACKAGE_NAME} package root above ${from}`);
    dir = parent;
  }
}

/** Path of the shipped feed, `<package root>/intel/blacklist.csv`. */
export function shippedFeedPath(): string {
  return join(findPackageRoot(), 'intel', 'blacklist.csv');
}

export interface LoadFeedsOptions {
  /** Extra feed paths (already resolved, e.g. relative to the config file). */
  extraPaths?: readonly string[];
  /** Load the shipped feed too. Default true. */
  includeShipped?: boolean;
}

export interface LoadedFeeds {
  index: IntelIndex;
  diagnostics: Diagnostic[];
  /** Files read, in order. */
  files: string[];
  /** Entries per file. */
  entries: Record<string, number>;
}

function isPathList(v: LoadFeedsOptions | readonly string[]): v is readonly string[] {
  return Array.isArray(v);
}

async function readFeed(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new IntelFeedError(path, reason);
  }
}

/** Loads the shipped feed plus extra feeds (a path list is shorthand for `{ extraPaths }`). */
export async function loadIntelFeeds(options: LoadFeedsOptions | readonly string[] = {}): Promise<LoadedFeeds> {
  const opts: LoadFeedsOptions = isPathList(options) ? { extraPaths: options } : options;
  const paths: string[] = [];
  if (opts.includeShipped !== false) paths.push(shippedFeedPath());
  for (const p of opts.extraPaths ?? []) paths.push(resolve(p));
  const all: FeedEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const entries: Record<string, number> = {};
  for (const path of paths) {
    const text = await readFeed(path);
    const parsed = parseFeed(text, path);
    entries[path] = parsed.entries.length;
    for (const e of parsed.entries) all.push(e);
    for (const err of parsed.errors) {
      diagnostics.push({ kind: 'bad-intel-row', message: `${err.file}:${err.line}: ${err.message}`, file: err.file, line: err.line });
    }
  }
  return { index: buildIntelIndex(all), diagnostics, files: paths, entries };
}
