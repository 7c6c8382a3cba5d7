/**
 * sshd connection-end and pre-authentication templates (OpenSSH `packet.c`, `sshd.c`, `kex.c`,
 * `srclimit.c`, `compat.c`; log-formats.md §3.5–3.7).
 *
 * Disconnect policy: a disconnect is `preauth_disconnect` when sshd flagged it ` [preauth]`, when
 * it names an `invalid` or `authenticating` user, or (Received disconnect) when the client said
 * `Auth fail` / `No supported authentication methods`; a bare `Connection closed|reset by <addr>`
 * (no preamble, no flag: closed before the first userauth request, e.g. after a failed banner) is
 * one too. Disconnects of logged-in users (`user X` preamble, ` [postauth]`, and the pre-7.5
 * `Disconnected from <addr>` form) are `ignored`: they are not attacks.
 */
import { messageEvent, portOf, type MessageEvent, type MessageOutcome } from './message-event.js';
import { isNoSocket, mimicsTail, tailCandidates } from './sshd-auth.js';
import { templateTrace } from './template-trace.js';
import { normalizeIp } from '../net/ip.js';

// The port is required after a `user` preamble (7.5+; ports since 7.2): an optional port would let
// the greedy user swallow `<addr> port` and leave the port number as the address.
const CONN_END = /^(Connection closed by|Connection reset by|Disconnected from) (?:(?:(?:(invalid|authenticating) )?user (.*) )?(\S+) port (\d{1,5})|(\S+))$/;
const CONN_TIMEOUT = /^Connection from (?:(?:(invalid|authenticating) )?user (.*) )?(\S+) port (\d{1,5}) timed out$/;
const RECV_DISC = /^Received disconnect from (\S+) port (\d{1,5}):(\d+):(?: (.*))?$/;
const RECV_DISC_OLD = /^Received disconnect from (\S+?): (\d+): ?(.*)$/;
const DISCONNECTING = /^Disconnecting (?:(invalid|authenticating) )?user (.*) (\S+) port (\d{1,5}): Too many authentication failures$/;
// Other reasons, some with attacker text after the address (`Change of username or service not
// allowed: (a,s) -> (b,s)`): the first ` <addr> port <p>: ` after a user preamble without spaces.
const DISCONNECTING_OTHER = /^Disconnecting (?:(invalid|authenticating) )?user (.*?) (\S+) port (\d{1,5}): .+$/;
const DISCONNECTING_BARE = /^Disconnecting (\S+) port (\d{1,5}): (.*)$/;
// A `Disconnecting …` cut before its reason (sshd's 500-byte limit, relays): the greedy user leaves the tail.
const DISCONNECTING_NO_REASON = /^Disconnecting (?:(invalid|authenticating) )?user (.*) (\S+) port (\d{1,5})$/;
// 6.8–7.4 `Disconnecting: Too many authentication failures`; before 6.8 `… for <user>`. No address.
const DISCONNECTING_TOO_MANY = /^Disconnecting: Too many authentication failures(?: for (.*))?$/;
const DISCONNECTING_TAIL = / (\S+) port \d{1,5}: /g;
const PROTOCOL_DIFFER = /^Protocol major versions differ for (\S+?)(?: port (\d{1,5}))?: .*$/;
const NEGOTIATE = /^Unable to negotiate with (\S+)(?: port (\d{1,5}))?: no matching (.+?) found(?:\. Their offer: .*)?$/;
const NEGOTIATE_USER = /^Unable to negotiate with (?:(invalid|authenticating) )?user (.*?) (\S+) port (\d{1,5}): no matching (.+?) found(?:\. Their offer: .*)?$/;
const NEGOTIATE_TAIL = / (\S+) port \d{1,5}: no matching /g;
const NO_IDENT = /^Did not receive identification string from (\S+)(?: port (\d{1,5}))?$/;
const BAD_VERSION = /^Bad protocol version identification '(.*)' from (\S+)(?: port (\d{1,5}))?$/;
const BANNER = /^banner exchange: Connection from (\S+) port (\d{1,5}): .+$/;
const DISPATCH_FATAL = /^ssh_dispatch_run_fatal: Connection from (?:(?:(?:invalid|authenticating) )?user (.*) )?(\S+) port (\d{1,5}): .+$/;
const TIMEOUT_OLD = /^Timeout before authentication for (\S+) port (\d{1,5})$/;
const TIMEOUT_NEW = /^Timeout before authentication for connection from (\S+) to (\S+), pid = \d+(?: \([^)]*\))?$/;
const DROP = /^drop connection #\d+ from \[([^\]]*)\]:(\d{1,5}) on \[([^\]]*)\]:(\d{1,5}) .+$/;
const PROBED = /^(?:probed|scanned) from (\S+) port (\d{1,5}) with .*$/;

export type SshdFlag = 'preauth' | 'postauth' | null;

/**
 * An event at `addr`/`port`, or `unmatched` when the address or port is not valid. `UNKNOWN`
 * (sshd's "not a socket") gives ip and port null. A user imitating a tail flags it `suspicious`.
 */
function at(type: MessageEvent['type'], addr: string, portText: string | undefined, user: string | null): MessageOutcome {
  if (isNoSocket(addr)) return messageEvent(type, 'none', null, user, null);
  const ip = normalizeIp(addr);
  const port = portOf(portText);
  if (ip === null || Number.isNaN(port)) return 'unmatched';
  const event = messageEvent(type, 'none', ip, user, port);
  if (user !== null && mimicsTail(user)) event.flags = ['suspicious'];
  return event;
}

/**
 * A line whose address sits between two attacker-written fields and occurs more than once: no
 * address (the line parser may still pick one of `candidates` from the same sshd process).
 */
/** A line of an sshd connection that names no address: the line parser may give it the process's peer. */
function connectionLine(type: MessageEvent['type'], weight: MessageEvent['weight'], user: string | null): MessageEvent {
  const event = messageEvent(type, weight, null, user, null);
  event.needsPeer = true;
  return event;
}

function ambiguous(type: MessageEvent['type'], candidates: string[]): MessageEvent {
  const event = messageEvent(type, 'none', null, null, null);
  event.flags = ['suspicious'];
  event.candidates = candidates;
  return event;
}

function disconnect(addr: string, portText: string | undefined, user: string | null, preauth: boolean): MessageOutcome {
  const event = at('preauth_disconnect', addr, portText, user);
  if (typeof event === 'string' || preauth) return event;
  return 'ignored';
}

/** `Connection closed|reset by`, `Disconnected from`, `Connection from … timed out`. */
export function parseConnectionEnd(msg: string, flag: SshdFlag): MessageOutcome {
  templateTrace.id = 'sshd.connection-end';
  const m = CONN_END.exec(msg);
  if (m === null) {
    const t = CONN_TIMEOUT.exec(msg);
    if (t === null) return 'unmatched';
    const preauth = flag !== 'postauth' && (t[1] !== undefined || flag === 'preauth' || t[2] === undefined);
    return disconnect(t[3]!, t[4], t[2] ?? null, preauth);
  }
  const user = m[3] ?? null;
  const preauth =
    flag !== 'postauth' &&
    (m[2] !== undefined || flag === 'preauth' || (user === null && m[1] !== 'Disconnected from'));
  return disconnect(m[4] ?? m[6]!, m[5], user, preauth);
}

/** `Received disconnect from <addr> port <p>:<code>: <text>` (and the pre-7.2 form). */
export function parseReceivedDisconnect(msg: string, flag: SshdFlag): MessageOutcome {
  templateTrace.id = 'sshd.received-disconnect';
  const m = RECV_DISC.exec(msg);
  let addr: string;
  let portText: string | undefined;
  let text: string;
  if (m !== null) {
    addr = m[1]!;
    portText = m[2];
    text = m[4] ?? '';
  } else {
    const old = RECV_DISC_OLD.exec(msg);
    if (old === null) return 'unmatched';
    addr = old[1]!;
    portText = undefined;
    text = old[3]!;
  }
  // The client gave up authenticating: JSch's `…JSchException: Auth fail`, `No [supported]
  // authentication methods available`.
  const preauth =
    flag === 'preauth' || text.includes('Auth fail') || text.startsWith('No supported authentication methods') || text.startsWith('No authentication methods available');
  return disconnect(addr, portText, null, preauth);
}

/**
 * `Disconnecting <remote_id>: <reason>`. `Too many authentication failures` has a fixed reason, so
 * the greedy user leaves the true address. Other reasons may hold attacker text (`Change of username
 * or service not allowed: (a,s) -> (b,s)`): the first `<addr> port <p>: ` after the preamble is
 * taken when the user is a valid account (`authenticating user`, no spaces) or when it occurs once;
 * for an invalid user with several, the line cannot tell. Logged-in users' lines are `ignored`.
 */
export function parseDisconnecting(msg: string, flag: SshdFlag): MessageOutcome {
  templateTrace.id = 'sshd.disconnecting';
  if (msg.startsWith('Disconnecting: ')) {
    // 6.8–7.4 `Disconnecting: Too many authentication failures[ for <u>]`: no address of its own,
    // the process's peer if known. Other reasons without an address are bookkeeping.
    const tooMany = DISCONNECTING_TOO_MANY.exec(msg);
    if (tooMany === null || flag === 'postauth') return 'ignored';
    const event = connectionLine('auth_failure', 'corroboration', tooMany[1] ?? null);
    event.ends = true;
    return event;
  }
  const m = DISCONNECTING.exec(msg);
  if (m !== null) return at('preauth_disconnect', m[3]!, m[4], m[2]!);
  const other = DISCONNECTING_OTHER.exec(msg);
  if (other !== null) {
    if (other[1] === undefined || flag === 'postauth') return 'ignored';
    if (other[1] === 'invalid') {
      const tails = tailCandidates(DISCONNECTING_TAIL, msg);
      if (tails.count > 1) return ambiguous('preauth_disconnect', tails.addresses);
    }
    return at('preauth_disconnect', other[3]!, other[4], other[2]!);
  }
  const bare = DISCONNECTING_BARE.exec(msg);
  if (bare !== null && (normalizeIp(bare[1]!) !== null || isNoSocket(bare[1]!))) return disconnect(bare[1]!, bare[2], null, flag === 'preauth');
  const cut = DISCONNECTING_NO_REASON.exec(msg);
  if (cut !== null) return cut[1] === undefined && flag !== 'preauth' ? 'ignored' : at('preauth_disconnect', cut[3]!, cut[4], cut[2]!);
  return 'unmatched';
}

/**
 * `Unable to negotiate with <remote_id>: no matching <what> found. Their offer: <list>`. The offer
 * is the client's; with a user preamble (a re-key during authentication) an invalid user's name is
 * attacker text too, so several `<addr> port <p>: no matching` make the line ambiguous.
 */
export function parseNegotiate(msg: string): MessageOutcome {
  templateTrace.id = 'sshd.negotiate';
  const m = NEGOTIATE.exec(msg);
  if (m !== null && (normalizeIp(m[1]!) !== null || isNoSocket(m[1]!))) return at('protocol_error', m[1]!, m[2], null);
  const u = NEGOTIATE_USER.exec(msg);
  if (u !== null) {
    if (u[1] !== 'authenticating') {
      const tails = tailCandidates(NEGOTIATE_TAIL, msg);
      if (tails.count > 1) return ambiguous('protocol_error', tails.addresses);
    }
    return at('protocol_error', u[3]!, u[4], u[2]!);
  }
  // 6.x `Unable to negotiate a key exchange method`: no address of its own.
  if (msg.startsWith('Unable to negotiate a ')) return connectionLine('protocol_error', 'none', null);
  return 'unmatched';
}

/** Identification, banner, KEX, timeout, listener-drop and scanner lines → protocol_error. */
export function parseProtocolError(msg: string): MessageOutcome {
  templateTrace.id = 'sshd.protocol-error';
  let m: RegExpExecArray | null;
  switch (msg.charCodeAt(0)) {
    case 68: // D
      m = NO_IDENT.exec(msg);
      return m === null ? 'unmatched' : at('protocol_error', m[1]!, m[2], null);
    case 80: // P: ≤7.x `Protocol major versions differ for <addr>[ port <p>]: <ours> vs. <theirs>`
      m = PROTOCOL_DIFFER.exec(msg);
      if (m !== null) return at('protocol_error', m[1]!, m[2], null);
      return msg.startsWith('Protocol major versions differ') ? connectionLine('protocol_error', 'none', null) : 'unmatched';
    case 66: // B
      if (msg.startsWith('Bad remote protocol version identification')) {
        return connectionLine('protocol_error', 'none', null);
      }
      m = BAD_VERSION.exec(msg);
      return m === null ? 'unmatched' : at('protocol_error', m[2]!, m[3], null);
    case 98: // b
      m = BANNER.exec(msg);
      return m === null ? 'unmatched' : at('protocol_error', m[1]!, m[2], null);
    case 107: // k: kex_exchange_identification: … (no address of its own)
      return connectionLine('protocol_error', 'none', null);
    case 110: // n: pre-7.x `no matching <what> found: client … server …` (no address of its own)
      return msg.includes(' found: client ') ? connectionLine('protocol_error', 'none', null) : 'unmatched';
    case 115: // s
      if (msg.startsWith('ssh_dispatch_run_fatal: ')) {
        m = DISPATCH_FATAL.exec(msg);
        return m === null ? 'unmatched' : at('protocol_error', m[2]!, m[3], m[1] ?? null);
      }
      m = PROBED.exec(msg);
      return m === null ? 'unmatched' : at('protocol_error', m[1]!, m[2], null);
    case 112: // p
      m = PROBED.exec(msg);
      return m === null ? 'unmatched' : at('protocol_error', m[1]!, m[2], null);
    case 84: {
      // T: ≤9.7 `Timeout before authentication for <addr> port <p>`; 9.8+ `… for connection from
      // <A> to <B>, pid = <n>`. 9.8 alone logged A = local, B = remote; we cannot tell the
      // version from the line, so we follow 9.9+ (A = remote) and report B as dst.
      m = TIMEOUT_OLD.exec(msg);
      if (m !== null) return at('protocol_error', m[1]!, m[2], null);
      m = TIMEOUT_NEW.exec(msg);
      if (m === null) return 'unmatched';
      const event = at('protocol_error', m[1]!, undefined, null);
      if (typeof event !== 'string' && !Array.isArray(event)) event.dst = normalizeIp(m[2]!);
      return event;
    }
    case 100: {
      // d: `drop connection #n from [A]:P on [L]:LP <reason>` (listener, 9.8+)
      m = DROP.exec(msg);
      if (m === null) return 'unmatched';
      const event = at('protocol_error', m[1]!, m[2], null);
      const dport = portOf(m[4]);
      if (typeof event !== 'string' && !Array.isArray(event)) {
        event.dst = normalizeIp(m[3]!);
        event.dport = Number.isNaN(dport) ? null : dport;
      }
      return event;
    }
    default:
      return 'unmatched';
  }
}

/**
 * `Read from socket failed: Connection reset by peer [preauth]` (older sshd, before `Connection
 * reset by <addr>`): a pre-authentication disconnect of the process's peer; after authentication
 * it is bookkeeping.
 */
export function parseSocketReadFailed(flag: SshdFlag): MessageOutcome {
  templateTrace.id = 'sshd.socket-read-failed';
  return flag === 'preauth' ? connectionLine('preauth_disconnect', 'none', null) : 'ignored';
}
