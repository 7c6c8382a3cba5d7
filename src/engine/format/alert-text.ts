/** The readable, terminal-safe one-line form of an alert (`replay --format text`). */
import type { Alert } from '../model/alert.js';
import { terminalSafe, terminalSafeTruncate } from '../text/terminal-safe.js';

export function alertTextLine(alert: Alert): string {
  const when = alert.lastSeen.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const intel = alert.flags.includes('KNOWN_THREAT') ? ' [KNOWN_THREAT]' : '';
  const users = alert.users.length > 0 ? ` users=${terminalSafeTruncate(alert.users.slice(0, 5).join(','), 60)}` : '';
  return (
    `${when}  ${alert.severity.padEnd(8)} ${alert.rule.padEnd(12)} ${terminalSafe(alert.ip ?? `${alert.subject.kind}:${alert.subject.value}`).padEnd(15)} ` +
    `count=${alert.count}${users}${intel}  ${terminalSafe(alert.summary)}\n`
  );
}
