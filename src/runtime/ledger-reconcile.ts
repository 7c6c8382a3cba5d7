/**
 * The ledger's start-up pass over the blocks loaded from the store, so a restart or a reboot leaves
 * the store and the firewall consistent:
 * - unreadable records are dropped (with a warning);
 * - every active block goes through the guard again: one that now reaches a protected address
 *   (allowlist, this machine, the analyst's SSH client) is lifted;
 * - blocks that expired while nothing ran are forgotten (and lifted where the backend has no timeouts);
 * - blocks missing from the backend (after a reboot, a flushed ruleset) are re-added for the time
 *   they have left; a re-add that fails turns the record `failed`, with the tool's error;
 * - entries of the backend the ledger does not know are reported as orphans and left alone.
 */
import type { BlockRecord } from '../engine/model/block.js';
import type { Responder } from '../plugins/responders/responder.js';
import type { AuditEntry } from './audit-log.js';
import type { AlertStatusChange, EndedBlock } from './block-ledger-types.js';
import type { BlockGuard } from './block-guard.js';
import { parseBlockTarget } from '../engine/net/block-target.js';

export interface ReconcileReport {
  /** Active blocks found in force (or restored in `simulate`). */
  kept: BlockRecord[];
  /** Missing from the backend and re-added. */
  readded: BlockRecord[];
  /** Expired while threatwatch was not running. */
  expired: EndedBlock[];
  /** Lifted because the guard refuses them now. */
  lifted: (EndedBlock & { reason: string })[];
  /** Could not be re-added: now `failed`. */
  failed: EndedBlock[];
  /** In the backend, unknown to the ledger (left alone). */
  orphans: string[];
  /** One sentence each, for the warning banner. */
  warnings: string[];
}

type Lift = (
  r: BlockRecord,
  action: 'unblock' | 'expire',
  actor: string,
  state: 'expired' | 'unblocked',
  runBackend: boolean,
) => Promise<{ ok: boolean; message: string }>;

export interface ReconcileContext {
  records: BlockRecord[];
  setRecords(next: BlockRecord[]): void;
  guard: BlockGuard;
  responder: Responder;
  backendFor(r: BlockRecord): Responder | null;
  now(): number;
  lift: Lift;
  restoreFor(r: BlockRecord, note: string): AlertStatusChange | null;
  audit(entry: Omit<AuditEntry, 'time'>): Promise<void>;
}

export async function reconcileLedger(ctx: ReconcileContext): Promise<ReconcileReport> {
  const report: ReconcileReport = { kept: [], readded: [], expired: [], lifted: [], failed: [], orphans: [], warnings: [] };
  const readable = ctx.records.filter((r) => parseBlockTarget(r.ip) !== null);
  if (readable.length < ctx.records.length) {
    report.warnings.push(`Dropped ${ctx.records.length - readable.length} block record(s) whose address could not be read.`);
    ctx.setRecords(readable);
  }
  const listed = new Map<Responder, Set<string> | null>();
  async function inBackend(b: Responder): Promise<Set<string> | null> {
    if (!listed.has(b)) {
      const l = b.list ? await b.list().catch(() => null) : null;
      listed.set(b, l === null ? null : new Set(l));
    }
    return listed.get(b) ?? null;
  }
  const unmanaged = new Map<string, number>();

  for (const r of readable.filter((x) => x.state === 'active')) {
    const t = ctx.now();
    const verdict = ctx.guard.checkTarget(r.ip);
    if (!verdict.ok) {
      const res = await ctx.lift(r, 'unblock', 'guard', 'unblocked', true);
      if (res.ok) report.lifted.push({ record: { ...r }, alertStatus: ctx.restoreFor(r, `block lifted: ${verdict.reason}`), reason: verdict.reason });
      else report.warnings.push(`${r.ip} is protected now (${verdict.reason}) but could not be unblocked: ${res.message}`);
      continue;
    }
    const backend = ctx.backendFor(r);
    if (r.until !== null && Date.parse(r.until) <= t) {
      const res = await ctx.lift(r, 'expire', 'expiry', 'expired', backend?.expiresNatively !== true);
      if (res.ok) report.expired.push({ record: { ...r }, alertStatus: ctx.restoreFor(r, 'block expired') });
      else report.warnings.push(`The block on ${r.ip} expired but could not be lifted: ${res.message}`);
      continue;
    }
    const remaining = r.until === null ? null : Math.max(1, Math.ceil((Date.parse(r.until) - t) / 1000));
    if (r.simulated || backend === null || backend.simulated) {
      // Nothing of it is on this system (simulated), or its backend is not ours to drive now.
      if (r.simulated && backend !== null && backend.simulated && backend.name === 'simulate') await backend.block(r.ip, remaining);
      if (!r.simulated && (backend === null || backend.simulated)) unmanaged.set(r.backend, (unmanaged.get(r.backend) ?? 0) + 1);
      report.kept.push({ ...r });
      continue;
    }
    const present = await inBackend(backend);
    if (present !== null && present.has(r.ip)) {
      report.kept.push({ ...r });
      continue;
    }
    const res = await backend.block(r.ip, remaining);
    await ctx.audit({
      actor: 'reconcile',
      action: 'reconcile',
      ip: r.ip,
      backend: backend.name,
      argv: res.commands ?? [],
      result: res.ok ? 'ok' : 'failed',
      message: res.ok ? `re-added: ${res.message}` : res.message,
      alertId: r.alertId,
      seconds: remaining,
      ...(res.ok ? {} : { error: res.error ?? res.message }),
    });
    if (res.ok) {
      delete r.error;
      (present === null ? report.kept : report.readded).push({ ...r });
    } else {
      r.state = 'failed';
      r.error = res.error ?? res.message;
      r.endedAt = new Date(t).toISOString();
      report.failed.push({ record: { ...r }, alertStatus: ctx.restoreFor(r, `block failed on restart: ${r.error}`) });
    }
  }

  if (!ctx.responder.simulated) {
    const present = await inBackend(ctx.responder);
    const known = new Set(readable.filter((r) => r.state === 'active' && r.backend === ctx.responder.name).map((r) => r.ip));
    for (const ip of present ?? []) if (!known.has(ip)) report.orphans.push(ip);
  }
  for (const [name, n] of unmanaged) {
    report.warnings.push(`${n} block(s) placed with ${name} are not managed by this run (${ctx.responder.name}${ctx.responder.simulated ? ', simulated' : ''}); start with --blocker ${name} to lift them.`);
  }
  if (report.readded.length > 0) report.warnings.push(`${report.readded.length} block(s) were missing from ${ctx.responder.name} and have been re-added.`);
  if (report.failed.length > 0) report.warnings.push(`${report.failed.length} block(s) could not be restored in ${ctx.responder.name} and are marked failed.`);
  return report;
}
