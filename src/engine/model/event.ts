/**
 * Normalized security events: what every parser produces and every rule consumes.
 * The NDJSON printed by `threatwatch-tui parse` is `toPublicEvent(event)`; its field names are a
 * public contract documented in the README.
 */
import { isoTime } from '../text/iso-time.js';

export const EVENT_TYPES = [
  'auth_failure',
  'auth_success',
  'invalid_user',
  'not_allowed',
  'preauth_disconnect',
  'protocol_error',
  'firewall_block',
  'flow',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/**
 * What kind of line an event is, for failed-login counting (the count itself is `attempts`):
 * - `attempt`: a rejected authentication (sshd `Failed <method>`, legacy `auth_failed`, pam_unix
 *   failures of non-sshd services).
 * - `credit`: the connection named an invalid or disallowed user: it counts at least one attempt,
 *   and its first failure is the same attempt (a connection counts max(1, failures)).
 * - `corroboration`: another line about attempts sshd reports itself (pam_unix under sshd,
 *   `PAM N more authentication failures`, `maximum authentication attempts exceeded`,
 *   `error: PAM: Authentication failure`): counted only where sshd's own line is missing.
 * - `none`: not about a failed attempt.
 */
export type AttemptWeight = 'attempt' | 'credit' | 'corroboration' | 'none';

/**
 * Which way traffic went, relative to the monitored host or network:
 * - netfilter: `inbound` (IN= set, OUT= empty), `outbound` (IN= empty, OUT= set), `forward` (both);
 * - Zeek conn: from `local_orig`/`local_resp`: `outbound` (local originator, remote responder),
 *   `inbound` (remote → local), `internal` (both local), `external` (neither).
 * Null when the record does not say (Suricata flows, Zeek without `Site::local_nets`, legacy records).
 */
export type TrafficDirection = 'inbound' | 'outbound' | 'forward' | 'internal' | 'external';

/** One physical input line with its position, before parsing. */
export interface RawLine {
  /** The line without its trailing newline (already decoded, invalid UTF-8 replaced). */
  readonly text: string;
  /** File name (or `-` for stdin, `demo` for the demo source). */
  readonly file: string;
  /** 1-based line number in that file. */
  readonly line: number;
  /** Which kind of source read the line (absent from older producers: treat as `file`). */
  readonly via?: 'file' | 'journal' | 'syslog' | 'stdin' | 'demo';
  /**
   * The sender's address for a line received over the network (syslog receiver): the socket's
   * peer, normalized (IPv4-mapped IPv6 as dotted IPv4), without the port. Not attacker-chosen text,
   * unlike the host name inside the message; absent for local sources.
   */
  readonly peer?: string;
  /** Wall-clock ms when the line was received (syslog, stdin), for lines whose own time is missing. */
  readonly receivedAt?: number;
}

export interface SecurityEvent {
  /** Event time in ms since the epoch (UTC), from the log's own timestamp. */
  time: number;
  /** The logging host from the envelope, or null. */
  host: string | null;
  /** Program/tag: `sshd`, `sshd-session`, `kernel`, `legacy`, `zeek`, `suricata`, … */
  program: string;
  /** Process id from the envelope, or null. */
  pid: number | null;
  type: EventType;
  /** Validated, normalized source IP (IPv4 dotted, IPv6 compressed lower-case), or null. */
  ip: string | null;
  /** A remote host *name* (rhost= / UseDNS) when the log gave a name instead of an IP. */
  rhost: string | null;
  /** User name as logged (attacker-controlled; escape before display). */
  user: string | null;
  /** Source port, or null. */
  port: number | null;
  /** How many occurrences this line stands for (`message repeated N times` → N). */
  count: number;
  /** What kind of line this is for failed-login counting. */
  weight: AttemptWeight;
  /**
   * Failed login attempts BRUTE_FORCE counts for this line (attempt-counter.ts): 0 for a
   * corroborating echo, N for `message repeated N times`, 1 for a PAM failure sshd never reported…
   * Always 0 without `ip`.
   */
  attempts: number;
  /** Auth method for auth events (`password`, `publickey`, `keyboard-interactive/pam`, …). */
  method?: string | null;
  /** Destination port (firewall, flows). */
  dport?: number | null;
  /** Transport protocol, lower-case (`tcp`, `udp`, `icmp`, …). */
  proto?: string | null;
  /** Bytes (flows, traffic records). */
  bytes?: number | null;
  /** Destination address (firewall, flows). */
  dst?: string | null;
  /** Markers: `preauth`, `postauth`, `suspicious` (ambiguous attacker text), `legacy`. */
  flags?: string[];
  /**
   * TCP flags of a logged TCP packet as the kernel prints them (`SYN`, `ACK`, `RST`, `FIN`, `PSH`,
   * `URG`, `ECE`, `CWR`, `AE`), possibly empty; null when unknown (not TCP, a fragment without
   * the TCP header, flow records, legacy events).
   */
  tcpFlags?: readonly string[] | null;
  /** Which way the packet or flow went (see `TrafficDirection`), or null when unknown. */
  direction?: TrafficDirection | null;
  /** Network interface: netfilter `IN=` (or `OUT=` for outbound packets), Suricata `in_iface`. */
  iface?: string | null;
  /** Flows: bytes the originator (`ip`) sent to the responder (`dst`); Zeek IP-level bytes when logged. */
  bytesOut?: number | null;
  /** Flows: bytes the responder (`dst`) sent back to the originator. */
  bytesIn?: number | null;
  /** Flows: when the flow started and ended (ms since the epoch); its bytes cover that interval. */
  flowStart?: number | null;
  flowEnd?: number | null;
  /** Where the line came from. */
  file: string;
  line: number;
  /** The raw line (for evidence). Attacker-controlled; escape before display. */
  raw: string;
}

/** The public NDJSON shape of an event (`threatwatch-tui parse`). */
export interface PublicEvent {
  time: string;
  host: string | null;
  program: string;
  type: EventType;
  ip: string | null;
  user: string | null;
  port: number | null;
  count: number;
  attempts: number;
  file: string;
  line: number;
  rhost?: string;
  method?: string;
  dport?: number;
  proto?: string;
  bytes?: number;
  dst?: string;
  flags?: string[];
  tcpFlags?: string[];
  direction?: TrafficDirection;
  iface?: string;
  bytesOut?: number;
  bytesIn?: number;
  /** ISO-8601 UTC. */
  flowStart?: string;
  flowEnd?: string;
}

export function toPublicEvent(e: SecurityEvent): PublicEvent {
  const out: PublicEvent = {
    time: isoTime(e.time),
    host: e.host,
    program: e.program,
    type: e.type,
    ip: e.ip,
    user: e.user,
    port: e.port,
    count: e.count,
    attempts: e.attempts,
    file: e.file,
    line: e.line,
  };
  if (e.rhost != null) out.rhost = e.rhost;
  if (e.method != null) out.method = e.method;
  if (e.dport != null) out.dport = e.dport;
  if (e.proto != null) out.proto = e.proto;
  if (e.bytes != null) out.bytes = e.bytes;
  if (e.dst != null) out.dst = e.dst;
  if (e.flags != null && e.flags.length > 0) out.flags = e.flags;
  if (e.tcpFlags != null) out.tcpFlags = [...e.tcpFlags];
  if (e.direction != null) out.direction = e.direction;
  if (e.iface != null) out.iface = e.iface;
  if (e.bytesOut != null) out.bytesOut = e.bytesOut;
  if (e.bytesIn != null) out.bytesIn = e.bytesIn;
  if (e.flowStart != null) out.flowStart = new Date(e.flowStart).toISOString();
  if (e.flowEnd != null) out.flowEnd = new Date(e.flowEnd).toISOString();
  return out;
}
