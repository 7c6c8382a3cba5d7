import type { BlockTarget } from '../net/block-target.js';
/** Blocks and response actions: what the block ledger records and every front end shows. */
import type { AlertStatus } from './alert.js';

/**
 * `active`: in force (or recorded as in force by `simulate`); `failed`: the backend refused or
 * could not run, nothing is blocked (see `error`); `expired`: its time ran out and it was lifted;
 * `unblocked`: lifted by hand, or by the guard when a loaded block became protected.
 */
export type BlockState = 'active' | 'failed' | 'expired' | 'unblocked';

export interface BlockRecord {
  /** Blocked address (canonical form) or CIDR range (`198.51.100.0/24`). */
  ip: string;
  /** Responder backend name (`simulate`, `nftables`, …). */
  backend: string;
  /** ISO-8601 wall-clock time the block was placed (or attempted, when failed). */
  at: string;
  /** ISO-8601 expiry, or null for permanent. */
  until: string | null;
  alertId: string | null;
  /** True when the backend changed nothing on the system. */
  simulated: boolean;
  /** Absent in records written before the ledger: read as `active`. */
  state?: BlockState;
  /** The backend's error text, when `failed` (or when lifting it failed). */
  error?: string;
  /** The alert's status before the block, restored when the block ends. */
  previousStatus?: AlertStatus | null;
  /** Duration chosen, in seconds; null = permanent. */
  seconds?: number | null;
  /** Who placed it: `user@tty`, `auto-block`, `cli`. */
  actor?: string;
  /** ISO-8601 time it stopped being active (expired, unblocked). */
  endedAt?: string;
}

export interface ActionResult {
  ok: boolean;
  /** One sentence for the status line (`Blocked 203.0.113.45 (simulate, 1h)`, `Refused: loopback`). */
  message: string;
  /** Commands the backend ran (or printed, in a dry run), as argv arrays, for the audit log. */
  commands?: string[][];
  /** The tool's own error text when `ok` is false. */
  error?: string;
}

/** The guard's answer: a canonical address safe to hand to a backend, or why not. */
export type GuardResult = { ok: true; ip: string } | { ok: false; reason: string };
export type TargetVerdict = { ok: true; target: BlockTarget } | { ok: false; reason: string };

/** The last check before any block (implemented by the runtime's block guard). */
export interface BlockGuard {
  /** A single address (no ranges): the verdict and the canonical address. */
  check(ip: string): GuardResult;
  /** An address or a CIDR range: the verdict and the canonical target. */
  checkTarget(target: string): TargetVerdict;
}
