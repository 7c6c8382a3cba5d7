/**
 * Flow records (log-formats.md §6.1–6.2): Zeek conn.log (JSON lines and TSV with `#fields`
 * headers) and Suricata eve.json `flow` events → `flow` events: ip = originator, dst = responder,
 * port/dport, proto (lower-case), bytes = IP-level bytes both ways (Zeek `orig_ip_bytes +
 * resp_ip_bytes`, falling back to payload bytes; Suricata `bytes_toserver + bytes_toclient`).
 * Event time is the record's own stamp: Zeek `ts` (connection start), Suricata `timestamp`.
 * Per direction: bytesOut = originator → responder, bytesIn = responder → originator (same level as
 * `bytes`); flowStart/flowEnd = the interval the bytes cover (Zeek `ts` + `duration`, Suricata
 * `flow.start`/`flow.end`); direction from Zeek `local_orig`/`local_resp`; iface = Suricata `in_iface`.
 * Other Suricata event types (`alert`, `http`…: running counters) are `ignored`.
 */
import type { TrafficDirection } from '../model/event.js';
import { boundedBytes } from './bounded-number.js';
import { messageEvent, type MessageEvent } from './message-event.js';
import { parseRfc3339 } from './rfc3339-time.js';
import { normalizeIp } from '../net/ip.js';

export interface FlowRecord {
  /** ms since the epoch, or null when the record had no usable time. */
  time: number | null;
  event: MessageEvent;
}

export type FlowOutcome = FlowRecord | 'ignored' | 'unmatched';

function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\d{1,30}(?:\.\d{1,30})?$/.test(value)) return Number(value);
  return null;
}

function port(value: unknown): number | null {
  const n = num(value);
  return n !== null && Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
}

function sum(a: unknown, b: unknown): number | null {
  const x = num(a);
  const y = num(b);
  if (x === null && y === null) return null;
  return (x ?? 0) + (y ?? 0);
}

/** Zeek bools: JSON `true`/`false`, TSV `T`/`F`; null when unset. */
function bool(value: unknown): boolean | null {
  if (value === true || value === 'T') return true;
  if (value === false || value === 'F') return false;
  return null;
}

function zeekDirection(localOrig: boolean | null, localResp: boolean | null): TrafficDirection | null {
  if (localOrig === null || localResp === null) return null;
  return localOrig ? (localResp ? 'internal' : 'outbound') : localResp ? 'inbound' : 'external';
}

function isoTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const t = parseRfc3339(value, 0, value.length, true);
  return Number.isNaN(t) ? null : t;
}

function address(value: unknown): string | null {
  return typeof value === 'string' ? normalizeIp(value) : null;
}

/** Zeek `ts`: epoch seconds (float), epoch millis, or an ISO 8601 string. */
function zeekTime(value: unknown): number | null {
  if (typeof value === 'string') {
    const iso = parseRfc3339(value, 0, value.length, true);
    if (!Number.isNaN(iso)) return iso;
  }
  const n = num(value);
  if (n === null) return null;
  const ms = n > 1e11 ? Math.floor(n) : Math.floor(n * 1000);
  // Date's range (±8.64e15 ms): a stamp past it is no time at all.
  return Math.abs(ms) <= 8.64e15 ? ms : null;
}

function flowEvent(ip: string, dst: string | null, sport: number | null, dport: number | null, proto: unknown, bytes: number | null): MessageEvent {
  const event = messageEvent('flow', 'none', ip, null, sport);
  event.dport = dport;
  event.proto = typeof proto === 'string' && proto.length > 0 ? proto.toLowerCase() : null;
  event.bytes = boundedBytes(bytes);
  event.dst = dst;
  return event;
}

export function isZeekRecord(obj: Record<string, unknown>): boolean {
  return 'id.orig_h' in obj || (typeof obj['id'] === 'object' && obj['id'] !== null && 'orig_h' in obj['id']);
}

export function isSuricataRecord(obj: Record<string, unknown>): boolean {
  return typeof obj['event_type'] === 'string';
}

/** A Zeek conn record given as a map of column name → value (JSON, or a TSV row). */
export function parseZeekConn(obj: Record<string, unknown>): FlowOutcome {
  const nested = typeof obj['id'] === 'object' && obj['id'] !== null ? (obj['id'] as Record<string, unknown>) : null;
  const ip = address(obj['id.orig_h'] ?? nested?.['orig_h']);
  if (ip === null) return 'unmatched';
  const ipLevel = sum(obj['orig_ip_bytes'], obj['resp_ip_bytes']) !== null;
  const bytes = ipLevel ? sum(obj['orig_ip_bytes'], obj['resp_ip_bytes']) : sum(obj['orig_bytes'], obj['resp_bytes']);
  // For ICMP Zeek puts the type and code in the port columns: they are not ports.
  const icmp = typeof obj['proto'] === 'string' && obj['proto'].toLowerCase() === 'icmp';
  const event = flowEvent(
    ip,
    address(obj['id.resp_h'] ?? nested?.['resp_h']),
    icmp ? null : port(obj['id.orig_p'] ?? nested?.['orig_p']),
    icmp ? null : port(obj['id.resp_p'] ?? nested?.['resp_p']),
    obj['proto'],
    bytes,
  );
  const time = zeekTime(obj['ts']);
  if (bytes !== null) {
    event.bytesOut = num(obj[ipLevel ? 'orig_ip_bytes' : 'orig_bytes']);
    event.bytesIn = num(obj[ipLevel ? 'resp_ip_bytes' : 'resp_bytes']);
  }
  event.direction = zeekDirection(bool(obj['local_orig']), bool(obj['local_resp']));
  const duration = num(obj['duration']);
  event.flowStart = time;
  event.flowEnd = time === null ? null : time + Math.round((duration ?? 0) * 1000);
  return { time, event };
}

/** A Suricata eve.json record: `flow` events only. */
export function parseSuricata(obj: Record<string, unknown>): FlowOutcome {
  if (obj['event_type'] !== 'flow') return 'ignored';
  const ip = address(obj['src_ip']);
  if (ip === null) return 'unmatched';
  const flow = typeof obj['flow'] === 'object' && obj['flow'] !== null ? (obj['flow'] as Record<string, unknown>) : {};
  const stamp = obj['timestamp'];
  const time = typeof stamp === 'string' ? parseRfc3339(stamp, 0, stamp.length, true) : NaN;
  const event = flowEvent(ip, address(obj['dest_ip']), port(obj['src_port']), port(obj['dest_port']), obj['proto'], sum(flow['bytes_toserver'], flow['bytes_toclient']));
  event.bytesOut = num(flow['bytes_toserver']);
  event.bytesIn = num(flow['bytes_toclient']);
  event.flowStart = isoTime(flow['start']);
  event.flowEnd = isoTime(flow['end']);
  event.iface = typeof obj['in_iface'] === 'string' && obj['in_iface'].length > 0 ? obj['in_iface'] : null;
  return { time: Number.isNaN(time) ? null : time, event };
}

/** Zeek ASCII (TSV) state: the header seen so far in this stream. */
export interface ZeekTsvState {
  separator: string;
  unset: string;
  empty: string;
  fields: string[] | null;
}

export function createZeekTsvState(): ZeekTsvState {
  return { separator: '\t', unset: '-', empty: '(empty)', fields: null };
}

function unescapeSeparator(value: string): string {
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * A `#…` header line (`#separator`, `#fields`, …) or the single header of `tsv=T`; updates the
 * state. Returns false when the line is not a Zeek header.
 */
export function readZeekHeader(line: string, state: ZeekTsvState): boolean {
  if (line.startsWith('#separator ')) {
    state.separator = unescapeSeparator(line.slice(11));
    return true;
  }
  if (line.charCodeAt(0) === 35) {
    const sep = line.indexOf(state.separator);
    if (sep === -1) return false;
    const key = line.slice(1, sep);
    const value = line.slice(sep + state.separator.length);
    switch (key) {
      case 'fields': state.fields = value.split(state.separator); return true;
      case 'unset_field': state.unset = value; return true;
      case 'empty_field': state.empty = value; return true;
      case 'set_separator': case 'path': case 'open': case 'close': case 'types': return true;
      default: return false;
    }
  }
  if (line.startsWith('ts\t') && line.includes('\tid.orig_h\t')) {
    state.separator = '\t';
    state.fields = line.split('\t');
    return true;
  }
  return false;
}

/** A TSV data row, once `#fields` is known; null when the row does not fit the header. */
export function parseZeekTsvRow(line: string, state: ZeekTsvState): FlowOutcome | null {
  const fields = state.fields;
  if (fields === null) return null;
  const values = line.split(state.separator);
  if (values.length !== fields.length) return null;
  const row: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const v = values[i]!;
    if (v !== state.unset) row[fields[i]!] = v === state.empty ? '' : v;
  }
  return parseZeekConn(row);
}
