/**
 * The alert detail as a list of one-row lines (so the view can scroll and render only what fits).
 * Every log-derived string is escaped here with `terminalSafe`.
 */
import type { Alert } from '../engine/model/alert.js';
import type { BlockRecord } from '../console/types.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { dateTime, shortDuration } from './format/time.js';


export type DetailTone = 'heading' | 'muted' | 'plain' | 'intel' | 'blocked' | 'evidence';

export interface DetailLine {
  readonly key: string;
  readonly label: string;
  readonly text: string;
  readonly tone: DetailTone;
}

/** Items joined with ", " into lines of at most `width`, breaking between items where possible. */
export function wrapList(items: readonly string[], width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  let line = '';
  for (const [i, item] of items.entries()) {
    const piece = i < items.length - 1 ? `${item}, ` : item;
    if (line !== '' && [...line].length + [...piece.trimEnd()].length > w) {
      out.push(line.trimEnd());
      line = '';
    }
    line += piece;
    while ([...line].length > w) {
      out.push([...line].slice(0, w).join(''));
      line = [...line].slice(w).join('');
    }
  }
  if (line !== '' || out.length === 0) out.push(line.trimEnd());
  return out;
}

/** `text` cut into pieces of at most `width` characters. */
export function chunk(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const chars = [...text];
  if (chars.length === 0) return [''];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += w) out.push(chars.slice(i, i + w).join(''));
  return out;
}

const LABEL = 11;

const statusWord = (status: string): string => status.replace('_', ' ');

function add(
  lines: DetailLine[],
  key: string,
  label: string,
  text: string | readonly string[],
  width: number,
  tone: DetailTone = 'plain',
): void {
  const pieces = typeof text === 'string' ? chunk(text, width - LABEL) : wrapList(text, width - LABEL);
  pieces.forEach((piece, i) => {
    lines.push({ key: `${key}:${i}`, label: i === 0 ? label : '', text: piece, tone });
  });
}

export function buildDetailLines(alert: Alert, block: BlockRecord | undefined, width: number): DetailLine[] {
  const lines: DetailLine[] = [];
  add(lines, 'summary', 'Summary', terminalSafe(alert.summary), width);
  const first = Date.parse(alert.firstSeen);
  const last = Date.parse(alert.lastSeen);
  const span = Number.isNaN(first) || Number.isNaN(last) ? '' : ` (${shortDuration(last - first)})`;
  add(lines, 'timeline', 'Timeline', `${dateTime(alert.firstSeen)} → ${dateTime(alert.lastSeen)}${span}, count ${alert.count}`, width);
  add(lines, 'status', 'Status', statusWord(alert.status), width);
  if (block) {
    const until = block.until === null ? 'permanently' : `until ${dateTime(block.until)}`;
    add(lines, 'block', 'Blocked', `yes, ${until} via ${terminalSafe(block.backend)}${block.simulated ? ' (simulated)' : ''}`, width, 'blocked');
  } else {
    add(lines, 'block', 'Blocked', 'no', width, 'muted');
  }
  add(lines, 'hosts', 'Hosts', alert.hosts.length ? alert.hosts.map(terminalSafe) : '-', width);
  add(lines, 'users', `Users (${alert.users.length})`, alert.users.length ? alert.users.map(terminalSafe) : '-', width);
  if (alert.flags.length) add(lines, 'flags', 'Flags', alert.flags.map(terminalSafe), width, 'intel');
  if (alert.intel.length === 0) add(lines, 'intel', 'Intel', 'no threat-intel match', width, 'muted');
  alert.intel.forEach((m, i) => {
    const reason = m.reason ? ` — ${terminalSafe(m.reason)}` : '';
    const source = m.source ? ` [${terminalSafe(m.source)}]` : '';
    add(lines, `intel${i}`, i === 0 ? 'Intel' : '', `${terminalSafe(m.file)}: ${terminalSafe(m.entry)}${reason}${source}`, width, 'intel');
  });
  lines.push({ key: 'h-history', label: '', text: 'Status history', tone: 'heading' });
  alert.history.forEach((h, i) => {
    const note = h.note ? ` — ${terminalSafe(h.note)}` : '';
    add(lines, `hist${i}`, '', `${dateTime(h.at)}  ${statusWord(h.status)}${note}`, width, 'muted');
  });
  lines.push({ key: 'h-evidence', label: '', text: `Evidence (${alert.evidence.length} ${alert.evidence.length === 1 ? 'line' : 'lines'}, file:line)`, tone: 'heading' });
  alert.evidence.forEach((e, i) => {
    add(lines, `ev${i}`, '', `${terminalSafe(e.file)}:${e.line}  ${terminalSafe(e.text)}`, width, 'evidence');
  });
  return lines;
}

/** How many lines the detail view has for an alert in a panel `width` wide (for scroll limits). */
export function detailLineCount(alert: Alert | null, block: BlockRecord | undefined, width: number): number {
  return alert ? buildDetailLines(alert, block, width - 4).length : 0;
}
