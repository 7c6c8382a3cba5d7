/**
 * What `block`, `unblock` and `blocks` share: the config file, the data directory, the guard, the
 * actor, the backends from the catalogue, and the route to the store.
 *
 * The route: when a console or `watch` holds the data directory, the action goes to it over its
 * control socket (it applies it through its runtime, so its screen shows it at once); otherwise the
 * command opens the store as its one writer, applies it through a block ledger of its own
 * (guard → responder → record → audit) and closes it. A holder that does not answer on a socket
 * is an error naming its pid: two writers never share a store.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { catalogue } from '../catalogue.js';
import { UsageError } from '../cli/errors.js';
import { defaultConfig, type Config } from '../config/schema.js';
import type { BlockGuard, BlockRecord } from '../engine/model/block.js';
import type { Responder } from '../plugins/responders/responder.js';
import { defaultActor, openAuditLog, type AuditEntry, type AuditLog } from '../runtime/audit-log.js';
import { createBlockGuard } from '../runtime/block-guard.js';
import { createBlockLedger, type BlockLedger } from '../runtime/block-ledger.js';
import type { ControlRequest, ControlResponse } from '../runtime/control-protocol.js';
import { controlSocketPath, sendControlRequest } from '../runtime/control-socket.js';
import { configPathFor } from '../runtime/prepare-detection.js';
import { defaultDataDir, openStore, StoreError, type AlertStore } from '../runtime/store/alert-store.js';
import { prepareDataDir } from '../runtime/store/data-dir.js';
import type { Io } from './io.js';

export interface BlockCommandOptions {
  /** `--config FILE`. */
  config?: string;
  /** `--data-dir DIR`. */
  dataDir?: string;
  /** `--blocker NAME`. */
  blocker?: string;
}

/** A refusal or failure: the command prints the message and exits 1. */
export class BlockCommandError extends Error {
  override readonly name = 'BlockCommandError';
}

export interface BlockSetup {
  config: Config;
  /** Absolute data directory. */
  dataDir: string;
  /** `--blocker`, else the config's `responder.backend`. */
  backend: string;
  /** True when `--blocker` was given (a holder blocking with another backend is then refused). */
  backendGiven: boolean;
  guard: BlockGuard;
  /** `user@tty` for the audit log. */
  actor: string;
  /** Default duration; null = permanent. */
  durationSeconds: number | null;
  /** A backend from the catalogue with its config section (UsageError for an unknown name). */
  responder(id: string, ctx: { dryRun: boolean; log(line: string): void }): Responder;
}

export async function prepareBlockCommand(opts: BlockCommandOptions, io: Io): Promise<BlockSetup> {
  const file = configPathFor(opts.config, io.env);
  let config: Config;
  if (file === null) config = defaultConfig();
  else {
    const { loadConfig } = await import('../config/load-config.js');
    config = await loadConfig(file);
  }
  const known = catalogue.responders.map((r) => r.id);
  const backend = opts.blocker ?? config.responder.backend;
  if (!known.includes(backend)) throw new UsageError(`unknown blocker "${backend}" (one of: ${known.join(', ')})`);
  const dataDir = resolve(opts.dataDir ?? config.dataDir ?? defaultDataDir(io.env));
  return {
    config,
    dataDir,
    backend,
    backendGiven: opts.blocker !== undefined,
    guard: createBlockGuard({ allowlist: config.allowlist, env: io.env }),
    actor: defaultActor(io.env),
    durationSeconds: config.responder.durationSeconds === 0 ? null : config.responder.durationSeconds,
    responder(id, ctx) {
      const def = catalogue.responders.find((r) => r.id === id);
      if (def === undefined) throw new UsageError(`unknown blocker "${id}" (one of: ${known.join(', ')})`);
      const section = (config.responders as Record<string, unknown>)[def.configKey] as object | undefined;
      return def.create({ ...def.defaults, ...section }, { dryRun: ctx.dryRun, log: ctx.log, now: Date.now });
    },
  };
}

/** Records as they stand at `now`: an active block whose time ran out reads `expired`. */
export function effectiveRecords(records: readonly BlockRecord[], now: number): BlockRecord[] {
  return records.map((r) => {
    const state = r.state ?? 'active';
    if (state === 'active' && r.until !== null && Date.parse(r.until) <= now) return { ...r, state: 'expired' };
    return { ...r, state };
  });
}

/** Who holds the lock of `dataDir`, from its lock file: `pid 4242 (since …)`, or null. */
function holderOf(dataDir: string): string | null {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, 'lock'), 'utf8')) as { pid?: unknown; startedAt?: unknown; mode?: unknown };
    if (typeof info.pid !== 'number') return null;
    const what = info.mode === 'merge' ? 'a replay --save' : 'a console or watch';
    return `pid ${info.pid} (${what}${typeof info.startedAt === 'string' ? `, since ${info.startedAt}` : ''})`;
  } catch {
    return null;
  }
}

export type Route = { kind: 'holder'; response: ControlResponse } | { kind: 'store'; store: AlertStore };

/** How long a held data directory is given to show its control socket (its holder may be starting). */
const HOLDER_GRACE_MS = 3000;

/**
 * Sends `request` to the holder of the data directory, or opens the store as its writer when
 * nothing holds it. A holder that never answers: `BlockCommandError` naming its pid.
 */
export async function route(setup: BlockSetup, request: ControlRequest): Promise<Route> {
  prepareDataDir(setup.dataDir, { create: false }); // ours and not writable by others, before we trust a socket in it
  const deadline = Date.now() + HOLDER_GRACE_MS;
  let held: StoreError | null = null;
  for (;;) {
    const response = await sendControlRequest(setup.dataDir, request);
    if (response !== null) return { kind: 'holder', response };
    try {
      const store = await openStore(setup.dataDir, { mode: 'writer', maxAlerts: setup.config.store.maxAlerts });
      return { kind: 'store', store };
    } catch (err) {
      if (!(err instanceof StoreError) || err.reason !== 'locked') throw err;
      held = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(100);
  }
  const holder = holderOf(setup.dataDir);
  if (holder === null) throw new BlockCommandError(held.message);
  throw new BlockCommandError(
    `data directory ${setup.dataDir} is held by threatwatch-tui ${holder}, which does not answer on ${controlSocketPath(setup.dataDir)}: ` +
      'act from that console, or stop it and run this again',
  );
}

export interface OpenedLedger {
  ledger: BlockLedger;
  /** Saves the records and closes the store and the audit log. */
  close(): Promise<void>;
}

/** A block ledger over the store this command holds as its writer, auditing like the console. */
export async function openLedger(setup: BlockSetup, store: AlertStore, io: Io): Promise<OpenedLedger> {
  const log = (line: string): void => void io.stderr.write(`${line}\n`);
  const responder = setup.responder(setup.backend, { dryRun: false, log });
  const others = new Set(store.blocks.map((b) => b.backend).filter((b) => b !== setup.backend && catalogue.responders.some((r) => r.id === b)));
  const audit = await openAuditLog(setup.dataDir).catch((err: unknown) => {
    log(`warning: audit log unavailable: ${(err as Error).message}`);
    return null;
  });
  const ledger = createBlockLedger({
    guard: setup.guard,
    responder,
    otherResponders: [...others].map((id) => setup.responder(id, { dryRun: false, log })),
    durationSeconds: setup.durationSeconds,
    records: store.blocks,
    audit,
    actor: setup.actor,
    increment: setup.config.responder.increment,
    onChange: (records) => store.setBlocks(records),
    onWarning: (message) => log(`warning: ${message}`),
  });
  return {
    ledger,
    async close() {
      await store.close();
      await audit?.close();
    },
  };
}

/**
 * Appends a refusal made before any route (the target never left this process) to the audit log
 * of the data directory, in the ledger's own words and shape.
 */
export async function auditRefusal(setup: BlockSetup, action: 'block' | 'unblock', input: string, message: string, io: Io): Promise<void> {
  const entry: AuditEntry = { time: new Date().toISOString(), actor: setup.actor, action, ip: String(input).slice(0, 100), backend: setup.backend, argv: [], result: 'refused', message, alertId: null };
  let audit: AuditLog | null = null;
  try {
    prepareDataDir(setup.dataDir, { create: true });
    audit = await openAuditLog(setup.dataDir);
    await audit.append(entry);
  } catch (err) {
    io.stderr.write(`warning: could not write the audit log: ${(err as Error).message}\n`);
  } finally {
    await audit?.close().catch(() => undefined);
  }
}

/**
 * Every block record as it stands now: from the holder when one answers (its ledger is ahead of
 * the file by up to a write), else from the store read-only (no lock, nothing written).
 */
export async function currentRecords(setup: BlockSetup): Promise<{ records: BlockRecord[]; holderPid: number | null }> {
  if (!prepareDataDir(setup.dataDir, { create: false }).exists) return { records: [], holderPid: null };
  const response = await sendControlRequest(setup.dataDir, { v: 1, op: 'blocks', all: true });
  if (response !== null) {
    if (!response.ok) throw new BlockCommandError(response.message);
    return { records: response.blocks ?? [], holderPid: response.pid ?? null };
  }
  const store = await openStore(setup.dataDir, { mode: 'readonly' });
  try {
    return { records: [...store.blocks], holderPid: null };
  } finally {
    await store.close();
  }
}
