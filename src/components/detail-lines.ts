/**
 * The alert detail as a list of one-row lines (so the view can scroll and render only what fits).
 * Every log-derived string is escaped here with `terminalSafe`. A line is either a field (a label in
 * the left column, its value to the right) or a full-width evidence line.
 */
import type { Alert } from '../engine/model/alert.js';
import type { BlockRecord, IpHistory } from '../console/types.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { clockTime, dateTime, shortDuration } from './format/time.js';
import { statusShown } from './format/alert-labels.js';

export type DetailTone = 'muted' | 'plain' | 'intel' | 'blocked' | 'evidence' | 'severity' | 'status';

export interface DetailLine {
  readonly key: string;
  /** The field name, shown in the left column ('' on continuation lines). */
  readonly label: string;
  readonly text: string;
  readonly tone: DetailTone;
  /** Full-width line: no label column; `prefix` (file:line) is shown muted before `text`. */
  readonly full?: boolean;
  readonly prefix?: string;
}

/** Width of the label column, separating space included. */
export const LABEL_WIDTH = 11;

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

/** `text` broken into lines of at most `width`, between words where possible. */
export function wrapWords(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  let line: string[] = [];
  for (const word of text.split(' ')) {
    let chars = [...word];
    const room = line.length === 0 ? w : w - line.length - 1;
    if (chars.length <= room) {
      line.push(...(line.length === 0 ? [] : [' ']), ...chars);
      continue;
    }
    if (line.length > 0 && chars.length <= w) {
      out.push(line.join(''));
      line = [...chars];
      continue;
    }
    // a word longer than a line: fill the current line, then cut
    if (line.length > 0 && room > 0) {
      line.push(' ', ...chars.slice(0, room));
      chars = chars.slice(room);
    }
    if (line.length > 0) out.push(line.join(''));
    while (chars.length > w) {
      out.push(chars.slice(0, w).join(''));
      chars = chars.slice(w);
    }
    line = chars;
  }
  out.push(line.join(''));
  return out;
}

/** Panel lines a detail view of `height` rows shows (the rest of the panel is chrome). */
export function detailVisibleRows(height: number): number {
  return Math.max(1, height - 3);
}

const statusWord = (status: string): string => status.replace('_', ' ');

function field(
  lines: DetailLine[],
  key: string,
  label: string,
  text: string | readonly string[],
  width: number,
  tone: DetailTone = 'plain',
): void {
  const room = width - LABEL_WIDTH;
  const pieces = typeof text === 'string' ? wrapWords(text, room) : wrapList(text, room);
  pieces.forEach((piece, i) => {
    lines.push({ key: `${key}:${i}`, label: i === 0 ? label : '', text: piece, tone });
  });
}

function blockText(alert: Alert, block: BlockRecord | undefined): { text: string; tone: DetailTone } {
  if (block) {
    const until = block.until === null ? 'permanently' : `until ${dateTime(block.until)}`;
    const how = `via ${terminalSafe(block.backend)}${block.simulated ? ' (simulated: nothing changed on this system)' : ''}`;
    const from = block.alertId !== null && block.alertId !== alert.id ? ` — blocked from alert ${terminalSafe(block.alertId)}` : '';
    return { text: `yes, ${until}, ${how}${from}`, tone: 'blocked' };
  }
  if (alert.status === 'blocked') return { text: 'no longer (the block ended); b blocks again', tone: 'muted' };
  return { text: 'no (b blocks it)', tone: 'muted' };
}

function when(alert: Alert): string {
  const first = Date.parse(alert.firstSeen);
  const last = Date.parse(alert.lastSeen);
  if (Number.isNaN(first) || Number.isNaN(last)) return `${dateTime(alert.firstSeen)} → ${dateTime(alert.lastSeen)}`;
  const sameDay = dateTime(first).slice(0, 10) === dateTime(last).slice(0, 10);
  return `${dateTime(first)} → ${sameDay ? clockTime(last) : dateTime(last)} (${shortDuration(last - first)})`;
}

/** Where the detail finds the IP's other alerts and blocks. */
export interface IpContextSource {
  /** The alerts the console holds. */
  readonly alerts: readonly Alert[];
  /** The blocks in force. */
  readonly blocks: readonly BlockRecord[];
  /** The store's whole history of an IP, when the runtime offers it. */
  readonly history?: (ip: string) => IpHistory;
}

const MAX_CONTEXT_USERS = 40;
const MAX_OTHER_ALERTS = 6;

/** The "This IP" lines: every alert and block of the IP, its first and last seen, the users it tried. */
function ipContext(lines: DetailLine[], alert: Alert, source: IpContextSource, width: number): void {
  const history = alert.ip === null ? undefined : source.history?.(alert.ip);
  const alerts = history ? history.alerts : source.alerts.filter((a) => a.ip === alert.ip);
  const blocks = history ? history.blocks : source.blocks.filter((b) => b.ip === alert.ip);
  const all = alerts.some((a) => a.id === alert.id) ? alerts : [alert, ...alerts];
  const first = all.reduce((m, a) => (a.firstSeen < m ? a.firstSeen : m), alert.firstSeen);
  const last = all.reduce((m, a) => (a.lastSeen > m ? a.lastSeen : m), alert.lastSeen);
  // without the runtime's history: what the console holds, said as such
  const where = history ? 'in the store' : 'in memory';
  field(lines, 'ipctx', 'This IP', `${all.length} ${all.length === 1 ? 'alert' : 'alerts'} ${where}; first seen ${dateTime(first)}, last seen ${dateTime(last)}`, width);
  const users = [...new Set(all.flatMap((a) => a.users))];
  const shown = users.slice(0, MAX_CONTEXT_USERS).map(terminalSafe);
  if (users.length > shown.length) shown.push(`+${users.length - shown.length} more`);
  field(lines, 'ipusers', `Tried (${users.length})`, shown.length ? shown : '-', width);
  const others = all.filter((a) => a.id !== alert.id).sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : -1));
  others.slice(0, MAX_OTHER_ALERTS).forEach((a, i) => {
    const text = `${dateTime(a.lastSeen)}  ${a.severity} ${terminalSafe(a.rule)} ×${a.count}  ${statusWord(a.status)}`;
    field(lines, `ipalert${i}`, i === 0 ? 'Its alerts' : '', text, width, 'muted');
  });
  if (others.length > MAX_OTHER_ALERTS) field(lines, 'ipalertmore', '', `+${others.length - MAX_OTHER_ALERTS} older alerts`, width, 'muted');
  if (blocks.length === 0) field(lines, 'ipblocks', 'Its blocks', 'never blocked', width, 'muted');
  blocks.forEach((b, i) => {
    const until = b.until === null ? 'permanent' : `until ${dateTime(b.until)}`;
    field(lines, `ipblock${i}`, i === 0 ? 'Its blocks' : '', `${dateTime(b.at)}, ${until}, via ${terminalSafe(b.backend)}${b.simulated ? ' (simulated)' : ''}`, width, 'muted');
  });
}

export function buildDetailLines(alert: Alert, block: BlockRecord | undefined, width: number, context?: IpContextSource): DetailLine[] {
  const lines: DetailLine[] = [];
  const known = alert.flags.includes('KNOWN_THREAT') ? ' · known threat' : '';
  const unit = alert.rule === 'TRAFFIC_SPIKE' ? 'bytes' : alert.count === 1 ? 'attempt' : 'attempts';
  field(lines, 'severity', 'Severity', `${alert.severity} · ${alert.count} ${unit}${known}`, width, 'severity');
  if (alert.subject.kind !== 'ip') field(lines, 'subject', 'Subject', `${alert.subject.kind} ${terminalSafe(alert.subject.value)}`, width);
  // the status the list shows: `blocked` while the IP is blocked, whichever alert blocked it
  field(lines, 'status', 'Status', statusWord(statusShown(alert, block !== undefined).label), width, 'status');
  const blocked = blockText(alert, block);
  field(lines, 'block', 'Blocked', blocked.text, width, blocked.tone);
  field(lines, 'summary', 'Summary', terminalSafe(alert.summary), width);
  field(lines, 'when', 'When', when(alert), width);
  field(lines, 'hosts', 'Hosts', alert.hosts.length ? alert.hosts.map(terminalSafe) : '-', width);
  field(lines, 'users', `Users (${alert.users.length})`, alert.users.length ? alert.users.map(terminalSafe) : '-', width);
  // The rule's own facts: ports hit, bytes against the baseline, users sprayed, the IPs of a
  // distributed attack, the failures before a login…
  const facts = Object.entries(alert.facts ?? {});
  facts.forEach(([k, v], i) => {
    const shown = Array.isArray(v) ? (v.length > 40 ? [...v.slice(0, 40).map(String), `… ${v.length - 40} more`] : v.map(String)) : [String(v)];
    field(lines, `fact${i}`, i === 0 ? 'Facts' : '', `${terminalSafe(k)}: ${shown.map(terminalSafe).join(', ')}`, width);
  });
  const flags = alert.flags.filter((f) => f !== 'KNOWN_THREAT');
  if (flags.length) field(lines, 'flags', 'Flags', flags.map(terminalSafe), width, 'intel');
  if (alert.intel.length === 0) field(lines, 'intel', 'Intel', 'no threat-intel match', width, 'muted');
  alert.intel.forEach((m, i) => {
    const reason = m.reason ? ` — ${terminalSafe(m.reason)}` : '';
    const source = m.source ? ` [${terminalSafe(m.source)}]` : '';
    field(lines, `intel${i}`, i === 0 ? 'Intel' : '', `${terminalSafe(m.entry)} in ${terminalSafe(m.file)}${reason}${source}`, width, 'intel');
  });
  if (context) ipContext(lines, alert, context, width);
  alert.history.forEach((h, i) => {
    const note = h.note ? ` — ${terminalSafe(h.note)}` : '';
    field(lines, `hist${i}`, i === 0 ? 'History' : '', `${dateTime(h.at)}  ${statusWord(h.status)}${note}`, width, 'muted');
  });
  const n = alert.evidence.length;
  field(lines, 'evidence', 'Evidence', n === 0 ? 'none kept' : `${n} raw log ${n === 1 ? 'line' : 'lines'} (file:line, then the line as logged)`, width, 'muted');
  alert.evidence.forEach((e, i) => {
    const prefix = `${terminalSafe(e.file)}:${e.line}  `;
    const room = Math.max(8, width - 3);
    const pieces = wrapWords(`${prefix}${terminalSafe(e.text)}`, room);
    pieces.forEach((piece, j) => {
      const head = j === 0 ? [...piece].slice(0, [...prefix].length).join('') : '';
      const text = j === 0 ? [...piece].slice([...prefix].length).join('') : piece;
      lines.push({ key: `ev${i}:${j}`, label: '', text, tone: 'evidence', full: true, prefix: j === 0 ? ` ${head}` : '   ' });
    });
  });
  field(lines, 'id', 'Alert ID', terminalSafe(alert.id), width, 'muted');
  return lines;
}

/** How many lines the detail view has for an alert in a panel `width` wide (for scroll limits). */
export function detailLineCount(alert: Alert | null, block: BlockRecord | undefined, width: number, context?: IpContextSource): number {
  return alert ? buildDetailLines(alert, block, width - 4, context).length : 0;
}
