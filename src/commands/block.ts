/**
 * `threatwatch-tui block TARGET` and `unblock TARGET`: the console's block actions for scripts, like
 * `fail2ban-client banip`. Same config, allowlist, guard, store and audit log as the console; the
 * route to the store is in block-session.ts (the holder's control socket, else the store itself).
 *
 * Exit 0 when done; 1 when refused or failed, with the reason on stderr (a refusal is audited);
 * 2 for usage errors. `--dry-run` prints on stdout the exact argv the backend would run, one
 * command per line, and runs, records and audits nothing.
 *
 * On the store itself (nothing holds it), blocks whose time ran out meanwhile are lifted first, as
 * the console's expiry scheduler would have done; `unblock` lifts a block with the backend that
 * placed it, whatever the configured one.
 */
import { UsageError } from '../cli/errors.js';
import type { BlockRecord } from '../engine/model/block.js';
import { parseBlockTarget, targetContains } from '../engine/net/block-target.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { createBlockLedger, type BlockLedger } from '../runtime/block-ledger.js';
import type { ControlResponse } from '../runtime/control-protocol.js';
import { ControlSocketError } from '../runtime/control-socket.js';
import { parseBlockDuration } from './block-duration.js';
import {
  BlockCommandError,
  auditRefusal,
  currentRecords,
  effectiveRecords,
  openLedger,
  prepareBlockCommand,
  route,
  type BlockCommandOptions,
  type BlockSetup,
} from './block-session.js';
import type { Io } from './io.js';

export interface BlockCliOptions extends BlockCommandOptions {
  /** `--for DURATION`; default: the config's duration (with its ban increment). */
  for?: string;
  dryRun?: boolean;
}

/** No `--blocker`: a block is always lifted with the backend that placed it. */
export type UnblockCliOptions = Omit<BlockCommandOptions, 'blocker'> & { dryRun?: boolean };

function fail(io: Io, cmd: string, message: string): number {
  io.stderr.write(`${cmd}: ${terminalSafe(message)}\n`);
  return 1;
}

/** The holder's answer: its message on stdout (exit 0) or stderr (exit 1). */
function answered(io: Io, cmd: string, res: ControlResponse): number {
  if (!res.ok) return fail(io, cmd, res.message);
  io.stdout.write(`${terminalSafe(res.message)}\n`);
  io.stderr.write(`${cmd}: done by the running threatwatch-tui (pid ${res.pid ?? '?'})\n`);
  return 0;
}

/** Lifts what expired while nothing held the store, as the console's scheduler would have. */
async function expireDue(ledger: BlockLedger, io: Io, cmd: string): Promise<void> {
  for (const e of await ledger.tick()) io.stderr.write(`${cmd}: the block on ${e.record.ip} had expired; lifted\n`);
}

async function withErrors(io: Io, cmd: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof BlockCommandError || err instanceof ControlSocketError) return fail(io, cmd, err.message);
    throw err;
  }
}

/** Collects a dry run's commands (stdout) apart from the backend's notes (stderr). */
function dryRunLog(io: Io): { commands: string[]; log(line: string): void } {
  const commands: string[] = [];
  return {
    commands,
    log(line) {
      if (line.startsWith('dry-run: ')) commands.push(line.slice('dry-run: '.length));
      else io.stderr.write(`${terminalSafe(line)}\n`);
    },
  };
}

function printDryRun(io: Io, cmd: string, backend: string, commands: readonly string[]): number {
  for (const c of commands) io.stdout.write(`${c}\n`);
  const what = commands.length === 0 ? `${backend} runs no command` : `${backend} would run ${commands.length} command(s), printed above`;
  io.stderr.write(`${cmd}: dry run: ${what}; nothing was run, recorded or audited\n`);
  return 0;
}

export async function runBlock(target: string, opts: BlockCliOptions, io: Io): Promise<number> {
  let seconds: number | null | undefined;
  if (opts.for !== undefined) {
    const d = parseBlockDuration(opts.for);
    if (!d.ok) throw new UsageError(`--for ${d.message}`);
    seconds = d.seconds;
  }
  const setup = await prepareBlockCommand(opts, io);
  return withErrors(io, 'block', () => (opts.dryRun ? dryRunBlock(setup, target, seconds, io) : block(setup, target, seconds, io)));
}

async function block(setup: BlockSetup, target: string, seconds: number | null | undefined, io: Io): Promise<number> {
  // Our own guard first: it knows this session's SSH client, which the holder cannot.
  const verdict = setup.guard.checkTarget(target);
  if (!verdict.ok) {
    const message = `Not blocked: ${verdict.reason}`;
    await auditRefusal(setup, 'block', target, message, io);
    return fail(io, 'block', message);
  }
  const canonical = verdict.target.text;
  const r = await route(setup, {
    v: 1,
    op: 'block',
    target: canonical,
    ...(seconds !== undefined ? { seconds } : {}),
    actor: setup.actor,
    ...(setup.backendGiven ? { backend: setup.backend } : {}),
  });
  if (r.kind === 'holder') {
    // The holder's ledger audits what reached it; a backend it refused to swap never did.
    if (r.response.error === 'backend-mismatch') await auditRefusal(setup, 'block', canonical, r.response.message, io);
    return answered(io, 'block', r.response);
  }
  const opened = await openLedger(setup, r.store, io);
  try {
    await expireDue(opened.ledger, io, 'block');
    const outcome = await opened.ledger.block(canonical, { alertId: null, actor: setup.actor, ...(seconds !== undefined ? { seconds } : {}) });
    if (!outcome.ok) return fail(io, 'block', outcome.message);
    io.stdout.write(`${terminalSafe(outcome.message)}\n`);
    return 0;
  } finally {
    await opened.close();
  }
}

async function dryRunBlock(setup: BlockSetup, target: string, seconds: number | null | undefined, io: Io): Promise<number> {
  const out = dryRunLog(io);
  const { records } = await currentRecords(setup);
  // A ledger over a copy of the records: the guard, "already blocked" and the ban increment apply.
  const ledger = createBlockLedger({
    guard: setup.guard,
    responder: setup.responder(setup.backend, { dryRun: true, log: out.log }),
    durationSeconds: setup.durationSeconds,
    records: effectiveRecords(records, Date.now()),
    audit: null,
    actor: setup.actor,
    increment: setup.config.responder.increment,
  });
  const outcome = await ledger.block(target, { alertId: null, ...(seconds !== undefined ? { seconds } : {}) });
  if (!outcome.ok) return fail(io, 'block', outcome.message);
  return printDryRun(io, 'block', setup.backend, out.commands);
}

export async function runUnblock(target: string, opts: UnblockCliOptions, io: Io): Promise<number> {
  const setup = await prepareBlockCommand(opts, io);
  return withErrors(io, 'unblock', () => (opts.dryRun ? dryRunUnblock(setup, target, io) : unblock(setup, target, io)));
}

const NOT_A_TARGET = 'Not unblocked: not a valid IP address or CIDR range';

async function unblock(setup: BlockSetup, target: string, io: Io): Promise<number> {
  const t = parseBlockTarget(target);
  if (t === null) {
    await auditRefusal(setup, 'unblock', target, NOT_A_TARGET, io);
    return fail(io, 'unblock', NOT_A_TARGET);
  }
  const r = await route(setup, { v: 1, op: 'unblock', target: t.text, actor: setup.actor });
  if (r.kind === 'holder') return answered(io, 'unblock', r.response);
  const opened = await openLedger(setup, r.store, io);
  try {
    await expireDue(opened.ledger, io, 'unblock');
    const outcome = await opened.ledger.unblock(t.text, { actor: setup.actor });
    if (!outcome.ok) return fail(io, 'unblock', outcome.message);
    io.stdout.write(`${terminalSafe(outcome.message)}\n`);
    return 0;
  } finally {
    await opened.close();
  }
}

async function dryRunUnblock(setup: BlockSetup, target: string, io: Io): Promise<number> {
  const t = parseBlockTarget(target);
  if (t === null) return fail(io, 'unblock', NOT_A_TARGET);
  const active = effectiveRecords((await currentRecords(setup)).records, Date.now()).filter((r) => r.state === 'active');
  const record: BlockRecord | undefined = active.find((r) => r.ip === t.text);
  if (record === undefined) {
    const cover = active.find((r) => {
      const rt = parseBlockTarget(r.ip);
      return rt !== null && targetContains(rt, t);
    });
    return fail(io, 'unblock', cover === undefined ? `${t.text} is not blocked` : `${t.text} is not blocked by itself: it is inside the blocked range ${cover.ip}`);
  }
  if (record.simulated) return printDryRun(io, 'unblock', `${record.backend} (the block was simulated)`, []);
  const out = dryRunLog(io);
  const res = await setup.responder(record.backend, { dryRun: true, log: out.log }).unblock(t.text);
  if (!res.ok) return fail(io, 'unblock', res.message);
  return printDryRun(io, 'unblock', record.backend, out.commands);
}
