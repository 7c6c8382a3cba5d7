/**
 * sshd authentication templates (OpenSSH `auth.c`, `auth2.c`, `auth-pam.c`; log-formats.md §3.2–3.4).
 * Every regex is anchored at both ends; the attacker-chosen user name is a greedy `(.*)` before a
 * fixed tail, and the address is taken from that tail, then validated.
 */
import { messageEvent, portOf, type MessageEvent, type MessageOutcome } from './message-event.js';
import { templateTrace } from './template-trace.js';
import { normalizeIp } from '../net/ip.js';

// Methods after which nothing follows `ssh2`: the greedy user makes the tail unambiguous. Before
// 7.4 the tail was the protocol name (`ssh2`, or `ssh1` on very old builds). OpenSSH ≤ 3.x wrote
// `illegal user` where later versions write `invalid user`.
const AUTH_NOINFO = /^(Failed|Accepted) (password|none|keyboard-interactive(?:\/\S+)?) for ((?:invalid|illegal) user )?(.*) from (\S+)(?: port (\d{1,5}))? ssh[12]$/;
// AUTH_NOINFO for a message known to start with `Failed password ` or `Accepted password ` (the
// most frequent line of all): the same match, without capturing what is already known.
const AUTH_PASSWORD = /^(?:Failed|Accepted) password for ((?:invalid|illegal) user )?(.*) from (\S+)(?: port (\d{1,5}))? ssh[12]$/;
// publickey, hostbased, gssapi-with-mic and any other method word: an optional `: info` tail
// (SSH-1 era: `ssh1: ruser <name>` after any method).
const AUTH_INFO = /^(Failed|Accepted) (\S+) for ((?:invalid|illegal) user )?(.*) from (\S+)(?: port (\d{1,5}))? ssh[12](?:: (.*))?$/;
// The same, with the first tail: for a valid account (no `invalid user `) the name is a real
// login without spaces, so when the info repeats the tail the first tail is the true one.
const AUTH_INFO_FIRST = /^(Failed|Accepted) (\S+) for ((?:invalid|illegal) user )?(.*?) from (\S+)(?: port (\d{1,5}))? ssh[12](?:: (.*))?$/;
// Before the protocol word was logged: `… from <addr> port <p>`, or `… from <addr>` (no port).
const AUTH_OLD = /^(Failed|Accepted) (\S+) for ((?:invalid|illegal) user )?(.*) from (\S+?)(?: port (\d{1,5}))?$/;
const INFO_PART = / ssh[12]: /;
const TAIL = / from (\S+)(?: port (\d{1,5}))? ssh[12](?=: |$)/g;

/** `msg[start, end)` is one of the methods after which nothing follows `ssh2`. */
function isNoInfoMethod(msg: string, start: number, end: number): boolean {
  const n = end - start;
  if (n === 8) return msg.startsWith('password', start);
  if (n === 4) return msg.startsWith('none', start);
  return n === 20 && msg.startsWith('keyboard-interactive', start);
}

/**
 * The distinct validated addresses captured (group 1) by every match of the global regex `re` in
 * `msg`, overlapping matches included, and how many matches there were.
 */
export function tailCandidates(re: RegExp, msg: string): { count: number; addresses: string[] } {
  re.lastIndex = 0;
  const addresses: string[] = [];
  let count = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(msg)) !== null) {
    count++;
    const ip = normalizeIp(m[1]!);
    if (ip !== null && !addresses.includes(ip)) addresses.push(ip);
    // Overlapping tails (`from A port 1 ssh2 from B …`) start inside the previous match.
    re.lastIndex = m.index + 1;
  }
  return { count, addresses };
}

const PLAIN_KEY = /^([A-Z0-9@._-]+) (?:SHA256:[A-Za-z0-9+/]+=*|MD5(?::[0-9a-f]{2}){16})$/;

/** True when an auth info part is a plain (non-certificate) key: `<TYPE> <fingerprint>`. */
function isPlainKey(info: string): boolean {
  const m = PLAIN_KEY.exec(info);
  return m !== null && !m[1]!.endsWith('-CERT');
}

/**
 * True when attacker text (a user name) imitates a template tail: the address still comes from
 * the anchored tail, but the line is flagged `suspicious`. Cheap: two substring checks.
 */
export function mimicsTail(user: string): boolean {
  return user.includes(' port ') || user.includes(' from ');
}

/**
 * `sshd` addresses that are not sockets: `UNKNOWN` with port 65535 (inetd mode, `ssh -i`).
 * Such a line is a real event without a source address.
 */
export function isNoSocket(addr: string): boolean {
  return addr === 'UNKNOWN';
}

/**
 * `Failed|Accepted <method> for [invalid user ]<user> from <addr> [port <p>] ssh2[: info]`.
 * For password, keyboard-interactive and none nothing follows `ssh2`, so the greedy user leaves the
 * true tail, even when the user name imitates it (then flagged `suspicious`).
 * For methods with an info part (publickey certificates carry a key ID, hostbased a client user and
 * host: attacker text *after* the address) the tail may occur more than once. The line is then
 * flagged `suspicious` and:
 * - for a valid account (no `invalid user `: a real login name, without spaces) the first tail is
 *   the true one;
 * - for an invalid user the attacker wrote on both sides of the address, so the line cannot tell:
 *   `ip` is null, and `candidates` lists the tail addresses; the line parser keeps one of them only
 *   when an unambiguous line of the same sshd process (host + PID) named it.
 */
export function parseAuthResult(msg: string): MessageOutcome {
  const methodStart = msg.charCodeAt(0) === 70 ? 7 : 9;
  // `password` first: by far the most frequent method.
  let noInfo = msg.startsWith('password ', methodStart);
  if (noInfo) {
    const event = parsePasswordAuth(msg, methodStart === 7);
    if (event !== null) return event;
  } else {
    const methodEnd = msg.indexOf(' ', methodStart);
    if (methodEnd !== -1) {
      // The method word before any `/` (`keyboard-interactive/pam`), compared in place.
      const slash = msg.indexOf('/', methodStart);
      const wordEnd = slash !== -1 && slash < methodEnd ? slash : methodEnd;
      noInfo = isNoInfoMethod(msg, methodStart, wordEnd);
      if (noInfo) {
        const event = parseNoInfoAuth(msg);
        if (event !== null) return event;
      }
    }
  }
  // Not today's `… ssh2` tail: an info part, or a generation that logged no protocol word.
  if (noInfo && !INFO_PART.test(msg)) return parseOldAuth(msg);
  templateTrace.id = 'sshd.auth-info';
  let m = AUTH_INFO.exec(msg);
  if (m === null) return parseOldAuth(msg);
  let suspicious = false;
  let candidates: string[] | null = null;
  // A second ` ssh` is needed for a second tail: most lines are decided by one indexOf.
  if (m[7] !== undefined && msg.indexOf(' ssh', msg.indexOf(' ssh') + 4) !== -1) {
    const tails = tailCandidates(TAIL, msg);
    if (tails.count > 1) {
      suspicious = true;
      if (m[3] === undefined) {
        m = AUTH_INFO_FIRST.exec(msg) ?? m;
      } else if (m[2] === 'publickey' && isPlainKey(m[7])) {
        // A plain key's info (`TYPE SHA256:…`) holds no attacker text, and a tail faked inside a
        // certificate key ID would be followed by ` (serial N) CA …`: the last tail is the true one.
      } else if (tails.addresses.length !== 1 || normalizeIp(m[5]!) !== tails.addresses[0]) {
        // Unless every tail names the same address, the line cannot tell.
        candidates = tails.addresses;
      }
    }
  }
  if (noInfo && candidates === null) {
    // password, none and keyboard-interactive never had an info part in OpenSSH (only methods
    // that record auth info do); the text after `sshN: ` may be attacker text (SSH-1's `ruser`)
    // or the line may be of a generation without the protocol word whose user name holds a fake
    // tail. A valid account has no spaces, so the first tail is its own; for an invalid user the
    // two readings stay candidates.
    const old = AUTH_OLD.exec(msg);
    if (old !== null && normalizeIp(old[5]!) !== normalizeIp(m[5]!)) {
      if (m[3] === undefined) {
        m = AUTH_INFO_FIRST.exec(msg) ?? m;
      } else {
        suspicious = true;
        candidates = [];
        for (const a of [m[5]!, old[5]!]) {
          const ip = normalizeIp(a);
          if (ip !== null && !candidates.includes(ip)) candidates.push(ip);
        }
      }
    }
  }
  const failed = m[1] === 'Failed';
  const user = m[4]!;
  // Attacker text after the address that imitates a tail (SSH-1 `ruser`, key IDs, client strings).
  if (!suspicious && (mimicsTail(user) || (m[7] !== undefined && m[7].includes(' from ')))) suspicious = true;
  let ip: string | null = null;
  let port: number | null = null;
  if (candidates === null) {
    if (isNoSocket(m[5]!)) {
      ip = null;
    } else {
      ip = normalizeIp(m[5]!);
      port = portOf(m[6]);
      if (ip === null || Number.isNaN(port)) return 'unmatched';
    }
  }
  const event = messageEvent(failed ? 'auth_failure' : 'auth_success', failed ? 'attempt' : 'none', ip, user, port);
  event.method = m[2]!;
  const flags: string[] = [];
  if (m[3] !== undefined) flags.push('invalid_user');
  if (suspicious) flags.push('suspicious');
  if (flags.length > 0) event.flags = flags;
  if (candidates !== null) {
    // Where the user name ends is as uncertain as the address.
    event.user = null;
    event.candidates = candidates;
  }
  return event;
}

// Marker lists of the password-like lines, allocated once (frozen: a marker is added by replacing the array).
const INVALID_USER_FLAGS = Object.freeze(['invalid_user']) as unknown as string[];
const SUSPICIOUS_FLAGS = Object.freeze(['suspicious']) as unknown as string[];
const INVALID_SUSPICIOUS_FLAGS = Object.freeze(['invalid_user', 'suspicious']) as unknown as string[];

/**
 * `Failed|Accepted <method> for [invalid user ]<user> from <addr>[ port <p>]` of a generation that
 * logged no protocol word: the greedy user leaves the true tail (nothing follows the address).
 */
function parseOldAuth(msg: string): MessageOutcome {
  templateTrace.id = 'sshd.auth-result-old';
  const m = AUTH_OLD.exec(msg);
  return m === null ? 'unmatched' : authResultEvent(m);
}

/**
 * The event of an auth-result match whose groups are: 1 `Failed|Accepted`, 2 method, 3 the
 * `invalid user ` marker, 4 user, 5 address (or a no-socket word), 6 port.
 */
function authResultEvent(m: RegExpExecArray): MessageEvent | 'unmatched' {
  const user = m[4]!;
  let ip: string | null = null;
  let port: number | null = null;
  if (!isNoSocket(m[5]!)) {
    ip = normalizeIp(m[5]!);
    port = portOf(m[6]);
    if (ip === null || Number.isNaN(port)) return 'unmatched';
  }
  const failed = m[1] === 'Failed';
  const event = messageEvent(failed ? 'auth_failure' : 'auth_success', failed ? 'attempt' : 'none', ip, user, port);
  event.method = methodName(m[2]!);
  const suspicious = mimicsTail(user);
  if (m[3] !== undefined) event.flags = suspicious ? INVALID_SUSPICIOUS_FLAGS : INVALID_USER_FLAGS;
  else if (suspicious) event.flags = SUSPICIOUS_FLAGS;
  return event;
}

/** The password / none / keyboard-interactive form of `parseAuthResult`: nothing follows `ssh2`. Null when the tail is not today's. */
function parseNoInfoAuth(msg: string): MessageEvent | 'unmatched' | null {
  templateTrace.id = 'sshd.auth-result';
  const m = AUTH_NOINFO.exec(msg);
  return m === null ? null : authResultEvent(m);
}

/** `parseNoInfoAuth` for a message starting with `Failed password ` (`failed`) or `Accepted password `. */
function parsePasswordAuth(msg: string, failed: boolean): MessageEvent | 'unmatched' | null {
  templateTrace.id = failed ? 'sshd.failed-password' : 'sshd.accepted-password';
  const m = AUTH_PASSWORD.exec(msg);
  if (m === null) return null;
  const user = m[2]!;
  const suspicious = mimicsTail(user);
  let ip: string | null = null;
  let port: number | null = null;
  if (!isNoSocket(m[3]!)) {
    ip = normalizeIp(m[3]!);
    port = portOf(m[4]);
    if (ip === null || Number.isNaN(port)) return 'unmatched';
  }
  const event = messageEvent(failed ? 'auth_failure' : 'auth_success', failed ? 'attempt' : 'none', ip, user, port);
  event.method = 'password';
  if (m[1] !== undefined) event.flags = suspicious ? INVALID_SUSPICIOUS_FLAGS : INVALID_USER_FLAGS;
  else if (suspicious) event.flags = SUSPICIOUS_FLAGS;
  return event;
}

/** The method as a constant string when it is a usual one (one copy instead of one per line). */
function methodName(method: string): string {
  if (method === 'password') return 'password';
  if (method === 'none') return 'none';
  return method;
}
