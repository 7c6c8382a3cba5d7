/** The block ledger's API: what front ends call and what they get back (see block-ledger.ts). */
import type { AlertStatus } from '../engine/model/alert.js';
import type { BlockRecord } from '../engine/model/block.js';
import type { Responder } from '../plugins/responders/responder.js';
import type { AuditLog } from './audit-log.js';
import type { BanIncrement } from './ban-increment.js';
import type { BlockGuard } from './block-guard.js';
import type { ReconcileReport } from './ledger-reconcile.js';

/** A status change the runtime should make on an alert (only while it is still `blocked`, when lifting). */
export interface AlertStatusChange {
  alertId: string;
  status: AlertStatus;
  note: string;
}

export type BlockPreview =
  | {
      ok: true;
      /** Canonical target. */
      target: string;
      range: boolean;
      /** The /24 or /64 around an address, to offer beside it; null for a range. */
      subnet: string | null;
      /** Duration the block would get by default (bantime increment applied). */
      seconds: number | null;
      /** Earlier bans of this target that count for the increment. */
      offences: number;
      backend: string;
      simulated: boolean;
      /** The active block that already covers the target, if any. */
      blockedBy: BlockRecord | null;
    }
  | { ok: false; target: string | null; reason: string };

export interface BlockOptions {
  /** Duration; null = permanent; omitted = the default, with the bantime increment. */
  seconds?: number | null;
  alertId?: string | null;
  /** The alert's status now, restored when the block ends. */
  previousStatus?: AlertStatus | null;
  actor?: string;
}

export type BlockOutcome =
  | { ok: true; record: BlockRecord; message: string; alertStatus: AlertStatusChange | null }
  | { ok: false; kind: 'refused' | 'already-blocked' | 'failed'; message: string; record: BlockRecord | null };

export interface UnblockOutcome {
  ok: boolean;
  message: string;
  record: BlockRecord | null;
  alertStatus: AlertStatusChange | null;
}

export interface EndedBlock {
  record: BlockRecord;
  alertStatus: AlertStatusChange | null;
}

export interface BlockLedgerOptions {
  guard: BlockGuard;
  responder: Responder;
  /** Backends of loaded records other than `responder`, so their blocks can still be lifted. */
  otherResponders?: readonly Responder[];
  /** Default duration; null = permanent. */
  durationSeconds: number | null;
  /** Records from the store (blocks and their history). */
  records?: readonly BlockRecord[];
  /** Wall clock (ms). @default Date.now */
  now?: () => number;
  audit?: AuditLog | null;
  /** Default actor for the audit log (`defaultActor()`). @default 'threatwatch' */
  actor?: string;
  /** Called with every record after each change (persist them). */
  onChange?: (records: readonly BlockRecord[]) => void;
  /** Called when the audit log cannot be written, or a backend needs attention. */
  onWarning?: (message: string) => void;
  increment?: BanIncrement;
  /** Ended records kept for the blocks view and the increment. @default 1000 */
  maxHistory?: number;
}

export interface BlockLedger {
  preview(target: string): BlockPreview;
  block(target: string, opts?: BlockOptions): Promise<BlockOutcome>;
  unblock(target: string, opts?: { actor?: string }): Promise<UnblockOutcome>;
  /** Blocks in force. */
  active(): BlockRecord[];
  /** Everything the ledger keeps (active, failed, ended), oldest first: what the store saves. */
  records(): BlockRecord[];
  /** True when an active block covers `ip` (itself, or a range containing it). */
  isBlocked(ip: string): boolean;
  /** The active block covering `ip`, if any. */
  covering(ip: string): BlockRecord | null;
  /** Lifts what expired by `now`; returns the ended blocks. */
  tick(): Promise<EndedBlock[]>;
  /** Wall-clock ms of the next expiry, or null. */
  nextExpiry(): number | null;
  reconcile(): Promise<ReconcileReport>;
}
