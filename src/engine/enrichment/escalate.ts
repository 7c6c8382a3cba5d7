/**
 * Severity escalation from threat intel: a source on a feed is a known threat. HIGH becomes
 * CRITICAL, anything lower becomes HIGH, CRITICAL stays; the alert is flagged `KNOWN_THREAT`.
 */
import type { IntelMatch, Severity } from '../model/alert.js';

export const KNOWN_THREAT = 'KNOWN_THREAT';

export interface Escalation {
  severity: Severity;
  /** Flags to add (`KNOWN_THREAT` when any entry matched). */
  flags: string[];
}

export function escalate(severity: Severity, matches: readonly IntelMatch[]): Escalation {
  if (matches.length === 0) return { severity, flags: [] };
  const raised: Severity = severity === 'HIGH' || severity === 'CRITICAL' ? 'CRITICAL' : 'HIGH';
  return { severity: raised, flags: [KNOWN_THREAT] };
}
