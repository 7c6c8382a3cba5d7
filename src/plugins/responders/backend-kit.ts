/**
 * What the system backends share: strict target and duration checks before any process starts,
 * a per-action session that records the argv it ran (for the audit log), and results that carry
 * the tool's own error text. Nothing here throws.
 */
import * as z from 'zod';
import type { ActionResult } from '../../engine/model/block.js';
import { parseBlockTarget, type BlockTarget } from '../../engine/net/block-target.js';
import { createCommandRunner, type CommandResult, type CommandRunner, type RunOptions } from './exec.js';
import type { ResponderContext } from './responder.js';

/** Longest block accepted: ten years (permanent is `null`). */
export const MAX_BLOCK_SECONDS = 315_360_000;

/** Schema of a binary name or path in a backend's config (no options, no spaces). */
export const binarySchema = (name: string) => z.string().regex(/^[A-Za-z0-9_./+-]+$/).refine((s) => !s.startsWith('-')).default(name);

/** Schema of a command timeout in seconds. */
export const timeoutSchema = z.number().positive().max(300).default(10);

export function runnerFor(ctx: ResponderContext, timeoutSeconds: number): CommandRunner {
  return createCommandRunner({ exec: ctx.exec, prefix: ctx.commandPrefix, dryRun: ctx.dryRun, log: (l) => ctx.log(l), timeoutMs: timeoutSeconds * 1000 });
}

export function validDuration(seconds: number | null): boolean {
  return seconds === null || (Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_BLOCK_SECONDS);
}

/** The refusal for a target that is not exactly an address or a range: no process is started. */
export function badTarget(backend: string): ActionResult {
  return { ok: false, message: `Refused (${backend}): not a valid IP address or CIDR range`, error: 'invalid target', commands: [] };
}

export function badDuration(backend: string, seconds: number | null): ActionResult {
  return { ok: false, message: `Refused (${backend}): invalid block duration ${String(seconds)}`, error: 'invalid duration', commands: [] };
}

/** Parses the target a backend was given; null when it must be refused. */
export function targetOf(text: unknown): BlockTarget | null {
  return parseBlockTarget(text);
}

/** One block/unblock action: runs commands and remembers the ones that matter for the audit log. */
export interface Session {
  readonly commands: string[][];
  /** Runs; commands that change something are recorded (queries only when they fail the action). */
  run(argv: readonly string[], opts?: RunOptions): Promise<CommandResult>;
  ok(message: string): ActionResult;
  fail(message: string, r: CommandResult | string): ActionResult;
}

export function session(runner: CommandRunner): Session {
  const commands: string[][] = [];
  return {
    commands,
    async run(argv, opts) {
      const r = await runner.run(argv, opts);
      if (!opts?.query) commands.push([...r.argv]);
      return r;
    },
    ok(message) {
      return { ok: true, message, commands };
    },
    fail(message, r) {
      if (typeof r !== 'string' && !commands.some((c) => c.join('\0') === r.argv.join('\0'))) commands.push([...r.argv]);
      const error = typeof r === 'string' ? r : (r.error ?? 'failed');
      return { ok: false, message: `${message}: ${error}`, error, commands };
    },
  };
}

/** Runs `fn`, turning anything thrown into a failed result (a backend must never throw). */
export async function neverThrows(backend: string, fn: () => Promise<ActionResult>): Promise<ActionResult> {
  try {
    return await fn();
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return { ok: false, message: `${backend} failed: ${error}`, error, commands: [] };
  }
}

/** Suffix for messages in a dry run. */
export function dryNote(runner: CommandRunner): string {
  return runner.dryRun ? ' — dry run, nothing changed' : '';
}
