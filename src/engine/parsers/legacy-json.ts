/**
 * Predecessor JSON-lines events (log-formats.md §6.3):
 * - `auth_failed`: when `message` is a complete syslog line it is parsed like any other line (the
 *   address comes from the anchored parse, never from `src`, which the predecessor took from the
 *   first IP-looking token); when it is a bare sshd/PAM message it is parsed as one; otherwise
 *   (`Failed password for invalid user` fragments of the simulator) `src` is used if it is a
 *   valid IP → auth_failure / attempt. No usable address → `unmatched`.
 * - `port_scan`: one firewall_block per port (dport), ip = `src`.
 * - `traffic_spike`: one flow event with `bytes` (integer or numeric string).
 * - any other `type` → `unmatched`.
 * `time` is a naive ISO string meaning UTC; when it is missing the caller supplies a fallback.
 */
import { boundedBytes } from './bounded-number.js';
import { messageEvent, type MessageEvent, type MessageOutcome } from './message-event.js';
import { parseRfc3339 } from './rfc3339-time.js';
import { normalizeIp } from '../net/ip.js';

export interface LegacyParts {
  /** The record's own time (ms), or null. */
  time: number | null;
  /**
   * - `line`: `message` is a complete syslog line to parse in full (the caller does it);
   * - `fragment`: `message` is a bare program message (tag `sshd` assumed), with `src` as fallback;
   * - `events`: the record itself gives the events.
   */
  kind: 'line' | 'fragment' | 'events';
  message: string;
  outcome: MessageOutcome;
}

export function isLegacyRecord(obj: Record<string, unknown>): boolean {
  return typeof obj['type'] === 'string';
}

function legacyTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const t = parseRfc3339(value, 0, value.length, true);
  return Number.isNaN(t) ? null : t;
}

function bytesOf(value: unknown): number | null {
  if (typeof value === 'number') return boundedBytes(Number.isFinite(value) ? Math.floor(value) : null);
  if (typeof value === 'string' && /^\s*\d{1,18}\s*$/.test(value)) return boundedBytes(Number(value.trim()));
  return null;
}

/** The fallback event of an `auth_failed` record whose message gave nothing: `src`, if it is an IP. */
export function legacySrcFailure(obj: Record<string, unknown>): MessageOutcome {
  const ip = typeof obj['src'] === 'string' ? normalizeIp(obj['src']) : null;
  if (ip === null) return 'unmatched';
  return messageEvent('auth_failure', 'attempt', ip, null, null);
}

/** Splits a legacy record into what the line parser must do with it. */
export function readLegacyRecord(obj: Record<string, unknown>, looksLikeSyslogLine: (text: string) => boolean): LegacyParts {
  const time = legacyTime(obj['time']);
  const src = typeof obj['src'] === 'string' ? normalizeIp(obj['src']) : null;
  switch (obj['type']) {
    case 'auth_failed': {
      const message = typeof obj['message'] === 'string' ? obj['message'] : '';
      if (message.length > 0 && looksLikeSyslogLine(message)) return { time, kind: 'line', message, outcome: 'unmatched' };
      if (message.length > 0) return { time, kind: 'fragment', message, outcome: 'unmatched' };
      return { time, kind: 'events', message, outcome: legacySrcFailure(obj) };
    }
    case 'port_scan': {
      const ports = Array.isArray(obj['ports']) ? obj['ports'] : [];
      if (src === null) return { time, kind: 'events', message: '', outcome: 'unmatched' };
      const events: MessageEvent[] = [];
      for (const p of ports) {
        const n = typeof p === 'string' && /^\d{1,5}$/.test(p) ? Number(p) : p;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535) continue;
        const event = messageEvent('firewall_block', 'none', src, null, null);
        event.dport = n;
        events.push(event);
      }
      return { time, kind: 'events', message: '', outcome: events.length > 0 ? events : 'unmatched' };
    }
    case 'traffic_spike': {
      const bytes = bytesOf(obj['bytes']);
      if (bytes === null) return { time, kind: 'events', message: '', outcome: 'unmatched' };
      const event = messageEvent('flow', 'none', src, null, null);
      event.bytes = bytes;
      return { time, kind: 'events', message: '', outcome: event };
    }
    default:
      return { time, kind: 'events', message: '', outcome: 'unmatched' };
  }
}

const TAGGED = /^([A-Za-z0-9_.\/-]{1,48})(?:\[(\d{1,10})\])?: (.*)$/s;

/**
 * A `message` that is a program message with its tag but no timestamp (`sshd[123]: Failed …`):
 * the tag and the message, or null.
 */
export function splitTaggedMessage(message: string): { tag: string; msg: string } | null {
  const m = TAGGED.exec(message);
  return m === null ? null : { tag: m[1]!, msg: m[3]! };
}
