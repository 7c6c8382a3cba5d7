/** Pure derivations from the runtime's state and the view state: what the lists show and where. */
import { SEVERITIES, type Alert, type Severity } from '../engine/model/alert.js';
import type { BlockRecord } from '../console/types.js';
import { passesStatusFilter, shownStatus, type StatusFilter } from './alert-status.js';
import { matchesQuery, parseQuery } from './alert-query.js';
import { sortAlerts, type SortOrder } from './alert-sort.js';
import type { Modal, ViewState } from './view-reducer.js';

/** The inputs of the alert list. */
export type ListView = Pick<ViewState, 'severities' | 'search' | 'sort' | 'statusFilter'> & { readonly modal?: Modal };

/** The search the list is filtered by: the text being typed while the search box is open. */
export function activeSearch(view: Pick<ViewState, 'search'> & { readonly modal?: Modal }): string {
  return view.modal?.kind === 'input' && view.modal.purpose === 'search' ? view.modal.draft : view.search;
}

const blockedSets = new WeakMap<readonly BlockRecord[], ReadonlySet<string>>();

/** The IPs blocked right now, as a set (one per block list, shared by every caller). */
export function blockedIpsOf(blocks: readonly BlockRecord[]): ReadonlySet<string> {
  let set = blockedSets.get(blocks);
  if (!set) blockedSets.set(blocks, (set = new Set(blocks.map((b) => b.ip))));
  return set;
}

/** The alert list the analyst sees: status and severity filters, search (live while typing), sort. */
export function selectVisibleAlerts(alerts: readonly Alert[], view: ListView, blockedIps: ReadonlySet<string> = new Set()): Alert[] {
  const allSeverities = view.severities.length === SEVERITIES.length;
  const terms = parseQuery(activeSearch(view));
  const filtered = alerts.filter((a) => {
    if (!allSeverities && !view.severities.includes(a.severity)) return false;
    const blocked = a.ip !== null && blockedIps.has(a.ip);
    if (!passesStatusFilter(shownStatus(a, blocked), view.statusFilter)) return false;
    return matchesQuery(a, terms, blocked);
  });
  return sortAlerts(filtered, view.sort, (a) => shownStatus(a, a.ip !== null && blockedIps.has(a.ip)));
}

export type VisibleAlertsSelector = (alerts: readonly Alert[], view: ListView, blockedIps?: ReadonlySet<string>) => readonly Alert[];

/**
 * `selectVisibleAlerts` remembering its last answer: the same array again (no filtering, no sorting)
 * while the alerts and blocks (by identity), the filters, the sort and the search are unchanged.
 * The render and the key handler share one, so a key press does not sort 5,000 alerts again.
 */
export function createVisibleAlertsSelector(): VisibleAlertsSelector {
  let lastAlerts: readonly Alert[] | null = null;
  let lastBlocked: ReadonlySet<string> | null = null;
  let lastSeverities: readonly Severity[] | null = null;
  let lastStatus: StatusFilter | null = null;
  let lastSort: SortOrder | null = null;
  let lastSearch = '';
  let last: readonly Alert[] = [];
  const none: ReadonlySet<string> = new Set();
  return (alerts, view, blockedIps = none) => {
    const search = activeSearch(view);
    if (
      alerts === lastAlerts &&
      blockedIps === lastBlocked &&
      view.severities === lastSeverities &&
      view.statusFilter === lastStatus &&
      view.sort === lastSort &&
      search === lastSearch
    ) {
      return last;
    }
    last = selectVisibleAlerts(alerts, view, blockedIps);
    lastAlerts = alerts;
    lastBlocked = blockedIps;
    lastSeverities = view.severities;
    lastStatus = view.statusFilter;
    lastSort = view.sort;
    lastSearch = search;
    return last;
  };
}

export interface ResolvedSelection {
  /** Index in the list, or -1 when the list is empty. */
  readonly index: number;
  readonly alert: Alert | null;
}

/**
 * Where the selection is now: the selected alert wherever it moved, or (when it left the list) the
 * alert now at its former index, clamped.
 */
export function resolveSelection(list: readonly Alert[], selectedId: string | null, fallbackIndex: number): ResolvedSelection {
  if (list.length === 0) return { index: -1, alert: null };
  if (selectedId !== null) {
    const i = list.findIndex((a) => a.id === selectedId);
    if (i >= 0) return { index: i, alert: list[i] ?? null };
  }
  const i = Math.max(0, Math.min(list.length - 1, fallbackIndex));
  return { index: i, alert: list[i] ?? null };
}

export interface VisibleWindow {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
  readonly above: number;
  readonly below: number;
}

/**
 * The slice of a list of `total` rows shown in `height` rows: it moves as little as possible from
 * `previousStart` while keeping `selected` in view.
 */
export function visibleWindow(total: number, selected: number, height: number, previousStart: number): VisibleWindow {
  const h = Math.max(1, height);
  if (total <= h) return { start: 0, end: total, above: 0, below: 0 };
  let start = Math.max(0, Math.min(previousStart, total - h));
  if (selected >= 0) {
    if (selected < start) start = selected;
    else if (selected >= start + h) start = selected - h + 1;
  }
  const end = Math.min(total, start + h);
  return { start, end, above: start, below: total - end };
}

/** Severities hidden by the severity filter, highest first. */
export function hiddenSeverities(view: Pick<ViewState, 'severities'>): Severity[] {
  return [...SEVERITIES].reverse().filter((s) => !view.severities.includes(s));
}

/** The block record for an IP, if it is blocked. */
export function findBlock(blocks: readonly BlockRecord[], ip: string): BlockRecord | undefined {
  return blocks.find((b) => b.ip === ip);
}
