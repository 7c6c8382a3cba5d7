/**
 * sshd authentication templates (OpenSSH `auth.c`, `auth2.c`, `auth-pam.c`; log-formats.md §3.2–3.4).
 * Every regex is anchored at both ends; the attacker-chosen user name is a greedy `(.*)` before a
 * fixed tail, and the address is taken from that tail, then validated.
 */
import { ipOrHost, messageEvent, portOf, type MessageOutcome, validIp } from './message-event.js';

// Methods after which nothing follows `ssh2`: the greedy user makes the tail unambiguous.
const AUTH_NOINFO = /^(Failed|Accepted) (password|none|keyboard-interactive(?:\/\S+)?) for (invalid user )?(.*) from (\S+)(?: port (\d{1,5}))? ssh2$/;
// publickey, hostbased, gssapi-with-mic and any other method word: an optional `: info` tail.
const AUTH_INFO = /^(Failed|Accepted) (\S+) for (invalid user )?(.*) from (\S+)(?: port (\d{1,5}))? ssh2(?:: (.*))?$/;
// The same, with the first tail: for a valid account (no `invalid user `) the name is a real
// login without spaces, so when the info repeats the tail the first tail is the true one.
const AUTH_INFO_FIRST = /^(Failed|Accepted) (\S+) for (invalid user )?(.*?) from (\S+)(?: port (\d{1,5}))? ssh2(?:: (.*))?$/;
const TAIL_COUNT = / from \S+ port \d{1,5} ssh2(?=: |$)/g;
const INVALID_USER = /^Invalid user (.*) from (\S+)(?: port (\d{1,5}))?$/;
const NOT_ALLOWED_FROM = /^User (.*) from (\S+) not allowed because (.+)$/;
const NOT_ALLOWED_LOCAL = /^User (.*) not allowed because (account is locked|shell .* does not exist|shell .* is not executable)$/;
const ROOT_REFUSED = /^ROOT LOGIN REFUSED FROM (\S+)(?: port (\d{1,5}))?$/;
const MAX_TRIES = /^maximum authentication attempts exceeded for (invalid user )?(.*) from (\S+)(?: port (\d{1,5}))? ssh2$/;
const PAM_ERROR = /^PAM: (.+?) for (illegal user )?(.*) from (\S+)$/;

const NOINFO_METHODS = new Set(['password', 'none', 'keyboard-interactive']);

function countTails(msg: string): number {
  TAIL_COUNT.lastIndex = 0;
  let n = 0;
  while (TAIL_COUNT.exec(msg) !== null) n++;
  return n;
}

/**
 * `Failed|Accepted <method> for [invalid user ]<user> from <addr> [port <p>] ssh2[: info]`.
 * When the tail ` from A port P ssh2` occurs more than once before `: ` or the end, the line is
 * ambiguous and flagged `suspicious`: with `invalid user ` the attacker chose the name, so the
 * greedy (last) tail is kept; for a valid account (a real login name) the first tail is kept,
 * since then the extra tail can only come from the info (certificate key ID, hostbased strings).
 */
export function parseAuthResult(msg: string): MessageOutcome {
  const methodEnd = msg.indexOf(' ', msg.charCodeAt(0) === 70 ? 7 : 9);
  const method = methodEnd === -1 ? '' : msg.slice(msg.charCodeAt(0) === 70 ? 7 : 9, methodEnd);
  const slash = method.indexOf('/');
  const noInfo = NOINFO_METHODS.has(slash === -1 ? method : method.slice(0, slash));
  let m = (noInfo ? AUTH_NOINFO : AUTH_INFO).exec(msg);
  if (m === null) return 'unmatched';
  // Attacker text on both sides of the address (certificate key ID, hostbased strings): flag it.
  const suspicious = !noInfo && m[7] !== undefined && countTails(msg) > 1;
  if (suspicious && m[3] === undefined) m = AUTH_INFO_FIRST.exec(msg) ?? m;
  const ip = validIp(m[5]!);
  const port = portOf(m[6]);
  if (ip === null || Number.isNaN(port)) return 'unmatched';
  const failed = m[1] === 'Failed';
  const event = messageEvent(failed ? 'auth_failure' : 'auth_success', failed ? 'attempt' : 'none', ip, m[4]!, port);
  event.method = m[2]!;
  const flags: string[] = [];
  if (m[3] !== undefined) flags.push('invalid_user');
  if (suspicious) flags.push('suspicious');
  if (flags.length > 0) event.flags = flags;
  return event;
}

/** `Invalid user <user> from <addr>[ port <p>]` → invalid_user / credit. */
export function parseInvalidUser(msg: string): MessageOutcome {
  const m = INVALID_USER.exec(msg);
  if (m === null) return 'unmatched';
  const ip = validIp(m[2]!);
  const port = portOf(m[3]);
  if (ip === null || Number.isNaN(port)) return 'unmatched';
  return messageEvent('invalid_user', 'credit', ip, m[1]!, port);
}

/**
 * `User <u> from <host> not allowed because <reason>` → not_allowed / credit (host may be a DNS
 * name: rhost). `User <u> not allowed because account is locked|shell …` has no address: we still
 * report not_allowed (ip null) so the refusal is visible; rules keyed on the address skip it.
 */
export function parseNotAllowed(msg: string): MessageOutcome {
  const m = NOT_ALLOWED_FROM.exec(msg);
  if (m !== null) {
    const remote = ipOrHost(m[2]!);
    if (remote === null) return 'unmatched';
    const event = messageEvent('not_allowed', 'credit', remote.ip, m[1]!, null);
    event.rhost = remote.rhost;
    return event;
  }
  const local = NOT_ALLOWED_LOCAL.exec(msg);
  if (local !== null) return messageEvent('not_allowed', 'credit', null, local[1]!, null);
  return 'unmatched';
}

/** `ROOT LOGIN REFUSED FROM <addr>[ port <p>]` → not_allowed / credit, user root. */
export function parseRootRefused(msg: string): MessageOutcome {
  const m = ROOT_REFUSED.exec(msg);
  if (m === null) return 'unmatched';
  const ip = validIp(m[1]!);
  const port = portOf(m[2]);
  if (ip === null || Number.isNaN(port)) return 'unmatched';
  return messageEvent('not_allowed', 'credit', ip, 'root', port);
}

/** `maximum authentication attempts exceeded for …` → auth_failure / corroboration. */
export function parseMaxTries(msg: string): MessageOutcome {
  const m = MAX_TRIES.exec(msg);
  if (m === null) return 'unmatched';
  const ip = validIp(m[3]!);
  const port = portOf(m[4]);
  if (ip === null || Number.isNaN(port)) return 'unmatched';
  const event = messageEvent('auth_failure', 'corroboration', ip, m[2]!, port);
  if (m[1] !== undefined) event.flags = ['invalid_user'];
  return event;
}

/** sshd's own `PAM: <error> for [illegal user ]<u> from <host>` → auth_failure / corroboration. */
export function parsePamError(msg: string): MessageOutcome {
  const m = PAM_ERROR.exec(msg);
  if (m === null) return 'unmatched';
  const remote = ipOrHost(m[4]!);
  if (remote === null) return 'unmatched';
  const event = messageEvent('auth_failure', 'corroboration', remote.ip, m[3]!, null);
  event.rhost = remote.rhost;
  if (m[2] !== undefined) event.flags = ['invalid_user'];
  return event;
}
