/**
 * The block ledger: the one place that knows what is blocked. Every block goes guard → responder →
 * record → expiry, and every block, unblock, expiry and refusal is written to the audit log.
 *
 * - Nothing is recorded as blocked that is not: a backend failure becomes a `failed` record with
 *   the tool's error, shown to the analyst, and never counts as a block.
 * - The ledger never touches alerts. It returns the status change the runtime should make
 *   (`blocked` on a block; the status before the block when it ends, with `block expired`), and
 *   the runtime applies it only while the alert is still `blocked`.
 * - Actions run one at a time (a queue), so two blocks of the same address cannot race.
 * - Expiry: backends with element timeouts (nftables, ipset) drop expired blocks in the kernel;
 *   for the others `tick()` runs the backend's unblock. `tick()` is called by the runtime (every
 *   second); `nextExpiry()` says when it matters.
 * - `reconcile()` on start: loaded blocks go through the guard again (a block that now hits the
 *   allowlist or the analyst's own address is lifted), expired ones are forgotten (and lifted where
 *   the backend has no timeouts), missing ones are re-added with the time they have left.
 */
import type { BlockRecord } from '../engine/model/block.js';
import { formatBlockDuration, type Responder } from '../plugins/responders/responder.js';
import { validDuration } from '../plugins/responders/backend-kit.js';
import type { AuditEntry } from './audit-log.js';
import { countOffences, incrementedSeconds } from './ban-increment.js';
import type { AlertStatusChange, BlockLedger, BlockLedgerOptions, BlockOptions, BlockOutcome, BlockPreview, EndedBlock, UnblockOutcome } from './block-ledger-types.js';
import { parseBlockTarget, subnetOf, targetContains, type BlockTarget } from '../engine/net/block-target.js';
import { reconcileLedger } from './ledger-reconcile.js';

export type {
  AlertStatusChange,
  BlockLedger,
  BlockLedgerOptions,
  BlockOptions,
  BlockOutcome,
  BlockPreview,
  EndedBlock,
  UnblockOutcome,
} from './block-ledger-types.js';
export type { ReconcileReport } from './ledger-reconcile.js';

const RETRY_MS = 60_000;

export function createBlockLedger(opts: BlockLedgerOptions): BlockLedger {
  const now = opts.now ?? Date.now;
  const responder = opts.responder;
  const defaultActor = opts.actor ?? 'threatwatch';
  const maxHistory = opts.maxHistory ?? 1000;
  let records: BlockRecord[] = (opts.records ?? []).map((r) => ({ ...r, state: r.state ?? 'active' }));
  const retryAt = new Map<BlockRecord, number>();
  let queue: Promise<unknown> = Promise.resolve();

  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  }

  const iso = (ms: number) => new Date(ms).toISOString();
  const activeRecords = () => records.filter((r) => r.state === 'active');
  const backendFor = (r: BlockRecord): Responder | null =>
    r.backend === responder.name ? responder : (opts.otherResponders ?? []).find((o) => o.name === r.backend) ?? null;

  function changed(): void {
    const extra = records.filter((r) => r.state !== 'active').length - maxHistory;
    if (extra > 0) {
      let drop = extra;
      records = records.filter((r) => r.state === 'active' || drop-- <= 0);
    }
    opts.onChange?.(records.map((r) => ({ ...r })));
  }

  async function audit(entry: Omit<AuditEntry, 'time'>): Promise<void> {
    if (!opts.audit) return;
    try {
      await opts.audit.append({ time: iso(now()), ...entry });
    } catch (err) {
      opts.onWarning?.(`Could not write the audit log: ${(err as Error).message}`);
    }
  }

  function restoreFor(r: BlockRecord, note: string): AlertStatusChange | null {
    if (r.alertId === null) return null;
    // Another block placed for the same alert still holds it.
    if (activeRecords().some((o) => o !== r && o.alertId === r.alertId)) return null;
    return { alertId: r.alertId, status: r.previousStatus ?? 'new', note };
  }

  function coveringTarget(t: BlockTarget): BlockRecord | null {
    for (const r of activeRecords()) {
      const rt = parseBlockTarget(r.ip);
      if (rt !== null && targetContains(rt, t)) return r;
    }
    return null;
  }

  function offences(target: string): number {
    return opts.increment?.enabled ? countOffences(records, target, now(), opts.increment.windowSeconds) : 0;
  }

  /** Lifts one record with its backend (nothing to run for simulated ones); the record is updated. */
  async function lift(r: BlockRecord, action: 'unblock' | 'expire', actor: string, state: 'expired' | 'unblocked', runBackend: boolean) {
    const backend = backendFor(r);
    if (runBackend && !r.simulated) {
      if (backend === null) {
        const error = `blocked with ${r.backend}, which is not configured in this run`;
        r.error = error;
        await audit({ actor, action, ip: r.ip, backend: r.backend, argv: [], result: 'failed', message: error, alertId: r.alertId, error });
        return { ok: false as const, message: `Could not lift ${r.ip}: ${error}` };
      }
      const res = await backend.unblock(r.ip);
      if (res.ok && backend.simulated) {
        // A dry run printed the commands; the real block stays in force and stays recorded.
        await audit({ actor, action, ip: r.ip, backend: r.backend, argv: res.commands ?? [], result: 'dry-run', message: res.message, alertId: r.alertId });
        return { ok: false as const, message: `${res.message} (still blocked)` };
      }
      if (!res.ok) {
        r.error = res.error ?? res.message;
        await audit({ actor, action, ip: r.ip, backend: r.backend, argv: res.commands ?? [], result: 'failed', message: res.message, alertId: r.alertId, error: r.error });
        return { ok: false as const, message: res.message };
      }
      await audit({ actor, action, ip: r.ip, backend: r.backend, argv: res.commands ?? [], result: 'ok', message: res.message, alertId: r.alertId });
    } else {
      await audit({ actor, action, ip: r.ip, backend: r.backend, argv: [], result: 'ok', message: `${r.ip}: ${state}`, alertId: r.alertId });
    }
    r.state = state;
    r.endedAt = iso(now());
    delete r.error;
    return { ok: true as const, message: `${state === 'expired' ? 'Block expired on' : 'Unblocked'} ${r.ip}` };
  }

  function preview(input: string): BlockPreview {
    const verdict = opts.guard.checkTarget(input);
    if (!verdict.ok) return { ok: false, target: parseBlockTarget(input)?.text ?? null, reason: verdict.reason };
    const t = verdict.target;
    const n = offences(t.text);
    return {
      ok: true,
      target: t.text,
      range: t.range,
      subnet: t.range ? null : (subnetOf(t.text)?.text ?? null),
      seconds: incrementedSeconds(opts.durationSeconds, n, opts.increment),
      offences: n,
      backend: responder.name,
      simulated: responder.simulated,
      blockedBy: coveringTarget(t),
    };
  }

  async function block(input: string, o: BlockOptions): Promise<BlockOutcome> {
    const actor = o.actor ?? defaultActor;
    const alertId = o.alertId ?? null;
    const refuse = async (message: string, kind: 'refused' | 'already-blocked' = 'refused'): Promise<BlockOutcome> => {
      await audit({ actor, action: 'block', ip: String(input).slice(0, 100), backend: responder.name, argv: [], result: 'refused', message, alertId });
      return { ok: false, kind, message, record: null };
    };
    const verdict = opts.guard.checkTarget(input);
    if (!verdict.ok) return refuse(`Not blocked: ${verdict.reason}`);
    const t = verdict.target;
    const seconds = o.seconds !== undefined ? o.seconds : incrementedSeconds(opts.durationSeconds, offences(t.text), opts.increment);
    if (!validDuration(seconds)) return refuse(`Not blocked: invalid duration ${String(seconds)}`);
    const covering = coveringTarget(t);
    if (covering !== null) {
      const by = covering.ip === t.text ? '' : ` by ${covering.ip}`;
      return refuse(`${t.text} is already blocked${by}${covering.until === null ? '' : ` until ${covering.until}`}`, 'already-blocked');
    }
    const inside = t.range ? activeRecords().find((r) => r.ip.includes('/') && targetContains(t, parseBlockTarget(r.ip)!)) : undefined;
    if (inside !== undefined) return refuse(`Not blocked: ${inside.ip} is blocked inside ${t.text}; unblock it first`);

    const res = await responder.block(t.text, seconds);
    const at = now();
    const record: BlockRecord = {
      ip: t.text,
      backend: responder.name,
      at: iso(at),
      until: seconds === null ? null : iso(at + seconds * 1000),
      alertId,
      simulated: responder.simulated,
      state: res.ok ? 'active' : 'failed',
      previousStatus: o.previousStatus ?? null,
      seconds,
      actor,
    };
    if (!res.ok) {
      record.error = res.error ?? res.message;
      record.endedAt = iso(at);
    }
    records.push(record);
    await audit({
      actor,
      action: 'block',
      ip: t.text,
      backend: responder.name,
      argv: res.commands ?? [],
      result: !res.ok ? 'failed' : responder.simulated && responder.name !== 'simulate' ? 'dry-run' : 'ok',
      message: res.message,
      alertId,
      seconds,
      ...(res.ok ? {} : { error: record.error }),
    });
    changed();
    if (!res.ok) return { ok: false, kind: 'failed', message: res.message, record: { ...record } };
    const note = `blocked ${t.text} with ${responder.name} (${formatBlockDuration(seconds)})`;
    const sim = responder.simulated ? ' — simulated, nothing changed on this system' : '';
    return { ok: true, record: { ...record }, message: `${res.message}${sim}`, alertStatus: alertId === null ? null : { alertId, status: 'blocked', note } };
  }

  async function unblock(input: string, actor: string): Promise<UnblockOutcome> {
    const t = parseBlockTarget(input);
    const none = async (message: string): Promise<UnblockOutcome> => {
      await audit({ actor, action: 'unblock', ip: String(input).slice(0, 100), backend: responder.name, argv: [], result: 'refused', message, alertId: null });
      return { ok: false, message, record: null, alertStatus: null };
    };
    if (t === null) return none('Not unblocked: not a valid IP address or CIDR range');
    const r = activeRecords().find((x) => x.ip === t.text);
    if (r === undefined) {
      const cover = coveringTarget(t);
      return none(cover === null ? `${t.text} is not blocked` : `${t.text} is not blocked by itself: it is inside the blocked range ${cover.ip}`);
    }
    const res = await lift(r, 'unblock', actor, 'unblocked', true);
    changed();
    if (!res.ok) return { ok: false, message: res.message, record: { ...r }, alertStatus: null };
    return { ok: true, message: res.message, record: { ...r }, alertStatus: restoreFor(r, `unblocked by ${actor}`) };
  }

  async function tick(): Promise<EndedBlock[]> {
    const t = now();
    const ended: EndedBlock[] = [];
    let dirty = false;
    for (const r of activeRecords()) {
      if (r.until === null || Date.parse(r.until) > t || (retryAt.get(r) ?? 0) > t) continue;
      const native = backendFor(r)?.expiresNatively === true;
      const res = await lift(r, 'expire', 'expiry', 'expired', !native);
      dirty = true;
      if (!res.ok) {
        retryAt.set(r, t + RETRY_MS);
        opts.onWarning?.(`Block on ${r.ip} expired but could not be lifted: ${r.error ?? res.message}`);
        continue;
      }
      retryAt.delete(r);
      ended.push({ record: { ...r }, alertStatus: restoreFor(r, 'block expired') });
    }
    if (dirty) changed();
    return ended;
  }

  return {
    preview,
    block: (target, o = {}) => exclusive(() => block(target, o)),
    unblock: (target, o = {}) => exclusive(() => unblock(target, o.actor ?? defaultActor)),
    active: () => activeRecords().map((r) => ({ ...r })),
    records: () => records.map((r) => ({ ...r })),
    isBlocked: (ip) => {
      const t = parseBlockTarget(ip);
      return t !== null && coveringTarget(t) !== null;
    },
    covering: (ip) => {
      const t = parseBlockTarget(ip);
      const r = t === null ? null : coveringTarget(t);
      return r === null ? null : { ...r };
    },
    tick: () => exclusive(tick),
    nextExpiry() {
      let next: number | null = null;
      for (const r of activeRecords()) {
        if (r.until === null) continue;
        const at = Math.max(Date.parse(r.until), retryAt.get(r) ?? 0);
        if (next === null || at < next) next = at;
      }
      return next;
    },
    reconcile: () =>
      exclusive(async () => {
        const report = await reconcileLedger({
          records,
          setRecords: (next) => (records = next),
          guard: opts.guard,
          responder,
          backendFor,
          now,
          lift,
          restoreFor,
          audit,
        });
        changed();
        return report;
      }),
  };
}

/**
 * The expiry scheduler for a long-running process: `ledger.tick()` every `intervalMs` (the timer
 * does not keep the process alive; a tick still running is not overlapped), ended blocks handed to
 * `onEnded` (apply their alert status changes there). Returns `stop`.
 */
export function startExpiryScheduler(ledger: BlockLedger, onEnded: (ended: EndedBlock[]) => void, intervalMs = 1000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    ledger
      .tick()
      .then((ended) => {
        if (ended.length > 0) onEnded(ended);
      })
      .catch(() => undefined)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
