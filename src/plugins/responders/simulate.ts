/**
 * The default responder: records blocks and their expiry, changes nothing on the system. It takes
 * the same targets as the real backends (an address or a CIDR range) and, with a guard, refuses
 * what the ledger would refuse, so the demo behaves like the real thing.
 */
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import type { BlockGuard } from '../../engine/model/block.js';
import { parseBlockTarget } from '../../engine/net/block-target.js';
import { validDuration } from './backend-kit.js';
import { formatBlockDuration, type ActionResult, type Responder, type ResponderDefinition } from './responder.js';

export interface SimulatedBlock {
  ip: string;
  /** Wall-clock ms when placed. */
  since: number;
  /** Wall-clock ms of expiry, or null for permanent. */
  until: number | null;
}

export interface SimulatedResponder extends Responder {
  /** Blocks in force now (expired ones are dropped). */
  activeBlocks(): SimulatedBlock[];
  isBlocked(ip: string): boolean;
}

export interface SimulatedResponderOptions {
  guard?: BlockGuard;
  /** Wall clock. @default Date.now */
  now?: () => number;
  /** Blocks recorded by an earlier session (from the store), so they can be listed and lifted. */
  restore?: readonly SimulatedBlock[];
}

export function createSimulatedResponder(opts: SimulatedResponderOptions = {}): SimulatedResponder {
  const now = opts.now ?? Date.now;
  const blocks = new Map<string, SimulatedBlock>();
  for (const b of opts.restore ?? []) {
    const t = parseBlockTarget(b.ip);
    if (t !== null) blocks.set(t.text, { ip: t.text, since: b.since, until: b.until });
  }

  function prune(): void {
    const t = now();
    for (const [ip, b] of blocks) if (b.until !== null && b.until <= t) blocks.delete(ip);
  }

  function accept(input: string): { ok: true; ip: string } | { ok: false; reason: string } {
    if (opts.guard) {
      const v = opts.guard.checkTarget(input);
      return v.ok ? { ok: true, ip: v.target.text } : v;
    }
    const t = parseBlockTarget(input);
    return t === null ? { ok: false, reason: 'not a valid IP address' } : { ok: true, ip: t.text };
  }

  return {
    name: 'simulate',
    simulated: true,
    expiresNatively: true,
    async check() {
      return { ok: true, message: 'simulate: blocks are recorded only; nothing on this system changes' };
    },
    async block(input, durationSeconds) {
      const verdict = accept(input);
      if (!verdict.ok) return { ok: false, message: `Refused: ${verdict.reason}` };
      if (!validDuration(durationSeconds)) {
        return { ok: false, message: `Refused: invalid block duration ${String(durationSeconds)}` };
      }
      prune();
      const since = now();
      const until = durationSeconds === null ? null : since + durationSeconds * 1000;
      blocks.set(verdict.ip, { ip: verdict.ip, since, until });
      return { ok: true, message: `Blocked ${verdict.ip} (simulate, ${formatBlockDuration(durationSeconds)})` };
    },
    async unblock(input): Promise<ActionResult> {
      const t = parseBlockTarget(input);
      if (t === null) return { ok: false, message: 'Refused: not a valid IP address' };
      prune();
      if (!blocks.delete(t.text)) return { ok: false, message: `${t.text} is not blocked (simulate)` };
      return { ok: true, message: `Unblocked ${t.text} (simulate)` };
    },
    async list() {
      prune();
      return [...blocks.keys()];
    },
    activeBlocks() {
      prune();
      return [...blocks.values()].map((b) => ({ ...b }));
    },
    isBlocked(input) {
      prune();
      const t = parseBlockTarget(input);
      return t !== null && blocks.has(t.text);
    },
  };
}

export const simulateConfigSchema = z.strictObject({});
export type SimulateConfig = z.output<typeof simulateConfigSchema>;

export const simulateResponder: ResponderDefinition<SimulateConfig> = definePlugin({
  kind: 'responder',
  id: 'simulate',
  configKey: 'simulate',
  description: 'Records blocks and their expiry; changes nothing on this system (the default)',
  schema: simulateConfigSchema,
  create: (_config, ctx) => createSimulatedResponder({ now: () => ctx.now() }),
});
