/**
 * A backend that blocks and unblocks source addresses and ranges (simulate, nftables, iptables,
 * ufw, command). Backends take canonical targets from the block ledger (which runs the guard) and
 * still re-parse them strictly before building any argv; they never throw, and report the
 * tool's own error text when something fails.
 */
import type { ActionResult } from '../../engine/model/block.js';
import type { PluginDefinition } from '../../engine/plugin.js';
import type { ExecFn } from './exec.js';

export type { ActionResult } from '../../engine/model/block.js';

export interface Responder {
  /** Backend name shown to the analyst (`simulate`, `nftables`, …). */
  readonly name: string;
  /** True when blocking changes nothing on the system (`simulate`, or any backend in a dry run). */
  readonly simulated: boolean;
  /**
   * True when the backend lifts an expired block by itself (set element timeouts), even while
   * threatwatch is not running. The ledger lifts expired blocks on time either way.
   */
  readonly expiresNatively: boolean;
  /** Whether the backend can work here (binary present, permissions), with a readable message. */
  check(): Promise<{ ok: boolean; message: string }>;
  /** Blocks an address or CIDR range for `durationSeconds`, or permanently when null. Idempotent. Never throws. */
  block(target: string, durationSeconds: number | null): Promise<ActionResult>;
  /** Lifts a block; lifting what is not blocked succeeds and changes nothing. Never throws. */
  unblock(target: string): Promise<ActionResult>;
  /** The targets the backend holds now (canonical), or null when it cannot tell. */
  list?(): Promise<string[] | null>;
  /** Removes everything this backend ever placed (its table, chain or sets). */
  teardown?(): Promise<ActionResult>;
}

/** `3600` → `1h`, `90` → `90s`, `null` → `permanent`. */
export function formatBlockDuration(seconds: number | null): string {
  if (seconds === null) return 'permanent';
  if (seconds > 0 && seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** What the runtime gives a responder when it creates it. */
export interface ResponderContext {
  /** Print the exact commands instead of running them (`--dry-run`). */
  readonly dryRun: boolean;
  /** Where dry-run commands and backend notes go (one line each, no newline). */
  log(line: string): void;
  /** Wall clock (ms). */
  now(): number;
  /** Starts processes; tests pass a spy. @default execArgv (execFile, no shell) */
  readonly exec?: ExecFn;
  /** Prepended to every command (tests: `['ip', 'netns', 'exec', NAME]`). @default [] */
  readonly commandPrefix?: readonly string[];
}

export type ResponderDefinition<C> = PluginDefinition<'responder', C, ResponderContext, Responder>;
