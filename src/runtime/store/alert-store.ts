/**
 * EDGE (fs, lowdb 7): persists alerts and blocks in `<dataDir>/alerts.json`
 * (`{ version: 1, alerts, blocks }`).
 *
 * - Writes are batched: `upsert`/`setBlocks` only mark the store dirty and arm a ~500 ms debounce;
 *   one write then saves everything. `flush()` writes now; `close()` flushes and stops.
 * - Writes are atomic: lowdb's JSONFile writes through steno, which writes `.alerts.json.tmp` and
 *   renames it over `alerts.json`, so a crash never leaves a half-written file.
 * - A file that is not JSON or has the wrong shape is renamed to `alerts.json.corrupt-<timestamp>`
 *   (never overwritten) and the store starts empty, with a warning in `warnings`.
 * - The directory is created with mode 0700. Retained alerts are capped at `maxAlerts` (least
 *   recently updated dropped).
 */
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';
import type { BlockRecord } from '../../engine/model/block.js';
import { ALERT_STATUSES, SEVERITIES, type Alert } from '../../engine/model/alert.js';

export interface StoreFile {
  version: 1;
  alerts: Alert[];
  blocks: BlockRecord[];
}

export interface AlertStoreOptions {
  /** Alerts kept in the file. Default 5000. */
  maxAlerts?: number;
  /** Debounce before a batched write, ms. Default 500. */
  debounceMs?: number;
  /** Wall clock for the corrupt-file suffix. Default Date.now. */
  now?: () => number;
  /** Called when a background (debounced) write fails. */
  onWarning?: (message: string) => void;
}

export interface AlertStore {
  /** Path of alerts.json. */
  readonly path: string;
  /** Alerts loaded from the file at open time. */
  readonly alerts: readonly Alert[];
  /** Blocks loaded from the file at open time. */
  readonly blocks: readonly BlockRecord[];
  /** Recoverable problems found while opening (corrupt file moved aside…), or during writes. */
  readonly warnings: string[];
  /** Writes performed so far. */
  readonly writes: number;
  upsert(alert: Alert): void;
  setBlocks(blocks: readonly BlockRecord[]): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** `$XDG_STATE_HOME/threatwatch`, else `~/.local/state/threatwatch`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'threatwatch');
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  return join(home, '.local', 'state', 'threatwatch');
}

const evidenceSchema = z.object({ time: z.string(), file: z.string(), line: z.number(), text: z.string() });
const alertSchema = z.object({
  id: z.string().min(1),
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  ip: z.string(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  count: z.number(),
  hosts: z.array(z.string()),
  users: z.array(z.string()),
  intel: z.array(z.object({ file: z.string(), entry: z.string(), reason: z.string().nullable(), source: z.string().nullable() })),
  flags: z.array(z.string()),
  status: z.enum(ALERT_STATUSES),
  history: z.array(z.object({ status: z.enum(ALERT_STATUSES), at: z.string(), note: z.string().optional() })),
  evidence: z.array(evidenceSchema),
  summary: z.string(),
});
const blockSchema = z.object({
  ip: z.string(),
  backend: z.string(),
  at: z.string(),
  until: z.string().nullable(),
  alertId: z.string().nullable(),
  simulated: z.boolean(),
});
const fileSchema = z.object({ version: z.literal(1), alerts: z.array(alertSchema), blocks: z.array(blockSchema) });

function compactStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** `base`, or `base-2`, `base-3`… when taken: a moved-aside file is never overwritten. */
async function freeName(base: string): Promise<string> {
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    try {
      await stat(candidate);
    } catch {
      return candidate;
    }
  }
}

export async function openAlertStore(dataDir: string, opts: AlertStoreOptions = {}): Promise<AlertStore> {
  const maxAlerts = Math.max(1, opts.maxAlerts ?? 5000);
  const debounceMs = opts.debounceMs ?? 500;
  const now = opts.now ?? Date.now;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, 'alerts.json');
  const db = new Low<StoreFile>(new JSONFile<StoreFile>(path), { version: 1, alerts: [], blocks: [] });
  const warnings: string[] = [];

  let text: string | null = null;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // permissions…: not ours to move aside
  }
  if (text !== null) {
    let problem: string | null = null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      problem = `not valid JSON: ${(err as Error).message.split('\n')[0] ?? ''}`;
    }
    if (problem === null) {
      const checked = fileSchema.safeParse(parsed);
      if (checked.success) {
        db.data = parsed as StoreFile;
      } else {
        const issue = checked.error.issues[0];
        const at = issue === undefined || issue.path.length === 0 ? 'top level' : issue.path.join('.');
        problem = `unexpected content at ${at}${issue === undefined ? '' : `: ${issue.message}`}`;
      }
    }
    if (problem !== null) {
      const aside = await freeName(`${path}.corrupt-${compactStamp(now())}`);
      await rename(path, aside);
      warnings.push(`Alert store was unreadable and has been moved to ${aside}; starting with an empty store (${problem}).`);
    }
  }

  const byId = new Map<string, Alert>();
  for (const a of db.data.alerts) byId.set(a.id, a);
  let blocks: BlockRecord[] = [...db.data.blocks];
  const loadedAlerts = Object.freeze([...byId.values()]);
  const loadedBlocks = Object.freeze([...blocks]);

  let timer: NodeJS.Timeout | null = null;
  let dirty = false;
  let closed = false;
  let writes = 0;
  let chain: Promise<void> = Promise.resolve();

  const writeNow = (): Promise<void> => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (!dirty) return chain;
    dirty = false;
    while (byId.size > maxAlerts) {
      const oldest = byId.keys().next();
      if (oldest.done === true) break;
      byId.delete(oldest.value);
    }
    db.data = { version: 1, alerts: [...byId.values()], blocks: [...blocks] };
    writes++;
    chain = chain.then(() => db.write());
    return chain;
  };

  const schedule = (): void => {
    dirty = true;
    if (timer !== null || closed) return;
    timer = setTimeout(() => {
      timer = null;
      writeNow().catch((err: unknown) => {
        const msg = `Could not save alerts to ${path}: ${(err as Error).message}`;
        warnings.push(msg);
        opts.onWarning?.(msg);
        chain = Promise.resolve();
      });
    }, debounceMs);
    timer.unref();
  };

  return {
    path,
    alerts: loadedAlerts,
    blocks: loadedBlocks,
    warnings,
    get writes(): number {
      return writes;
    },
    upsert(alert: Alert): void {
      if (closed) return;
      byId.delete(alert.id);
      byId.set(alert.id, alert);
      schedule();
    },
    setBlocks(next: readonly BlockRecord[]): void {
      if (closed) return;
      blocks = [...next];
      schedule();
    },
    flush(): Promise<void> {
      return writeNow();
    },
    async close(): Promise<void> {
      await writeNow();
      closed = true;
    },
  };
}
