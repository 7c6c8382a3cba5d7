/** Pure derivations from the engine snapshot and the view state: what the list shows and where. */
import { SEVERITIES, type Alert, type Severity } from '../engine/model/alert.js';
import type { Counters } from '../engine/snapshot/types.js';
import type { BlockRecord } from '../console/types.js';
import type { Modal, SortMode, ViewState } from './view-reducer.js';

const RANK: Record<Severity, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };

/** True when the alert matches a search (case-insensitive) on IP, rule, summary or a user tried. */
export function matchesSearch(alert: Alert, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (q === '') return true;
  if ((alert.ip ?? alert.subject.value).toLowerCase().includes(q)) return true;
  if (alert.rule.toLowerCase().includes(q)) return true;
  if (alert.summary.toLowerCase().includes(q)) return true;
  return alert.users.some((u) => u.toLowerCase().includes(q));
}

function byNewest(a: Alert, b: Alert): number {
  return a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0;
}

/** Alerts sorted: newest `lastSeen` first, or by severity (highest first) then newest. Stable. */
export function sortAlerts(alerts: readonly Alert[], sort: SortMode): Alert[] {
  const copy = [...alerts];
  if (sort === 'severity') copy.sort((a, b) => RANK[b.severity] - RANK[a.severity] || byNewest(a, b));
  else copy.sort(byNewest);
  return copy;
}

/** The search the list is filtered by: the text being typed while the search box is open. */
export function activeSearch(view: Pick<ViewState, 'search'> & { readonly modal?: Modal }): string {
  return view.modal?.kind === 'search' ? view.modal.draft : view.search;
}

/** The alert list the user sees: severity filters, search (live while typing), then sort. */
export function selectVisibleAlerts(
  alerts: readonly Alert[],
  view: Pick<ViewState, 'severities' | 'search' | 'sort'> & { readonly modal?: Modal },
): Alert[] {
  const allSeverities = view.severities.length === SEVERITIES.length;
  const search = activeSearch(view);
  const filtered = alerts.filter(
    (a) => (allSeverities || view.severities.includes(a.severity)) && matchesSearch(a, search),
  );
  return sortAlerts(filtered, view.sort);
}

export type VisibleAlertsSelector = (
  alerts: readonly Alert[],
  view: Pick<ViewState, 'severities' | 'search' | 'sort'> & { readonly modal?: Modal },
) => readonly Alert[];

/**
 * `selectVisibleAlerts` remembering its last answer: the same array again (no filtering, no sorting)
 * while the engine's alert list (by identity), the severities, the sort and the search are unchanged.
 * The render and the key handler share one, so a key press does not sort 5,000 alerts again.
 */
export function createVisibleAlertsSelector(): VisibleAlertsSelector {
  let lastAlerts: readonly Alert[] | null = null;
  let lastSeverities: readonly Severity[] | null = null;
  let lastSort: SortMode | null = null;
  let lastSearch = '';
  let last: readonly Alert[] = [];
  return (alerts, view) => {
    const search = activeSearch(view);
    if (alerts === lastAlerts && view.severities === lastSeverities && view.sort === lastSort && search === lastSearch) return last;
    last = selectVisibleAlerts(alerts, view);
    lastAlerts = alerts;
    lastSeverities = view.severities;
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
export function resolveSelection(
  list: readonly Alert[],
  selectedId: string | null,
  fallbackIndex: number,
): ResolvedSelection {
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

/** Alerts still needing attention (status new or acknowledged), from the engine's counters. */
export function openAlertCount(counters: Counters): number {
  return (counters.alertsByStatus.new ?? 0) + (counters.alertsByStatus.acknowledged ?? 0);
}

/** Severities hidden by the 1-4 filters, highest first. */
export function hiddenSeverities(view: Pick<ViewState, 'severities'>): Severity[] {
  return [...SEVERITIES].reverse().filter((s) => !view.severities.includes(s));
}

/** The block record for an IP, if it is blocked. */
export function findBlock(blocks: readonly BlockRecord[], ip: string): BlockRecord | undefined {
  return blocks.find((b) => b.ip === ip);
}
