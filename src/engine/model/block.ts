/** Blocks and response actions: what the block ledger records and every front end shows. */

export interface BlockRecord {
  /** Blocked address (canonical form) or CIDR range. */
  ip: string;
  /** Responder backend name (`simulate`, `nftables`, …). */
  backend: string;
  /** ISO-8601 wall-clock time the block was placed. */
  at: string;
  /** ISO-8601 expiry, or null for permanent. */
  until: string | null;
  alertId: string | null;
  /** True when the backend changed nothing on the system. */
  simulated: boolean;
}

export interface ActionResult {
  ok: boolean;
  /** One sentence for the status line (`Blocked 203.0.113.45 (simulate, 1h)`, `Refused: loopback`). */
  message: string;
}

/** The guard's answer: a canonical address safe to hand to a backend, or why not. */
export type GuardResult = { ok: true; ip: string } | { ok: false; reason: string };

/** The last check before any block (implemented by the runtime's block guard). */
export interface BlockGuard {
  check(ip: string): GuardResult;
}
