import type { Alert, AlertStatus, Severity } from '../../engine/model/alert.js';

export const STATUS_LABEL: Record<AlertStatus, string> = {
  new: 'new',
  acknowledged: 'ack',
  resolved: 'resolved',
  false_positive: 'false-pos',
  blocked: 'blocked',
};

export const SEVERITY_SHORT: Record<Severity, string> = { LOW: 'LOW', MEDIUM: 'MED', HIGH: 'HIGH', CRITICAL: 'CRIT' };

/** `KT` for a KNOWN_THREAT, `★` for any other intel match, '' otherwise. */
export function intelMark(alert: Alert): string {
  if (alert.flags.includes('KNOWN_THREAT')) return 'KT';
  return alert.intel.length > 0 ? '★' : '';
}
