import type { Alert, AlertStatus, Severity } from '../../engine/model/alert.js';

export const STATUS_LABEL: Record<AlertStatus, string> = {
  new: 'new',
  acknowledged: 'ack',
  resolved: 'resolved',
  false_positive: 'false-pos',
  blocked: 'blocked',
};

export const SEVERITY_SHORT: Record<Severity, string> = { LOW: 'LOW', MEDIUM: 'MED', HIGH: 'HIGH', CRITICAL: 'CRIT' };

/** `known` when the IP is on a threat-intel feed (severity raised), '' otherwise. */
export function intelMark(alert: Alert): string {
  if (alert.flags.includes('KNOWN_THREAT')) return 'known';
  return alert.intel.length > 0 ? 'feed' : '';
}

/**
 * What the STATUS column says: `blocked` whenever the IP is blocked right now (whatever the alert's
 * own status), `unblocked` for an alert that was blocked but whose block has ended, else the status.
 */
export function statusShown(alert: Alert, ipBlocked: boolean): { label: string; status: AlertStatus } {
  if (ipBlocked) return { label: STATUS_LABEL.blocked, status: 'blocked' };
  if (alert.status === 'blocked') return { label: 'unblocked', status: 'acknowledged' };
  return { label: STATUS_LABEL[alert.status], status: alert.status };
}

/** The HOST cell: the host that reported, or the first and how many more (`web1 +2`). */
export function hostText(alert: Pick<Alert, 'hosts'>): string {
  const [first, ...rest] = alert.hosts;
  if (first === undefined) return '-';
  return rest.length === 0 ? first : `${first} +${rest.length}`;
}
