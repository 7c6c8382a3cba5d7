/**
 * The event log view, lnav-style: it follows the newest events until the analyst pauses it or
 * scrolls back, then holds still (a frozen copy of the bounded buffer, so lines do not slide away
 * while read); `G` returns to the live tail. It can be filtered to one IP or to a set of users, and
 * searched (`/`, `n` newer, `N` older). Pure: the events are inputs.
 */
import type { FeedItem } from '../engine/snapshot/types.js';
import { terminalSafeTruncate } from '../engine/text/terminal-safe.js';

export type LogFilter =
  | { readonly kind: 'ip'; readonly ip: string }
  | { readonly kind: 'users'; readonly users: readonly string[] }
  /** The events of one host (a fleet: `:host NAME`, Enter in the hosts view). */
  | { readonly kind: 'host'; readonly host: string };

export interface LogState {
  /** The events as they were when paused, or null while following the live tail. */
  readonly frozen: readonly FeedItem[] | null;
  /** Lines scrolled back from the newest (0: the newest line is at the bottom). */
  readonly offset: number;
  readonly filter: LogFilter | null;
  /** The applied search ('' for none). */
  readonly search: string;
  /** The event (`seq`) the search is on, or null. */
  readonly match: number | null;
}

export const initialLog: LogState = { frozen: null, offset: 0, filter: null, search: '', match: null };

/** The filter in words (`IP 203.0.113.5`, `users root, admin`). */
export function filterText(filter: LogFilter): string {
  if (filter.kind === 'ip') return `IP ${filter.ip}`;
  if (filter.kind === 'host') return `host ${terminalSafeTruncate(filter.host, 30)}`;
  const shown = filter.users.slice(0, 3).join(', ');
  return `user${filter.users.length === 1 ? '' : 's'} ${shown}${filter.users.length > 3 ? ` +${filter.users.length - 3}` : ''}`;
}

export function passesFilter(item: FeedItem, filter: LogFilter | null): boolean {
  if (filter === null) return true;
  if (filter.kind === 'ip') return item.ip === filter.ip;
  if (filter.kind === 'host') return item.host === filter.host;
  return item.user !== null && filter.users.includes(item.user);
}

/** The events the log lists: oldest first, filtered. */
export function logItems(events: readonly FeedItem[], filter: LogFilter | null): readonly FeedItem[] {
  return filter === null ? events : events.filter((e) => passesFilter(e, filter));
}

/** True when the search text appears in the event (IP, user, host, type, method, program). */
export function matchesLogSearch(item: FeedItem, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (q === '') return false;
  const fields = [item.ip, item.rhost, item.user, item.host, item.type, item.method, item.program];
  return fields.some((f) => f !== null && f.toLowerCase().includes(q)) || (item.dport !== null && `port ${item.dport}`.includes(q));
}

export interface LogWindow {
  /** First index shown. */
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  /** The offset, clamped to the list. */
  readonly offset: number;
}

/** The rows shown: `rows` lines ending `offset` lines above the newest. */
export function logWindow(total: number, rows: number, offset: number): LogWindow {
  const max = Math.max(0, total - rows);
  const o = Math.max(0, Math.min(offset, max));
  const end = total - o;
  return { start: Math.max(0, end - rows), end, offset: o };
}

/**
 * The next match from the event `from` (exclusive; null: from the bottom of the view), `newer`
 * going down, else up. Wraps around; null when nothing matches.
 */
export function findMatch(
  items: readonly FeedItem[],
  search: string,
  from: number | null,
  newer: boolean,
  bottom: number,
): { index: number; wrapped: boolean } | null {
  const n = items.length;
  if (n === 0 || search.trim() === '') return null;
  const fromIndex = from === null ? -1 : items.findIndex((i) => i.seq === from);
  // the first index to test, and whether a start at the bottom of the view includes that line
  let start: number;
  if (fromIndex >= 0) start = newer ? fromIndex + 1 : fromIndex - 1;
  else start = Math.min(n - 1, Math.max(0, bottom));
  for (let k = 0; k < n; k++) {
    const raw = newer ? start + k : start - k;
    const i = ((raw % n) + n) % n;
    if (matchesLogSearch(items[i]!, search)) return { index: i, wrapped: newer ? raw >= n : raw < 0 };
  }
  return null;
}

/** The offset that brings `index` into a view of `rows` lines, moving as little as possible. */
export function offsetShowing(total: number, rows: number, offset: number, index: number): number {
  const win = logWindow(total, rows, offset);
  if (index >= win.start && index < win.end) return win.offset;
  if (index < win.start) return Math.max(0, total - index - rows);
  return Math.max(0, total - index - 1);
}
