/**
 * Longer bans for repeat offenders (fail2ban's `bantime.increment`): the nth ban of the same target
 * within `windowSeconds` lasts `base × factor^(n−1)`, capped at `maxSeconds`. With base 1 h and
 * factor 2: 1 h, 2 h, 4 h, 8 h… Pure: counts from the ledger's records, time given.
 */
import * as z from 'zod';
import type { BlockRecord } from '../engine/model/block.js';

export const banIncrementSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Each earlier ban multiplies the duration by this. */
  factor: z.number().min(1).max(100).default(2),
  /** Cap in seconds; null = no cap (a permanent base stays permanent). */
  maxSeconds: z.number().int().positive().nullable().default(7 * 86_400),
  /** Earlier bans counted within this many seconds. */
  windowSeconds: z.number().int().positive().default(30 * 86_400),
});

export type BanIncrement = z.output<typeof banIncrementSchema>;

/** Earlier bans of `target` that count: placed (not failed) within the window before `now`. */
export function countOffences(records: readonly BlockRecord[], target: string, now: number, windowSeconds: number): number {
  const since = now - windowSeconds * 1000;
  let n = 0;
  for (const r of records) {
    if (r.ip !== target || r.state === 'failed') continue;
    const at = Date.parse(r.at);
    if (Number.isFinite(at) && at >= since && at <= now) n++;
  }
  return n;
}

/** The duration for the next ban, given how many earlier bans count. */
export function incrementedSeconds(base: number | null, earlier: number, inc: BanIncrement | undefined): number | null {
  if (base === null || inc === undefined || !inc.enabled || earlier <= 0) return base;
  const raw = base * inc.factor ** Math.min(earlier, 64);
  const capped = inc.maxSeconds === null ? raw : Math.min(raw, Math.max(inc.maxSeconds, base));
  return Math.min(Math.round(capped), 315_360_000);
}
