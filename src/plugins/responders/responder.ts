/** A backend that blocks and unblocks source addresses (simulated, nftables, iptables, ufw…). */
import type { ActionResult } from '../../engine/model/block.js';

export type { ActionResult } from '../../engine/model/block.js';

export interface Responder {
  /** Backend name shown to the analyst (`simulate`, `nftables`, …). */
  readonly name: string;
  /** True when blocking changes nothing on the system. */
  readonly simulated: boolean;
  /** Whether the backend can work here (binary present, permissions), with a readable message. */
  check(): Promise<{ ok: boolean; message: string }>;
  /** Blocks `ip` for `durationSeconds`, or permanently when null. Never throws. */
  block(ip: string, durationSeconds: number | null): Promise<ActionResult>;
  /** Lifts a block placed by this backend. Never throws. */
  unblock(ip: string): Promise<ActionResult>;
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
}

export type ResponderDefinition<C> = import('../../engine/plugin.js').PluginDefinition<'responder', C, ResponderContext, Responder>;
