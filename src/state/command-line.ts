/**
 * The `:` command line, k9s-style: a view by name (`:alerts`, `:events`, `:blocks`, `:diag`,
 * `:hosts`), a host's alerts (`:host web1`), and the filters, sort and export in words. Pure: the
 * text in, what to do out.
 */
import { SEVERITIES, type Severity } from '../engine/model/alert.js';
import { STATUS_FILTERS, type StatusFilter } from './alert-status.js';
import { FIRST_DIRECTION, type SortColumn, type SortOrder } from './alert-sort.js';
import type { ViewName } from './view-reducer.js';

export type LineCommand =
  | { readonly kind: 'view'; readonly view: ViewName }
  | { readonly kind: 'events'; readonly ip: string | null }
  | { readonly kind: 'host'; readonly host: string }
  | { readonly kind: 'severity'; readonly severities: readonly Severity[] }
  | { readonly kind: 'status'; readonly filter: StatusFilter }
  | { readonly kind: 'sort'; readonly order: SortOrder }
  | { readonly kind: 'export'; readonly path: string | null }
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' };

export type ParsedLine = LineCommand | { readonly kind: 'error'; readonly message: string };

/** What the help lists under "Commands". */
export const LINE_COMMANDS: readonly { readonly usage: string; readonly meaning: string }[] = [
  { usage: ':alerts :events :blocks', meaning: 'a view (also :a :e :b)' },
  { usage: ':diag :hosts', meaning: 'diagnostics; hosts, when several report' },
  { usage: ':events 203.0.113.5', meaning: 'the event log of one IP' },
  { usage: ':host web1', meaning: "one host's alerts (a search host:web1)" },
  { usage: ':sev high,critical', meaning: 'severities shown (:sev all, :sev medium+)' },
  { usage: ':status all', meaning: 'statuses shown: open, all, closed' },
  { usage: ':sort count [asc|desc]', meaning: 'sort: seen sev rule ip count intel status' },
  { usage: ':export [FILE]', meaning: 'the alerts shown to FILE (.json, .csv)' },
  { usage: ':help :q', meaning: 'this help; quit' },
];

const VIEWS: Record<string, ViewName> = {
  a: 'alerts',
  alert: 'alerts',
  alerts: 'alerts',
  b: 'blocks',
  block: 'blocks',
  blocks: 'blocks',
  d: 'diagnostics',
  diag: 'diagnostics',
  diags: 'diagnostics',
  diagnostics: 'diagnostics',
  h: 'hosts',
  hosts: 'hosts',
};

const SORT_COLUMNS: Record<string, SortColumn> = {
  seen: 'lastSeen',
  last: 'lastSeen',
  lastseen: 'lastSeen',
  time: 'lastSeen',
  sev: 'severity',
  severity: 'severity',
  rule: 'rule',
  ip: 'ip',
  count: 'count',
  intel: 'intel',
  status: 'status',
};

function severities(arg: string): Severity[] | null {
  const a = arg.toLowerCase();
  if (a === 'all' || a === '') return [...SEVERITIES];
  const find = (w: string) => SEVERITIES.find((s) => s.toLowerCase().startsWith(w) && w.length > 0);
  if (a.endsWith('+')) {
    const from = find(a.slice(0, -1));
    return from ? SEVERITIES.slice(SEVERITIES.indexOf(from)) : null;
  }
  const out: Severity[] = [];
  for (const w of a.split(/[,\s]+/).filter(Boolean)) {
    const s = find(w);
    if (!s) return null;
    if (!out.includes(s)) out.push(s);
  }
  return out.length > 0 ? out : null;
}

/** What a command line means. */
export function parseCommandLine(text: string): ParsedLine {
  const line = text.trim().replace(/^:/, '').trim();
  const space = line.search(/\s/);
  const name = (space === -1 ? line : line.slice(0, space)).toLowerCase();
  const arg = space === -1 ? '' : line.slice(space + 1).trim();
  if (name === '') return { kind: 'error', message: 'Type a command: :alerts, :events, :blocks, :diag, :hosts (:help lists them all).' };
  const view = VIEWS[name];
  if (view) return { kind: 'view', view };
  switch (name) {
    case 'e':
    case 'ev':
    case 'event':
    case 'events':
      return { kind: 'events', ip: arg === '' ? null : arg };
    case 'host':
      return arg === '' ? { kind: 'view', view: 'hosts' } : { kind: 'host', host: arg };
    case 'sev':
    case 'severity':
    case 'severities': {
      const s = severities(arg);
      return s ? { kind: 'severity', severities: s } : { kind: 'error', message: `Unknown severity "${arg}": low, medium, high, critical, all, high+.` };
    }
    case 'status': {
      const f = STATUS_FILTERS.find((x) => x === arg.toLowerCase());
      return f ? { kind: 'status', filter: f } : { kind: 'error', message: `Status filter: ${STATUS_FILTERS.join(', ')}.` };
    }
    case 'sort': {
      const [col = '', dir = ''] = arg.toLowerCase().split(/\s+/);
      const column = SORT_COLUMNS[col];
      if (!column) return { kind: 'error', message: 'Sort by: seen, sev, rule, ip, count, intel, status (then asc or desc).' };
      const descending = dir === 'asc' ? false : dir === 'desc' ? true : FIRST_DIRECTION[column];
      return { kind: 'sort', order: { column, descending } };
    }
    case 'export':
    case 'x':
    case 'w':
      return { kind: 'export', path: arg === '' ? null : arg };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'q':
    case 'quit':
    case 'q!':
      return { kind: 'quit' };
    default:
      return { kind: 'error', message: `Unknown command :${name} (:help lists the commands).` };
  }
}
