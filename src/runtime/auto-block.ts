/**
 * Auto-block policy (off by default), pure: given an alert, the policy, the rate-limit state and
 * the time, decide whether to block its address now.
 *
 * Blocked automatically only when all hold: auto-block is enabled; the alert's rule is listed; its
 * severity reaches the rule's minimum (or the policy's); the alert is `new`; it is not flagged
 * `SPOOFABLE` (evidence a forged packet can produce, such as PORT_SCAN) unless that rule opts in
 * with `allowSpoofable`; the guard accepts the address; and fewer than `maxPerMinute` blocks were
 * decided in the last 60 s, so a spoofed flood cannot make the tool block half the internet.
 *
 * The runtime then asks the ledger to block (actor `auto-block`); `replay` should honour it only
 * with the `simulate` backend.
 */
import * as z from 'zod';
import { SEVERITIES, type Alert, type Severity } from '../engine/model/alert.js';
import type { BlockGuard } from './block-guard.js';

export const SPOOFABLE_FLAG = 'SPOOFABLE';

export const autoBlockSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Lowest severity auto-blocked, for rules that set none. */
  minSeverity: z.enum(SEVERITIES).default('HIGH'),
  /** The rules whose alerts may be auto-blocked; none by default. */
  rules: z
    .array(
      z.strictObject({
        rule: z.string().min(1),
        minSeverity: z.enum(SEVERITIES).optional(),
        /** Also auto-block alerts flagged SPOOFABLE (a forged source address can trigger them). */
        allowSpoofable: z.boolean().default(false),
      }),
    )
    .default([]),
  /** At most this many automatic blocks in any 60 s. */
  maxPerMinute: z.number().int().min(1).max(1000).default(10),
});

export type AutoBlockConfig = z.output<typeof autoBlockSchema>;

/** Times (ms) of the automatic blocks decided within the last minute. */
export interface AutoBlockState {
  readonly recent: readonly number[];
}

export const initialAutoBlockState: AutoBlockState = { recent: [] };

export type AutoBlockDecision = { block: true; target: string; rule: string } | { block: false; reason: string };

export type AutoBlockAlert = Pick<Alert, 'rule' | 'severity' | 'ip' | 'flags' | 'status'>;

const WINDOW_MS = 60_000;

function rank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function decideAutoBlock(
  config: AutoBlockConfig,
  alert: AutoBlockAlert,
  state: AutoBlockState,
  now: number,
  guard: BlockGuard,
): { decision: AutoBlockDecision; state: AutoBlockState } {
  const recent = state.recent.filter((t) => t > now - WINDOW_MS && t <= now);
  const kept = { recent };
  const no = (reason: string) => ({ decision: { block: false as const, reason }, state: kept });
  if (!config.enabled) return no('auto-block is off');
  const rule = config.rules.find((r) => r.rule === alert.rule);
  if (rule === undefined) return no(`rule ${alert.rule} is not auto-blocked`);
  const min = rule.minSeverity ?? config.minSeverity;
  if (rank(alert.severity) < rank(min)) return no(`severity ${alert.severity} is below ${min}`);
  if (alert.status !== 'new') return no(`alert is ${alert.status}`);
  if (alert.flags.includes(SPOOFABLE_FLAG) && !rule.allowSpoofable) return no(`${alert.rule} evidence is spoofable (allowSpoofable is off)`);
  if (alert.ip === null) return no(`${alert.rule} has no single address to block`);
  const verdict = guard.check(alert.ip);
  if (!verdict.ok) return no(`protected: ${verdict.reason}`);
  if (recent.length >= config.maxPerMinute) return no(`rate limit: ${config.maxPerMinute} automatic blocks a minute`);
  return { decision: { block: true, target: verdict.ip, rule: alert.rule }, state: { recent: [...recent, now] } };
}

/** Warnings to show at start: each rule that opted in to spoofable evidence. */
export function autoBlockWarnings(config: AutoBlockConfig): string[] {
  if (!config.enabled) return [];
  return config.rules
    .filter((r) => r.allowSpoofable)
    .map((r) => `Auto-block takes spoofable ${r.rule} alerts: a forged source address can get an innocent host blocked.`);
}

/** The stateful wrapper the runtime keeps: `decide(alert, now)`. */
export function createAutoBlocker(config: AutoBlockConfig, guard: BlockGuard) {
  let state = initialAutoBlockState;
  return {
    decide(alert: AutoBlockAlert, now: number): AutoBlockDecision {
      const r = decideAutoBlock(config, alert, state, now, guard);
      state = r.state;
      return r.decision;
    },
  };
}
