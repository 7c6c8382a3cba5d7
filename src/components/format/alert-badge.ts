/** The alert list's title details: what is new, what is marked, and how the list is filtered and sorted. */
import { SEVERITIES } from '../../engine/model/alert.js';
import { terminalSafeTruncate } from '../../engine/text/terminal-safe.js';
import { SORT_NAME } from '../../state/alert-sort.js';
import { activeSearch, hiddenSeverities } from '../../state/selectors.js';
import type { ViewState } from '../../state/view-reducer.js';

const STATUS_TEXT = { open: 'open', all: 'all statuses', closed: 'closed' } as const;

export function severityText(view: Pick<ViewState, 'severities'>): string {
  const hidden = hiddenSeverities(view);
  if (hidden.length === 0) return 'all severities';
  if (hidden.length === SEVERITIES.length) return 'all severities hidden';
  const shown = SEVERITIES.filter((s) => view.severities.includes(s));
  // a threshold reads better as one: HIGH+
  const from = SEVERITIES.indexOf(shown[0]!);
  if (shown.length === SEVERITIES.length - from) return `${shown[0]}+`;
  return shown.join(' ');
}

export function sortText(view: Pick<ViewState, 'sort'>): string {
  if (view.sort.column === 'lastSeen') return view.sort.descending ? 'newest first' : 'oldest first';
  return `by ${SORT_NAME[view.sort.column]} ${view.sort.descending ? '↓' : '↑'}`;
}

export function alertBadge(view: ViewState, unseen: number): string {
  const parts: string[] = [];
  if (unseen > 0) parts.push(`${unseen} new ↑`);
  if (view.marked.size > 0) parts.push(`${view.marked.size} marked`);
  parts.push(STATUS_TEXT[view.statusFilter], sortText(view), severityText(view));
  const text = activeSearch(view);
  if (text) parts.push(`search "${terminalSafeTruncate(text, 20)}"`);
  return parts.join(' · ');
}
