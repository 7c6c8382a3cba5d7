/**
 * The mail sink's messages, as `sendmail -t` reads them (RFC 5322, LF line ends): headers, a blank
 * line, a plain UTF-8 body. Pure: no I/O, the date is an argument.
 *
 * Header injection is impossible by construction: every header value is built from validated
 * addresses or from text passed through `headerText` (control characters escaped by
 * `terminalSafe`, then any CR or LF that could remain removed), and non-ASCII subjects are RFC 2047
 * encoded words. In the body, attacker text (user names, evidence lines, the subject) is escaped the
 * same way and every line is cut to `maxLineLength`, so no line can end early or exceed SMTP's 998.
 */
import type { Alert } from '../../engine/model/alert.js';
import { terminalSafe, terminalSafeTruncate } from '../../engine/text/terminal-safe.js';
import { blockCommand } from './block-command.js';

export interface MessageOptions {
  readonly to: readonly string[];
  readonly from: string | null;
  readonly subjectPrefix: string;
  /** Evidence lines shown per alert. */
  readonly maxEvidenceLines: number;
  /** Any body line longer than this is cut (characters). */
  readonly maxLineLength: number;
}

/** Text fit for a header value: one line, control characters escaped, cut to `max`. */
export function headerText(text: string, max: number): string {
  return terminalSafeTruncate(text, max).replace(/[\r\n]+/g, ' ');
}

// 52 base64 characters: a 64-character word, so even "Subject: " and the first word fit in 76.
const MAX_WORD_BYTES = 39;

/** The value as is when it is printable ASCII, else RFC 2047 `=?UTF-8?B?…?=` words, folded. */
export function encodeHeaderValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const ch of value) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > MAX_WORD_BYTES) {
      words.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += n;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\n ');
}

/** `Fri, 27 Nov 2026 16:21:31 +0000`. */
export function mailDate(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

function headers(opts: MessageOptions, subject: string, nowMs: number): string[] {
  const out: string[] = [];
  if (opts.from !== null) out.push(`From: threatwatch-tui <${opts.from}>`);
  out.push(`To: ${opts.to.join(', ')}`);
  out.push(`Subject: ${encodeHeaderValue(headerText(subject, 200))}`);
  out.push(`Date: ${mailDate(nowMs)}`);
  out.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', 'Auto-Submitted: auto-generated');
  // Belt and braces: whatever a header was built from, it stays on its line (folds start with a space).
  return out.map((h) => h.replace(/\r/g, '').replace(/\n(?! )/g, ' '));
}

/** Wraps `text` at spaces into lines of at most `width` (longer words are split). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    while (w.length > width) {
      if (line !== '') lines.push(line);
      lines.push(w.slice(0, width));
      w = w.slice(width);
      line = '';
    }
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `[threatwatch] HIGH BRUTE_FORCE 203.0.113.45`. */
export function alertSubject(prefix: string, alert: Alert): string {
  return `${prefix} ${alert.severity} ${alert.rule} ${headerText(alert.subject.value, 80)}`.trim();
}

/** The lines about one alert: summary, facts, users, evidence and the block command. */
export function alertSection(alert: Alert, opts: Pick<MessageOptions, 'maxEvidenceLines' | 'maxLineLength'>): string[] {
  const max = opts.maxLineLength;
  const cut = (s: string): string => terminalSafeTruncate(s, max);
  const lines = wrap(terminalSafeTruncate(alert.summary, 2000), Math.min(76, max));
  lines.push('');
  lines.push(cut(`Alert:      ${alert.id}`));
  lines.push(cut(`Severity:   ${alert.severity}`), cut(`Rule:       ${alert.rule}`), cut(`Subject:    ${alert.subject.kind} ${alert.subject.value}`));
  lines.push(cut(`First seen: ${alert.firstSeen}`), cut(`Last seen:  ${alert.lastSeen}`), `Events:     ${alert.count}`);
  if (alert.hosts.length > 0) lines.push(cut(`Hosts:      ${alert.hosts.map(terminalSafe).join(', ')}`));
  if (alert.users.length > 0) lines.push(cut(`Users:      ${alert.users.map((u) => terminalSafeTruncate(u, 64)).join(', ')}`));
  if (alert.flags.length > 0) lines.push(cut(`Flags:      ${alert.flags.join(', ')}`));
  for (const m of alert.intel.slice(0, 5)) lines.push(cut(`Intel:      ${m.file}: ${m.entry}${m.reason ? ` (${m.reason})` : ''}`));
  const evidence = alert.evidence.slice(0, opts.maxEvidenceLines);
  if (evidence.length > 0) {
    lines.push('', `Evidence (${evidence.length} of ${alert.evidence.length} kept lines; the log's own text, escaped):`);
    for (const e of evidence) lines.push(cut(`  ${terminalSafe(e.file)}:${e.line}  ${terminalSafe(e.text)}`));
  }
  const cmd = blockCommand(alert);
  if (cmd !== null) lines.push('', 'To block this address:', `  ${cmd}`);
  return lines;
}

function message(opts: MessageOptions, subject: string, body: readonly string[], nowMs: number): string {
  const text = body.map((l) => l.replace(/[\r\n]/g, ' ')).join('\n');
  return `${headers(opts, subject, nowMs).join('\n')}\n\n${text}\n\n-- \nthreatwatch-tui\n`;
}

/** One message about one alert. */
export function alertMessage(opts: MessageOptions, alert: Alert, nowMs: number): string {
  return message(opts, alertSubject(opts.subjectPrefix, alert), alertSection(alert, opts), nowMs);
}

/** One message about several alerts: a line each, then each one in full. `dropped` were left out (queue full). */
export function digestMessage(opts: MessageOptions, alerts: readonly Alert[], dropped: number, nowMs: number): string {
  const bySeverity = new Map<string, number>();
  for (const a of alerts) bySeverity.set(a.severity, (bySeverity.get(a.severity) ?? 0) + 1);
  const counts = [...bySeverity].map(([s, n]) => `${n} ${s}`).join(', ');
  const total = alerts.length + dropped;
  const subject = `${opts.subjectPrefix} ${total} alert${total === 1 ? '' : 's'}: ${counts}`.trim();
  const body: string[] = [`${total} new alert${total === 1 ? '' : 's'}:`, ''];
  for (const a of alerts) body.push(terminalSafeTruncate(`  ${a.severity} ${a.rule} ${terminalSafe(a.subject.value)}: ${terminalSafe(a.summary)}`, opts.maxLineLength));
  if (dropped > 0) body.push(`  … and ${dropped} earlier alert(s) not listed (the digest keeps the latest ${alerts.length})`);
  for (const a of alerts) body.push('', '='.repeat(72), terminalSafeTruncate(`${a.severity} ${a.rule} ${terminalSafe(a.subject.value)}`, opts.maxLineLength), '', ...alertSection(a, opts));
  return message(opts, subject, body, nowMs);
}
