/**
 * Linux-PAM lines (log-formats.md §4), under any tag (sshd, sshd-session, login, su, vsftpd, …):
 * `<module>(<service>:<phase>): <text>` and `PAM <text>`.
 *
 * Weights: under the sshd family a PAM failure is `corroboration` (sshd logs `Failed …` for the
 * same attempt). For other services it is an `attempt` when rhost= names a remote; with an empty
 * rhost (local su/sudo/login failure) it is reported with weight `none`: there is no remote to count.
 * `rhost` is taken from the anchored tail, since `ruser=` (attacker-controlled) sits before it.
 */
import { ipOrHost, type MessageEvent, type MessageOutcome } from './message-event.js';

const FAILURE_TAIL = / rhost=(\S*)(?: +user=(\S*))? *$/;
const MORE_FAILURES = /^PAM (\d+) more authentication failures?; (.*)$/;

function failure(text: string, sshdFamily: boolean, count: number): MessageOutcome {
  const m = FAILURE_TAIL.exec(text);
  if (m === null) return 'unmatched';
  const host = m[1]!;
  let ip: string | null = null;
  let rhost: string | null = null;
  if (host.length > 0) {
    const remote = ipOrHost(host);
    if (remote === null) return 'unmatched';
    ip = remote.ip;
    rhost = remote.rhost;
  }
  const user = m[2] !== undefined && m[2].length > 0 ? m[2] : null;
  const weight = sshdFamily ? 'corroboration' : host.length > 0 ? 'attempt' : 'none';
  const event: MessageEvent = { type: 'auth_failure', weight, ip, rhost, user, port: null };
  if (count !== 1) event.count = count;
  return event;
}

/** Parse a PAM message; `sshdFamily` when the syslog tag is sshd, sshd-session or sshd-auth. */
export function parsePamMessage(msg: string, sshdFamily: boolean): MessageOutcome {
  if (msg.startsWith('pam_')) {
    const open = msg.indexOf('(');
    const close = open === -1 ? -1 : msg.indexOf('): ', open);
    if (close === -1) return 'unmatched';
    const colon = msg.lastIndexOf(':', close);
    const phase = colon > open ? msg.slice(colon + 1, close) : '';
    const text = msg.slice(close + 3);
    if (text.startsWith('authentication failure;')) return failure(text, sshdFamily, 1);
    if (phase !== 'auth') return 'ignored'; // session / account / setcred / chauthtok bookkeeping
    if (msg.startsWith('pam_unix(')) {
      if (text.startsWith('check pass; user unknown') || text.startsWith('auth could not identify password for')) return 'ignored';
      return 'unmatched';
    }
    return 'ignored'; // pam_faillock, pam_sss, … notes without a remote
  }
  if (msg.startsWith('PAM ')) {
    const m = MORE_FAILURES.exec(msg);
    if (m !== null) return failure(m[2]!, sshdFamily, Math.max(1, Number(m[1])));
    if (msg.startsWith('PAM service(') || msg.startsWith('PAM adding faulty module') || msg.startsWith('PAM unable to')) return 'ignored';
    return 'unmatched';
  }
  return 'unmatched';
}

/**
 * Fast path for the most common PAM noise (`pam_unix(cron:session): session opened …`): true when
 * the message at `start` is a `pam_…(<service>:session): ` line, which is always `ignored`.
 */
export function isPamSessionLine(text: string, start: number): boolean {
  if (!text.startsWith('pam_', start)) return false;
  const close = text.indexOf(':session): ', start);
  return close !== -1 && close - start < 80 && text.lastIndexOf('(', close) > start;
}
