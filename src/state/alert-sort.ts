/**
 * Sorting the alert list by any column, k9s-style: a key per column (the column's letter, shifted),
 * the same key again reverses. Each column starts in the order an analyst reads it first: newest,
 * most severe, most attempts, known threats first; rule, IP and status from A to Z. Ties are broken
 * by the newest, so the order is stable as alerts grow.
 */
import type { Alert, Severity } from '../engine/model/alert.js';
import type { ShownStatus } from './alert-status.js';

export type SortColumn = 'lastSeen' | 'severity' | 'rule' | 'ip' | 'count' | 'intel' | 'status';

export interface SortOrder {
  readonly column: SortColumn;
  /** Highest / newest / Z first. */
  readonly descending: boolean;
}

export const DEFAULT_SORT: SortOrder = { column: 'lastSeen', descending: true };

/** The direction a column starts in when first chosen. */
export const FIRST_DIRECTION: Readonly<Record<SortColumn, boolean>> = {
  lastSeen: true,
  severity: true,
  rule: false,
  ip: false,
  count: true,
  intel: true,
  status: false,
};

/** The column's name in words (the list title, messages). */
export const SORT_NAME: Readonly<Record<SortColumn, string>> = {
  lastSeen: 'last seen',
  severity: 'severity',
  rule: 'rule',
  ip: 'source IP',
  count: 'count',
  intel: 'intel',
  status: 'status',
};

/** Choosing `column`: its first direction, or the other one when it is already the sort. */
export function nextSort(current: SortOrder, column: SortColumn): SortOrder {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: FIRST_DIRECTION[column] };
}

const RANK: Record<Severity, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };
const STATUS_RANK: Record<ShownStatus, number> = { new: 0, acknowledged: 1, unblocked: 2, blocked: 3, resolved: 4, false_positive: 5 };

/** A sortable key for an address: IPv4 before IPv6, each in numeric order. */
export function ipSortKey(ip: string): string {
  if (ip.includes(':')) {
    const [head = '', tail = ''] = ip.split('::');
    const h = head === '' ? [] : head.split(':');
    const t = tail === '' ? [] : tail.split(':');
    const groups = ip.includes('::') ? [...h, ...new Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
    return `6${groups.map((g) => g.padStart(4, '0')).join('')}`;
  }
  return `4${ip
    .split('.')
    .map((o) => o.padStart(3, '0'))
    .join('')}`;
}

function intelRank(a: Alert): number {
  return a.flags.includes('KNOWN_THREAT') ? 2 : a.intel.length > 0 ? 1 : 0;
}

const byNewest = (a: Alert, b: Alert): number => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0);

/** A copy of `alerts` in `order`; `statusOf` gives the shown status (blocks included). */
export function sortAlerts(alerts: readonly Alert[], order: SortOrder, statusOf: (a: Alert) => ShownStatus): Alert[] {
  const sign = order.descending ? -1 : 1;
  let compare: (a: Alert, b: Alert) => number;
  switch (order.column) {
    case 'lastSeen':
      return [...alerts].sort((a, b) => -sign * byNewest(a, b));
    case 'severity':
      compare = (a, b) => RANK[a.severity] - RANK[b.severity];
      break;
    case 'count':
      compare = (a, b) => a.count - b.count;
      break;
    case 'intel':
      compare = (a, b) => intelRank(a) - intelRank(b);
      break;
    case 'rule':
      compare = (a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
      break;
    case 'status':
      compare = (a, b) => STATUS_RANK[statusOf(a)] - STATUS_RANK[statusOf(b)];
      break;
    case 'ip': {
      const keys = new Map<string, string>();
      const key = (ip: string) => {
        let k = keys.get(ip);
        if (k === undefined) keys.set(ip, (k = ipSortKey(ip)));
        return k;
      };
      compare = (a, b) => {
        const ka = key(a.ip ?? a.subject.value);
        const kb = key(b.ip ?? b.subject.value);
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      };
      break;
    }
  }
  return [...alerts].sort((a, b) => sign * compare(a, b) || byNewest(a, b));
}
