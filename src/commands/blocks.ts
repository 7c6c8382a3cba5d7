/**
 * `threatwatch-tui blocks [--json] [--all]`: the blocks in force with their time left, backend and
 * state; `--all` adds the history (failed, expired, unblocked). Asks the console or `watch` holding
 * the data directory when one answers, else reads the store read-only (no lock, nothing written).
 * An active block whose time ran out while nothing held the store reads `expired`.
 *
 * `--json`: one JSON array, oldest first, of the stored records with `state` filled in and
 * `secondsLeft` (whole seconds; null when permanent or no longer active).
 */
import type { BlockRecord } from '../engine/model/block.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { BlockCommandError, currentRecords, effectiveRecords, prepareBlockCommand, type BlockCommandOptions } from './block-session.js';
import { ControlSocketError } from '../runtime/control-socket.js';
import { writeOut, type Io } from './io.js';

export interface BlocksCliOptions extends Omit<BlockCommandOptions, 'blocker'> {
  json?: boolean;
  all?: boolean;
}

export interface BlockView extends BlockRecord {
  state: NonNullable<BlockRecord['state']>;
  /** Whole seconds left; null when permanent or not active. */
  secondsLeft: number | null;
}

export function blockViews(records: readonly BlockRecord[], now: number, all: boolean): BlockView[] {
  return effectiveRecords(records, now)
    .filter((r) => all || r.state === 'active')
    .map((r) => ({
      ...r,
      state: r.state ?? 'active',
      secondsLeft: r.state === 'active' && r.until !== null ? Math.max(0, Math.ceil((Date.parse(r.until) - now) / 1000)) : null,
    }));
}

/** `45s`, `3m 20s`, `2h 05m`, `3d 4h`. */
export function timeLeft(seconds: number): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m ${two(seconds % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${two(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** `2026-03-02 10:00:00Z` (UTC, to the second). */
function utc(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')}Z`;
}

/** The table `blocks` prints: one row per block, columns padded, attacker-free but escaped anyway. */
export function blocksTable(views: readonly BlockView[]): string {
  const rows = views.map((v) => [
    v.ip,
    v.state,
    v.simulated && v.backend !== 'simulate' ? `${v.backend} (dry run)` : v.backend,
    v.state !== 'active' ? '-' : v.until === null ? 'permanent' : timeLeft(v.secondsLeft ?? 0),
    utc(v.at),
    v.actor ?? '-',
    v.state === 'failed' || v.error !== undefined ? (v.error ?? '') : v.alertId !== null ? `alert ${v.alertId}` : '',
  ]);
  const header = ['TARGET', 'STATE', 'BACKEND', 'LEFT', 'PLACED', 'BY', 'NOTE'];
  const all = [header, ...rows].map((r) => r.map((c) => terminalSafe(c)));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] as string).length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ').trimEnd()).join('\n') + '\n';
}

export async function runBlocks(opts: BlocksCliOptions, io: Io): Promise<number> {
  const setup = await prepareBlockCommand(opts, io);
  let records: BlockRecord[];
  try {
    records = (await currentRecords(setup)).records;
  } catch (err) {
    if (!(err instanceof BlockCommandError || err instanceof ControlSocketError)) throw err;
    io.stderr.write(`blocks: ${terminalSafe(err.message)}\n`);
    return 1;
  }
  const views = blockViews(records, Date.now(), opts.all === true);
  if (opts.json) writeOut(io, `${JSON.stringify(views, null, 2)}\n`);
  else if (views.length === 0) writeOut(io, opts.all ? 'No blocks recorded.\n' : 'No active blocks.\n');
  else writeOut(io, blocksTable(views));
  return 0;
}
