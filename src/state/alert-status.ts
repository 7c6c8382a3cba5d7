/**
 * One answer to "what state is this alert in", for the list, the detail, the status filter, the
 * search and the header count alike: `blocked` while its IP is blocked (whichever alert the block
 * came from), `unblocked` when it was blocked and the block has ended, else its own status.
 */
import type { Alert, AlertStatus } from '../engine/model/alert.js';

export type ShownStatus = AlertStatus | 'unblocked';

/** The status to show and filter by. */
export function shownStatus(alert: Pick<Alert, 'status'>, ipBlocked: boolean): ShownStatus {
  if (ipBlocked) return 'blocked';
  if (alert.status === 'blocked') return 'unblocked';
  return alert.status;
}

/** Which alerts the list shows by status: those needing attention (the default), all, or the rest. */
export type StatusFilter = 'open' | 'all' | 'closed';

export const STATUS_FILTERS: readonly StatusFilter[] = ['open', 'all', 'closed'];

/** Still needs the analyst: new, acknowledged, or blocked once and since unblocked. */
export function isOpen(status: ShownStatus): boolean {
  return status === 'new' || status === 'acknowledged' || status === 'unblocked';
}

export function passesStatusFilter(status: ShownStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  return isOpen(status) === (filter === 'open');
}

/** Open alerts among `alerts`, with the IPs blocked right now. */
export function countOpen(alerts: readonly Alert[], blockedIps: ReadonlySet<string>): number {
  let n = 0;
  for (const a of alerts) if (isOpen(shownStatus(a, a.ip !== null && blockedIps.has(a.ip)))) n++;
  return n;
}
