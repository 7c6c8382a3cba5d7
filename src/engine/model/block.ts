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
