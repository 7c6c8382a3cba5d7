/**
 * The readable, terminal-safe one-line form of an alert (`replay --format text`). Columns of fixed
 * width first (time, severity, rule, count), the address after them and the variable parts last,
 * so that IPv4 and IPv6 alerts line up without padding every line to 39 characters.
 */
import type { Alert } from '../engine/model/alert.js';
import { terminalSafe, terminalSafeTruncate } from '../engine/text/terminal-safe.js';

/** Width of the rule column: the longest rule id (`LOGIN_AFTER_FAILURES`). */
const RULE_WIDTH = 20;

export function alertTextLine(alert: Alert): string {
  const when = alert.lastSeen.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const intel = alert.flags.includes('KNOWN_THREAT') ? ' [KNOWN_THREAT]' : '';
  const users = alert.users.length > 0 ? ` users=${terminalSafeTruncate(alert.users.slice(0, 5).join(','), 60)}` : '';
  return (
    `${when}  ${alert.severity.padEnd(8)} ${terminalSafe(alert.rule).padEnd(RULE_WIDTH)} ${`count=${alert.count}`.padEnd(12)} ` +
    `${terminalSafe(alert.ip ?? `${alert.subject.kind}:${alert.subject.value}`)}${users}${intel}  ${terminalSafe(alert.summary)}\n`
  );
}
