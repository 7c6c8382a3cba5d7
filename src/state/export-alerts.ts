/**
 * The alerts the list shows, as a file for a report or a ticket: JSON (the alerts as the store has
 * them, with the status the console shows) or CSV (one row per alert). Pure: the alerts and the
 * blocked IPs in, the file's text out.
 */
import type { Alert } from '../engine/model/alert.js';
import { shownStatus } from './alert-status.js';

export type ExportFormat = 'json' | 'csv';

/** The format a path asks for: `.csv` → CSV, anything else JSON. */
export function formatOfPath(path: string): ExportFormat {
  return /\.csv$/i.test(path) ? 'csv' : 'json';
}

/** `threatwatch-alerts-20240310-120000.json`: the default file name, local time. */
export function defaultExportName(now: number, format: ExportFormat = 'json'): string {
  const d = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
  return `threatwatch-alerts-${stamp}.${format}`;
}

export const CSV_COLUMNS = ['id', 'rule', 'severity', 'status', 'ip', 'firstSeen', 'lastSeen', 'count', 'users', 'hosts', 'intel', 'flags', 'summary'] as const;

/**
 * One CSV cell (RFC 4180 quoting). User names and summaries are attacker-controlled: a cell that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'`.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function alertsToCsv(alerts: readonly Alert[], blockedIps: ReadonlySet<string>): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const a of alerts) {
    const cells: Array<string | number> = [
      a.id,
      a.rule,
      a.severity,
      shownStatus(a, a.ip !== null && blockedIps.has(a.ip)),
      a.ip ?? '',
      a.firstSeen,
      a.lastSeen,
      a.count,
      a.users.join(' '),
      a.hosts.join(' '),
      a.intel.map((i) => i.entry).join(' '),
      a.flags.join(' '),
      a.summary,
    ];
    rows.push(cells.map(csvCell).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}

export function alertsToJson(alerts: readonly Alert[], blockedIps: ReadonlySet<string>): string {
  return JSON.stringify(
    alerts.map((a) => ({ ...a, shownStatus: shownStatus(a, a.ip !== null && blockedIps.has(a.ip)) })),
    null,
    2,
  ) + '\n';
}

export function exportText(alerts: readonly Alert[], blockedIps: ReadonlySet<string>, format: ExportFormat): string {
  return format === 'csv' ? alertsToCsv(alerts, blockedIps) : alertsToJson(alerts, blockedIps);
}
