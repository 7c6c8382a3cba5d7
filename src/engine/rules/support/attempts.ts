/**
 * Failed-attempt counting for the rules that count failed logins besides BRUTE_FORCE (password
 * spray, login after failures, slow and distributed brute force): exactly what BRUTE_FORCE counts,
 * the parser's per-event `attempts` (parsers/attempt-counter.ts decides it per connection: credits
 * for invalid users, PAM echoes, `message repeated`…), so `parse` shows what every rule counts.
 * Events without an IP count 0.
 */
import type { SecurityEvent } from '../../model/event.js';

/** Failed attempts `e` stands for, as every rule counts them. */
export function attemptsOf(e: SecurityEvent): number {
  if (e.ip === null) return 0;
  const n = e.attempts;
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The rules' counter: stateless now that the parser counts per connection (kept as the one seam). */
export class AttemptCounter {
  /** (The cap on remembered connections now lives in the parser's counter.) */
  constructor(_maxConnections?: number) {}

  /** Failed attempts `e` stands for (0 for anything else). */
  count(e: SecurityEvent): number {
    return attemptsOf(e);
  }

  sweep(_now?: number): void {}

  clear(): void {}
}
