/**
 * What a program-message parser returns: the message-level part of an event (no time, host or
 * position yet), or a verdict for lines that produce no event.
 */
import type { AttemptWeight, EventType, SecurityEvent } from '../model/event.js';
import { normalizeIp } from '../net/ip.js';

/** The message-level fields of a `SecurityEvent` (documented there), as a template fills them. */
type MessageFields = Pick<
  SecurityEvent,
  | 'type'
  | 'weight'
  | 'ip'
  | 'rhost'
  | 'user'
  | 'port'
  | 'method'
  | 'dport'
  | 'proto'
  | 'bytes'
  | 'dst'
  | 'flags'
  | 'tcpFlags'
  | 'direction'
  | 'iface'
  | 'bytesOut'
  | 'bytesIn'
  | 'flowStart'
  | 'flowEnd'
>;

export interface MessageEvent extends MessageFields {
  /** Occurrences this message stands for (`PAM 2 more authentication failures` → 2). Default 1. */
  count?: number;
  /**
   * Set when `ip` is null because attacker text on both sides of the address made the line
   * ambiguous: the addresses the line could mean. The line parser keeps one of them only when an
   * unambiguous line of the same sshd process named it (log-formats.md §3.9). Never copied into the
   * SecurityEvent.
   */
  candidates?: string[];
  /**
   * The line names no address but belongs to an sshd connection (`Disconnecting: Too many
   * authentication failures`, `kex_exchange_identification: …`): the line parser takes the address
   * the same process named on an earlier unambiguous line, if it still remembers one. Never copied.
   */
  needsPeer?: boolean;
  /**
   * The line reports failed authentications as PAM saw them (`authentication failure`, `PAM N more
   * …`, sshd's `error: PAM: …`; how many is the event's count): what the attempt counter weighs
   * against sshd's own `Failed` lines of the same connection. Never copied.
   */
  pamFailure?: boolean;
  /** `PAM N more authentication failures`: written at the end of the PAM handle. Never copied. */
  pamSummary?: boolean;
  /** The line closes the connection's authentication (too many failures, disconnects). Never copied. */
  ends?: boolean;
}

/**
 * - a MessageEvent (or several): matched;
 * - `ignored`: a known, benign message;
 * - `unmatched`: the program is ours but no template matched (or a field failed validation).
 */
export type MessageOutcome = MessageEvent | MessageEvent[] | 'ignored' | 'unmatched';

/**
 * Every MessageEvent is made here, with all its properties in one order: one object shape, so the
 * property reads on the hot path (building events, checking ip/type) stay monomorphic and fast.
 */
export function messageEvent(
  type: EventType,
  weight: AttemptWeight,
  ip: string | null,
  user: string | null,
  port: number | null,
): MessageEvent {
  return {
    type,
    weight,
    ip,
    rhost: null,
    user,
    port,
    method: undefined,
    dport: undefined,
    proto: undefined,
    bytes: undefined,
    dst: undefined,
    flags: undefined,
    tcpFlags: undefined,
    direction: undefined,
    iface: undefined,
    bytesOut: undefined,
    bytesIn: undefined,
    flowStart: undefined,
    flowEnd: undefined,
    count: undefined,
    candidates: undefined,
    needsPeer: undefined,
    pamFailure: undefined,
    pamSummary: undefined,
    ends: undefined,
  };
}

/** A port captured by `\d{1,5}`: its value, or NaN when absent-but-invalid (> 65535). Null when absent. */
export function portOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return portNumber(text);
    n = n * 10 + d;
  }
  return text.length > 0 && n <= 65535 ? n : portNumber(text);
}

/** `Number` semantics for anything that is not plain digits (never produced by `\d{1,5}`). */
function portNumber(text: string): number {
  const n = Number(text);
  return n <= 65535 ? n : NaN;
}

const HOST_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252}[A-Za-z0-9_.])?$/;

/** A remote given as an IP or a DNS name: `{ip}` or `{rhost}`; null when it is neither. */
export function ipOrHost(text: string): { ip: string | null; rhost: string | null } | null {
  const ip = normalizeIp(text);
  if (ip !== null) return { ip, rhost: null };
  if (HOST_NAME.test(text)) return { ip: null, rhost: text };
  return null;
}

