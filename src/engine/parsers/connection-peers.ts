/**
 * Which address each sshd process (host + PID) is talking to, as stated by lines that cannot be
 * ambiguous: `Invalid user <u> from <addr> port <p>` (the address is the last token, nothing
 * attacker-written follows it) and the VERBOSE `Connection from <addr> port <p> on …`. A line that
 * attacker text made ambiguous (log-formats.md §3.9) keeps an address only when it is one of the
 * line's candidates *and* the same process already named it; otherwise its ip stays null.
 * Bounded and allocation-free: a direct-mapped table indexed by PID (a process's lines are close
 * together in a log; a slot reused by another PID just forgets, it never answers for the wrong one).
 */
import { type MessageEvent } from './message-event.js';
import { normalizeIp } from '../net/ip.js';

const SLOTS = 4096; // a power of two

export interface ConnectionPeers {
  /**
   * Called with events that have no address or name an invalid user: resolves an ambiguous event
   * (one with `candidates`) from what the process named before, or remembers the address of an
   * `invalid_user` line. Removes `candidates` either way.
   */
  note(e: MessageEvent, host: string | null, pid: number | null): void;
  /** Remembers the peer named by a VERBOSE `Connection from <addr> port <p> on …` message. */
  noteConnectionFrom(msg: string, host: string | null, pid: number | null): void;
}

export function createConnectionPeers(): ConnectionPeers {
  const pids = new Float64Array(SLOTS).fill(-1);
  const hosts: (string | null)[] = new Array<string | null>(SLOTS).fill(null);
  const ips: string[] = new Array<string>(SLOTS).fill('');

  function remember(host: string | null, pid: number, ip: string): void {
    const slot = pid & (SLOTS - 1);
    pids[slot] = pid;
    hosts[slot] = host;
    ips[slot] = ip;
  }

  function recall(host: string | null, pid: number): string | undefined {
    const slot = pid & (SLOTS - 1);
    return pids[slot] === pid && hosts[slot] === host ? ips[slot] : undefined;
  }

  return {
    note(e, host, pid) {
      const candidates = e.candidates;
      if (candidates !== undefined) {
        e.candidates = undefined;
        const peer = pid === null ? undefined : recall(host, pid);
        if (peer !== undefined && candidates.includes(peer)) e.ip = peer;
      } else if (pid !== null && e.type === 'invalid_user' && e.ip !== null && e.flags === undefined) {
        remember(host, pid, e.ip);
      }
    },
    noteConnectionFrom(msg, host, pid) {
      if (pid === null || !msg.startsWith('Connection from ')) return;
      const portAt = msg.indexOf(' port ', 16);
      if (portAt === -1 || msg.indexOf(' on ', portAt) === -1) return;
      const ip = normalizeIp(msg.slice(16, portAt));
      if (ip !== null) remember(host, pid, ip);
    },
  };
}
