/**
 * Linux-PAM lines (log-formats.md §4), under any tag (sshd, sshd-session, login, su, vsftpd, …):
 * `<module>(<service>:<phase>): <text>` and `PAM <text>`.
 *
 * Weights: under the sshd family a PAM failure is `corroboration` (sshd logs `Failed …` for the
 * same attempt). For other services it is an `attempt` when rhost= names a remote; with an empty
 * rhost (local su/sudo/login failure) it is reported with weight `none`: there is no remote to count.
 * `rhost=` sits between `ruser=` (attacker text for rsh/rlogin-style services) and `user=` (attacker
 * text for modules that log the attempted name, e.g. pam_sss): see `failureFields`. A line that
 * cannot tell which `rhost=` is real gets no address and the flag `suspicious`.
 */
import { countOf } from './bounded-number.js';
import { ipOrHost, messageEvent, type MessageOutcome } from './message-event.js';
import { templateTrace } from './template-trace.js';

const MORE_FAILURES = /^PAM (\d+) more authentication failures?; (.*)$/;
// Linux-PAM before 0.99 (RHEL 4/5) put the module in the tag, `sshd(pam_unix)[pid]: `, and wrote
// the summary without `PAM `.
const OLD_MORE_FAILURES = /^(\d+) more authentication failures?; (.*)$/;
// The tail after a non-empty, possibly attacker-written `ruser=`: ` rhost=<h>` then the end or `user=`.
const RHOST_TAIL = / rhost=(\S*)(?= *$| +user=)/g;

/** Where `rhost=` and `user=` are in the fields of a pam_unix-style failure line. */
interface FailureFields {
  /** The rhost value ('' when empty), or null when the line cannot tell which `rhost=` is real. */
  host: string | null;
  user: string | null;
  /** Candidate hosts when `host` is null because several `rhost=` fit. */
  candidates: string[];
}

/**
 * Reads `logname=<l> uid=<n> euid=<n> tty=<t> ruser=<r> rhost=<h>[ [ ]user=<u>]` (pam_unix, and
 * pam_sss with one space before `user=`). logname, uid and tty are local, but `ruser=` (rsh/rlogin
 * services) and, for some modules, `user=` (the attempted name) can hold attacker text, on both
 * sides of `rhost=`. Read from the left: with an empty `ruser=` (sshd, su, login, …: nearly every
 * line) the next field is the real `rhost=`; with a non-empty one, the line is unambiguous only
 * when a single ` rhost=<h>` is followed by the end or by `user=`.
 */
function failureFields(text: string, userTrusted: boolean): FailureFields | null {
  const ruser = text.indexOf(' ruser=');
  let hostStart: number;
  if (ruser !== -1 && text.startsWith(' rhost=', ruser + 7)) {
    hostStart = ruser + 14;
  } else if (ruser !== -1 && !userTrusted) {
    RHOST_TAIL.lastIndex = ruser + 7;
    const hosts: string[] = [];
    let at = -1;
    let m: RegExpExecArray | null;
    while ((m = RHOST_TAIL.exec(text)) !== null) {
      hosts.push(m[1]!);
      at = m.index + 7;
      RHOST_TAIL.lastIndex = m.index + 1;
    }
    if (hosts.length === 0) return null;
    if (hosts.length > 1) return { host: null, user: null, candidates: hosts };
    hostStart = at;
  } else {
    // `user=` cannot hold attacker text (pam_unix logs only existing accounts), or there is no
    // ruser= field: the anchored tail, i.e. the last rhost= followed by the end or by user=.
    RHOST_TAIL.lastIndex = 0;
    let at = -1;
    let m: RegExpExecArray | null;
    while ((m = RHOST_TAIL.exec(text)) !== null) {
      at = m.index + 7;
      RHOST_TAIL.lastIndex = m.index + 1;
    }
    if (at === -1) return null;
    hostStart = at;
  }
  let hostEnd = text.indexOf(' ', hostStart);
  if (hostEnd === -1) hostEnd = text.length;
  const host = text.slice(hostStart, hostEnd);
  let i = hostEnd;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  let user: string | null = null;
  if (i < text.length) {
    if (!text.startsWith('user=', i)) return null;
    // The rest of the line: a module may log the attempted name, spaces and all.
    let end = text.length;
    while (end > i + 5 && text.charCodeAt(end - 1) === 32) end--;
    user = end > i + 5 ? text.slice(i + 5, end) : null;
  }
  return { host, user, candidates: [] };
}

function failure(text: string, sshdFamily: boolean, count: number, userTrusted: boolean, summary: boolean): MessageOutcome {
  const fields = failureFields(text, userTrusted);
  if (fields === null) return 'unmatched';
  const { host } = fields;
  let ip: string | null = null;
  let rhost: string | null = null;
  if (host !== null && host.length > 0) {
    const remote = ipOrHost(host);
    if (remote === null) return 'unmatched';
    ip = remote.ip;
    rhost = remote.rhost;
  }
  const remoteNamed = host === null || host.length > 0;
  const weight = sshdFamily ? 'corroboration' : remoteNamed ? 'attempt' : 'none';
  const event = messageEvent('auth_failure', weight, ip, fields.user, null);
  event.rhost = rhost;
  if (sshdFamily) {
    event.pamFailure = true;
    if (summary) event.pamSummary = true;
  }
  if (host !== null && fields.user !== null && fields.user.includes('rhost=')) event.flags = ['suspicious'];
  if (host === null) {
    event.flags = ['suspicious'];
    const candidates: string[] = [];
    for (const h of fields.candidates) {
      const remote = h.length > 0 ? ipOrHost(h) : null;
      if (remote?.ip != null && !candidates.includes(remote.ip)) candidates.push(remote.ip);
    }
    event.candidates = candidates;
  }
  if (count !== 1) event.count = count;
  return event;
}

/** pam_unix auth-phase notes without a remote: the sshd `Failed …` line carries the attempt. */
const PAM_UNIX_AUTH_NOTES = [
  'check pass; user ', // `user unknown`, and `user (<name>) unknown` with the audit option
  'auth could not identify password for',
  'conversation failed',
  'unexpected response from failed conversation function',
  'bad username',
  'password check failed for user',
];

/** Parse a PAM message; `sshdFamily` when the syslog tag is sshd, sshd-session or sshd-auth. */
export function parsePamMessage(msg: string, sshdFamily: boolean): MessageOutcome {
  if (msg.startsWith('pam_')) {
    const open = msg.indexOf('(');
    const close = open === -1 ? -1 : msg.indexOf('): ', open);
    if (close === -1) return 'unmatched';
    const colon = lastBefore(msg, 58, 0, close + 1);
    const phase = colon > open ? msg.slice(colon + 1, close) : '';
    const text = msg.slice(close + 3);
    templateTrace.id = 'pam.module-line';
    if (text.startsWith('authentication failure;')) {
      templateTrace.id = 'pam.authentication-failure';
      return failure(text, sshdFamily, 1, msg.startsWith('pam_unix('), false);
    }
    if (phase !== 'auth') return 'ignored'; // session / account / setcred / chauthtok bookkeeping
    if (msg.startsWith('pam_unix(')) {
      for (const note of PAM_UNIX_AUTH_NOTES) if (text.startsWith(note)) return 'ignored';
      return 'unmatched';
    }
    return 'ignored'; // pam_faillock, pam_sss, … notes without a remote
  }
  if (msg.startsWith('PAM ')) {
    templateTrace.id = 'pam.more-failures';
    const m = MORE_FAILURES.exec(msg);
    if (m !== null) return failure(m[2]!, sshdFamily, countOf(m[1]!), true, true);
    templateTrace.id = 'pam.summary-line';
    if (msg.startsWith('PAM service(') || msg.startsWith('PAM adding faulty module') || msg.startsWith('PAM unable to')) return 'ignored';
    return 'unmatched';
  }
  return 'unmatched';
}

/** `pam_` at `start`, its `p` already seen (character tests: cheaper than a `startsWith` call). */
export function isPamPrefix(text: string, start: number): boolean {
  return text.charCodeAt(start + 1) === 97 && text.charCodeAt(start + 2) === 109 && text.charCodeAt(start + 3) === 95;
}

/**
 * Fast path for the most common PAM noise (`pam_unix(cron:session): session opened …`): true when
 * the message at `start` is a `pam_…(<service>:session): ` line, which is always `ignored`.
 */
export function isPamSessionLine(text: string, start: number): boolean {
  if (text.charCodeAt(start) !== 112 || !isPamPrefix(text, start)) return false;
  const close = text.indexOf(':session): ', start);
  return close !== -1 && close - start < 80 && lastBefore(text, 40, start, close) > start;
}

/**
 * The last `code` in `text[from, to)`, or -1: `lastIndexOf` for a short span (V8 runs
 * `String.prototype.lastIndexOf` in C++, a costly call for a few characters).
 */
function lastBefore(text: string, code: number, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (text.charCodeAt(i) === code) return i;
  return -1;
}

/**
 * A message of a process whose tag names the PAM module (`sshd(pam_unix)[pid]: …`, Linux-PAM before
 * 0.99, RHEL 4/5): `authentication failure; …`, `<N> more authentication failures; …`, `check pass;
 * user unknown`, `session opened|closed for user …`. On such systems the PAM line is often the only
 * record of a failed password.
 */
export function parseModuleTaggedPam(module: string, msg: string, sshdFamily: boolean): MessageOutcome {
  templateTrace.id = 'pam.old-module-tag';
  if (msg.startsWith('authentication failure;')) {
    templateTrace.id = 'pam.old-authentication-failure';
    return failure(msg, sshdFamily, 1, module === 'pam_unix', false);
  }
  const more = OLD_MORE_FAILURES.exec(msg);
  if (more !== null) {
    templateTrace.id = 'pam.old-more-failures';
    return failure(more[2]!, sshdFamily, countOf(more[1]!), true, true);
  }
  if (msg.startsWith('session opened for ') || msg.startsWith('session closed for ')) return 'ignored';
  for (const note of PAM_UNIX_AUTH_NOTES) if (msg.startsWith(note)) return 'ignored';
  return 'unmatched';
}
