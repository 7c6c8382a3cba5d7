/**
 * The default responder: records blocks and their expiry, changes nothing on the system. With a
 * guard it refuses what a real backend would refuse, so the demo behaves like the real thing.
 */
import { normalizeIp } from '../../engine/net/ip.js';
import type { BlockGuard } from '../../engine/model/block.js';
import { formatBlockDuration, type ActionResult, type Responder } from './responder.js';

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
    const ip = normalizeIp(b.ip);
    if (ip !== null) blocks.set(ip, { ip, since: b.since, until: b.until });
  }

  function prune(): void {
    const t = now();
    for (const [ip, b] of blocks) if (b.until !== null && b.until <= t) blocks.delete(ip);
  }

  function accept(input: string): { ok: true; ip: string } | { ok: false; reason: string } {
    if (opts.guard) return opts.guard.check(input);
    const ip = typeof input === 'string' ? normalizeIp(input) : null;
    return ip === null ? { ok: false, reason: 'not a valid IP address' } : { ok: true, ip };
  }

  return {
    name: 'simulate',
    simulated: true,
    async check() {
      return { ok: true, message: 'simulate: blocks are recorded only; nothing on this system changes' };
    },
    async block(input, durationSeconds) {
      const verdict = accept(input);
      if (!verdict.ok) return { ok: false, message: `Refused: ${verdict.reason}` };
      if (durationSeconds !== null && !(Number.isFinite(durationSeconds) && durationSeconds > 0)) {
        return { ok: false, message: `Refused: invalid block duration ${String(durationSeconds)}` };
      }
      prune();
      const since = now();
      const until = durationSeconds === null ? null : since + durationSeconds * 1000;
      blocks.set(verdict.ip, { ip: verdict.ip, since, until });
      return { ok: true, message: `Blocked ${verdict.ip} (simulate, ${formatBlockDuration(durationSeconds)})` };
    },
    async unblock(input): Promise<ActionResult> {
      const ip = typeof input === 'string' ? normalizeIp(input) : null;
      if (ip === null) return { ok: false, message: 'Refused: not a valid IP address' };
      prune();
      if (!blocks.delete(ip)) return { ok: false, message: `${ip} is not blocked (simulate)` };
      return { ok: true, message: `Unblocked ${ip} (simulate)` };
    },
    activeBlocks() {
      prune();
      return [...blocks.values()].map((b) => ({ ...b }));
    },
    isBlocked(input) {
      prune();
      const ip = normalizeIp(input);
      return ip !== null && blocks.has(ip);
    },
  };
}
