/**
 * Which address each sshd process (host + PID) is talking to, as stated by lines that cannot be
 * ambiguous: `Invalid user <u> from <addr> port <p>`, `Failed|Accepted <method> for …` whose tail is
 * not in doubt (the address is the last token, nothing attacker-written follows it), and the VERBOSE
 * `Connection from <addr>[ port <p>[ on …]]`. The remembered peer serves two kinds of lines:
 * - a line that attacker text made ambiguous (log-formats.md §3.9) keeps an address only when it is
 *   one of the line's candidates *and* the same process named it;
 * - a line without any address that belongs to the connection (`Disconnecting: Too many
 *   authentication failures`, `kex_exchange_identification: …`) takes the peer, flagged `peer`.
 * A peer is forgotten when its connection ends (a disconnect line of that process), after
 * `PEER_TTL_MS` of event time without a line naming it, and whenever the process names another
 * address (never carried across a different peer). Lines flagged `suspicious` never teach a peer.
 * Bounded and allocation-free: a direct-mapped table indexed by host and PID (a process's lines are
 * close together in a log; a slot reused by another process just forgets, it never answers for the
 * wrong one).
 */
import { createSlotIndex, PROCESS_SLOTS, type SlotOf } from './host-pid-slots.js';
import { type MessageEvent } from './message-event.js';
import { normalizeIp } from '../net/ip.js';

const SLOTS = PROCESS_SLOTS;
/** How long a process's peer is remembered after the last line that named it (LoginGraceTime is 2 min by default). */
export const PEER_TTL_MS = 10 * 60_000;

export interface ConnectionPeers {
  /**
   * Called with every sshd-family event of a line, at event time `time`: resolves an ambiguous
   * event (one with `candidates`) or an address-less one (`needsPeer`) from what the process named
   * before, or remembers the address of an unambiguous one. Removes `candidates` either way.
   */
  note(e: MessageEvent, host: string | null, pid: number | null, time: number): void;
  /**
   * Remembers the peer named by a VERBOSE `Connection from <addr>[ port <p>[ on …]]` message (or a
   * patched sshd's `SSH: Server;Ltype: …;Remote: <addr>-<port>;…`).
   */
  noteConnectionFrom(msg: string, host: string | null, pid: number | null, time: () => number): void;
  /** The connection of this process ended: forget its peer. */
  end(host: string | null, pid: number | null): void;
  /** The peer remembered for a process at `time`, or undefined. */
  recall(host: string | null, pid: number, time: number): string | undefined;
}

const PEER_FLAGS = Object.freeze(['peer']) as unknown as string[];
const CONNECTION_FROM = /^Connection from (\S+)(?: port \d{1,5}(?: on \S+ port \d{1,5}(?: rdomain ".*")?)?)?$/;
// A vendor-patched sshd's VERBOSE session log: `SSH: Server;Ltype: Version;Remote: 127.0.0.1-1780;…`
// (the remote comes before any client text).
const SERVER_LTYPE = /^SSH: Server;Ltype: \w+;Remote: ([0-9A-Fa-f.:]+)-\d{1,5};/;

/** `slotOf`: a slot index over `PROCESS_SLOTS` slots, shared with the parser's other per-process table. */
export function createConnectionPeers(slotOf: SlotOf = createSlotIndex(SLOTS)): ConnectionPeers {
  const pids = new Float64Array(SLOTS).fill(-1);
  const times = new Float64Array(SLOTS);
  const hosts: (string | null)[] = new Array<string | null>(SLOTS).fill(null);
  const ips: string[] = new Array<string>(SLOTS).fill('');

  function remember(host: string | null, pid: number, ip: string, time: number): void {
    const slot = slotOf(host, pid);
    times[slot] = Number.isFinite(time) ? time : 0;
    // Most lines of a connection name the peer it already has: then only the time changes. Storing
    // the line's own strings into these long-lived arrays is what costs (each store keeps a young
    // string alive through the next scavenge), so it is done only when the peer is new.
    if (pids[slot] === pid && hosts[slot] === host && ips[slot] === ip) return;
    pids[slot] = pid;
    hosts[slot] = host;
    ips[slot] = ip;
  }

  function recall(host: string | null, pid: number, time: number): string | undefined {
    const slot = slotOf(host, pid);
    if (pids[slot] !== pid || hosts[slot] !== host) return undefined;
    if (Number.isFinite(time) && Math.abs(time - times[slot]!) > PEER_TTL_MS) {
      pids[slot] = -1;
      return undefined;
    }
    return ips[slot];
  }

  function forget(host: string | null, pid: number): void {
    const slot = slotOf(host, pid);
    if (pids[slot] === pid && hosts[slot] === host) pids[slot] = -1;
  }

  return {
    note(e, host, pid, time) {
      const candidates = e.candidates;
      if (candidates !== undefined) {
        e.candidates = undefined;
        const peer = pid === null ? undefined : recall(host, pid, time);
        if (peer !== undefined && candidates.includes(peer)) e.ip = peer;
        return;
      }
      if (pid === null) return;
      if (e.ip === null) {
        if (e.needsPeer !== true) return;
        const peer = recall(host, pid, time);
        if (peer === undefined) return;
        e.ip = peer;
        e.flags = e.flags === undefined ? PEER_FLAGS : [...e.flags, 'peer'];
        return;
      }
      if (e.flags !== undefined && e.flags.includes('suspicious')) return;
      remember(host, pid, e.ip, time);
    },
    noteConnectionFrom(msg, host, pid, time) {
      if (pid === null) return;
      const c = msg.charCodeAt(0);
      if (c !== 67 && c !== 83) return;
      const m = c === 67 ? (msg.startsWith('Connection from ') ? CONNECTION_FROM.exec(msg) : null) : SERVER_LTYPE.exec(msg);
      if (m === null) return;
      const ip = normalizeIp(m[1]!);
      if (ip !== null) remember(host, pid, ip, time());
    },
    end(host, pid) {
      if (pid !== null) forget(host, pid);
    },
    recall,
  };
}
