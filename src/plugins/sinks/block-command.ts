/** The command a notification tells the analyst to run, the same one the CLI takes. */
import type { Alert } from '../../engine/model/alert.js';
import { normalizeIp } from '../../engine/net/ip.js';

/** `threatwatch-tui block IP` for an alert about an address (re-normalized), else null. */
export function blockCommand(alert: Alert): string | null {
  const ip = alert.ip === null ? null : normalizeIp(alert.ip);
  return ip === null ? null : `threatwatch-tui block ${ip}`;
}
