/**
 * sshd's lines about refused users and connections (OpenSSH `auth.c`, `auth-pam.c`, libwrap;
 * log-formats.md §3.3, §3.4, §3.10): invalid and disallowed users, root refusals, too many tries,
 * sshd's own PAM errors and TCP-wrapper refusals. Anchored like the auth results: the address comes
 * from the fixed tail (or, for libwrap, the authoritative parenthesised address).
 */
import { ipOrHost, messageEvent, portOf, type MessageEvent, type MessageOutcome } from './message-event.js';
import { isNoSocket, mimicsTail } from './sshd-auth.js';
import { templateTrace } from './template-trace.js';
import { normalizeIp } from '../net/ip.js';

const INVALID_USER = /^(?:Invalid|Illegal) user (.*) from (\S+)(?: port (\d{1,5}))?$/;
const NOT_ALLOWED_FROM = /^User (.*) from (\S+) not allowed because (.+)$/;
const NOT_ALLOWED_LOCAL = /^User (.*) not allowed because (account is locked|shell .* does not exist|shell .* is not executable)$/;
const ROOT_REFUSED = /^ROOT LOGIN REFUSED FROM (\S+)(?: port (\d{1,5}))?$/;
const MAX_TRIES = /^maximum authentication attempts exceeded for (invalid user )?(.*) from (\S+)(?: port (\d{1,5}))? ssh[12]$/;
// auth-pam.c; OpenPAM (macOS) adds ` via <server address>`, which is never the client's.
const PAM_ERROR = /^PAM: (.+?) for ((?:illegal|invalid) user )?(.*) from (\S+?)(?: via \S+)?$/;
// TCP wrappers (libwrap): `refused connect from <client> (<ip>)`, the parenthesised address being
// authoritative (the part before may be `user@host` text), or `refused connect from <ip-or-host>`.
const REFUSED_CONNECT = /^refused connect from (?:(.*) \(([^()\s]+)\)|(\S+))$/;

/**
 * An event at the address of an anchored tail: `UNKNOWN` (no socket) gives ip null; an invalid
 * address or port gives `unmatched`. A user name imitating a tail flags the event `suspicious`.
 */
function atTail(type: MessageEvent['type'], weight: MessageEvent['weight'], user: string, addr: string, portText: string | undefined): MessageEvent | null {
  let ip: string | null = null;
  let port: number | null = null;
  if (!isNoSocket(addr)) {
    ip = normalizeIp(addr);
    port = portOf(portText);
    if (ip === null || Number.isNaN(port)) return null;
  }
  const event = messageEvent(type, weight, ip, user, port);
  if (mimicsTail(user)) event.flags = ['suspicious'];
  return event;
}

/** `Invalid user <user> from <addr>[ port <p>]` (`Illegal user` before OpenSSH 3.x) → invalid_user / credit. */
export function parseInvalidUser(msg: string): MessageOutcome {
  templateTrace.id = 'sshd.invalid-user';
  const m = INVALID_USER.exec(msg);
  if (m === null) return 'unmatched';
  return atTail('invalid_user', 'credit', m[1]!, m[2]!, m[3]) ?? 'unmatched';
}

/**
 * `User <u> from <host> not allowed because <reason>` → not_allowed / credit (host may be a DNS
 * name: rhost). `User <u> not allowed because account is locked|shell …` has no address: we still
 * report not_allowed (ip null) so the refusal is visible; rules keyed on the address skip it.
 */
export function parseNotAllowed(msg: string): MessageOutcome {
  templateTrace.id = 'sshd.not-allowed';
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
  templateTrace.id = 'sshd.root-refused';
  const m = ROOT_REFUSED.exec(msg);
  if (m === null) return 'unmatched';
  const ip = normalizeIp(m[1]!);
  const port = portOf(m[2]);
  if (ip === null || Number.isNaN(port)) return 'unmatched';
  return messageEvent('not_allowed', 'credit', ip, 'root', port);
}

/** `maximum authentication attempts exceeded for …` → auth_failure / corroboration. */
export function parseMaxTries(msg: string): MessageOutcome {
  templateTrace.id = 'sshd.max-tries';
  const m = MAX_TRIES.exec(msg);
  if (m === null) return 'unmatched';
  const event = atTail('auth_failure', 'corroboration', m[2]!, m[3]!, m[4]);
  if (event === null) return 'unmatched';
  event.ends = true;
  if (m[1] !== undefined) event.flags = ['invalid_user', ...(event.flags ?? [])];
  return event;
}

/** sshd's own `PAM: <error> for [illegal user ]<u> from <host>` → auth_failure / corroboration. */
export function parsePamError(msg: string): MessageOutcome {
  templateTrace.id = 'sshd.pam-error';
  const m = PAM_ERROR.exec(msg);
  if (m === null) return 'unmatched';
  const remote = ipOrHost(m[4]!);
  if (remote === null) return 'unmatched';
  const event = messageEvent('auth_failure', 'corroboration', remote.ip, m[3]!, null);
  event.rhost = remote.rhost;
  event.pamFailure = true;
  const flags: string[] = [];
  if (m[2] !== undefined) flags.push('invalid_user');
  if (mimicsTail(m[3]!)) flags.push('suspicious');
  if (flags.length > 0) event.flags = flags;
  return event;
}

/**
 * TCP wrappers' `refused connect from <client> (<ip>)` / `refused connect from <ip-or-host>` →
 * not_allowed / credit: a connection refused by hosts.deny counts once, like a refused user.
 */
export function parseRefusedConnect(msg: string): MessageOutcome {
  templateTrace.id = 'tcpwrappers.refused-connect';
  const m = REFUSED_CONNECT.exec(msg);
  if (m === null) return 'unmatched';
  let remote: { ip: string | null; rhost: string | null } | null;
  if (m[2] !== undefined) {
    const ip = normalizeIp(m[2]);
    remote = ip === null ? null : { ip, rhost: null };
  } else {
    remote = ipOrHost(m[3]!);
  }
  if (remote === null) return 'unmatched';
  const event = messageEvent('not_allowed', 'credit', remote.ip, null, null);
  event.rhost = remote.rhost;
  return event;
}
