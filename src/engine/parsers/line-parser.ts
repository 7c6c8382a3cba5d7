/**
 * `createLineParser`: one line → ParseResult, in two steps (envelope, then the program's message).
 * Dispatch is ordered for a log that is mostly noise: the envelope is read with character checks,
 * the tag is tested before any message regex, and the timestamp is converted only for lines that
 * produce events (with a one-entry cache: consecutive lines usually share their stamp).
 *
 * Stateful parts (one parser per source): the time of the previous event (fallback for records
 * without time: legacy JSON without `time`, RFC 5424 NILVALUE, journald without timestamps), the
 * Zeek TSV header, the RFC 3164 year reference, and the address each sshd process named on an
 * unambiguous line (connection-peers.ts: the only way an ambiguous line gets an address back).
 * Nothing here throws: a bug on some input becomes `unmatched`.
 */
import type { SecurityEvent } from '../model/event.js';
import { buildEvents, type Envelope, type Origin } from './build-event.js';
import { createConnectionPeers } from './connection-peers.js';
import { isSuricataRecord, isZeekRecord, parseSuricata, parseZeekConn, createZeekTsvState, parseZeekTsvRow, readZeekHeader, type FlowOutcome } from './flow-records.js';
import { isJournalRecord, readJournalEntry } from './journald-json.js';
import { isLegacyRecord, legacySrcFailure, readLegacyRecord, splitTaggedMessage } from './legacy-json.js';
import { isPamSessionLine } from './pam.js';
import { mayBeOurs, parseProgramMessage } from './program-message.js';
import { parseRfc3339 } from './rfc3339-time.js';
import { createSyslogHeader, headerHost, headerTag, readSyslogHeader, type SyslogFormat } from './syslog-header.js';
import { MAX_LINE_LENGTH, type LineParser, type LineStatus, type ParseResult, type ParserOptions } from './types.js';
import { createRfc3164TimeReader } from './year-inference.js';
import { createZoneConverter } from './zoned-time.js';

/** Shared by every result without events (frozen: nobody may add to it). */
const NO_EVENTS = Object.freeze([]) as unknown as SecurityEvent[];
// The two answers most noise lines get, allocated once.
const UNKNOWN: ParseResult = Object.freeze({ status: 'unknown', program: null, events: NO_EVENTS, truncated: false });
const PAM_IGNORED: ParseResult = Object.freeze({ status: 'ignored', program: 'pam', events: NO_EVENTS, truncated: false });

function result(status: LineStatus, program: string | null, events: SecurityEvent[], truncated: boolean): ParseResult {
  if (events.length === 0) {
    if (!truncated && program === null && status === 'unknown') return UNKNOWN;
    if (!truncated && program === 'pam' && status === 'ignored') return PAM_IGNORED;
    return { status, program, events: NO_EVENTS, truncated };
  }
  return { status, program, events, truncated };
}

/** Cuts an over-long line (never in the middle of a surrogate pair) and trailing CR/LF/NUL. */
function prepare(text: string): { text: string; truncated: boolean } {
  let t = text;
  let truncated = false;
  if (t.length > MAX_LINE_LENGTH) {
    let end = MAX_LINE_LENGTH;
    const last = t.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    t = t.slice(0, end);
    truncated = true;
  }
  let end = t.length;
  while (end > 0) {
    const c = t.charCodeAt(end - 1);
    if (c !== 10 && c !== 13 && c !== 0) break;
    end--;
  }
  return { text: end === t.length ? t : t.slice(0, end), truncated };
}

/** Creates a parser. Throws a RangeError when `opts.timeZone` is not a known IANA zone. */
export function createLineParser(opts: ParserOptions): LineParser {
  const zone = createZoneConverter(opts.timeZone);
  const read3164 = createRfc3164TimeReader(opts.now, zone);
  let last3339Text = '';
  let last3339Value = NaN;
  let lastEventTime = opts.now;
  const zeek = createZeekTsvState();
  const header = createSyslogHeader();
  const peers = createConnectionPeers();

  function read3339(text: string, start: number, end: number): number {
    if (end - start === last3339Text.length && text.startsWith(last3339Text, start)) return last3339Value;
    last3339Value = parseRfc3339(text, start, end);
    last3339Text = text.slice(start, end);
    return last3339Value;
  }

  function finish(events: SecurityEvent[], family: string, status: LineStatus, truncated: boolean): ParseResult {
    if (events.length > 0) {
      lastEventTime = events[events.length - 1]!.time;
      return result('matched', family, events, truncated);
    }
    return result(status === 'matched' ? 'unmatched' : status, family, events, truncated);
  }

  // Where the time of the message being parsed comes from, set just before `message()`: a syslog
  // stamp (converted only if the line yields events) or a time already known (journald). Plain
  // variables rather than a closure per line.
  let stampText = '';
  let stampStart = -1;
  let stampEnd = -1;
  let stampFormat: SyslogFormat = 'rfc3164';
  let knownTime: number | null = null;
  let lastHost = '';

  function messageTime(): number {
    if (knownTime !== null) return knownTime;
    if (stampStart < 0) return lastEventTime;
    return stampFormat === 'rfc3164' ? read3164(stampText, stampStart, stampEnd) : read3339(stampText, stampStart, stampEnd);
  }

  /** A program message with a known envelope (syslog or journald); its time is `messageTime()`. */
  function message(tag: string, msg: string, host: string | null, pid: number | null, origin: Origin, truncated: boolean): ParseResult {
    const parsed = parseProgramMessage(tag, msg);
    if (parsed === null) return result('unknown', null, [], truncated);
    const { outcome } = parsed;
    if (typeof outcome === 'string') {
      if (outcome === 'ignored' && parsed.family === 'sshd') peers.noteConnectionFrom(msg, host, pid);
      return result(outcome, parsed.family, [], truncated);
    }
    // Only events without an address (maybe ambiguous) or naming an invalid user concern the
    // connection peers: two plain property reads on the common path.
    if (Array.isArray(outcome)) {
      for (const e of outcome) if (e.ip === null || e.type === 'invalid_user') peers.note(e, host, pid);
    } else if (outcome.ip === null || outcome.type === 'invalid_user') {
      peers.note(outcome, host, pid);
    }
    const t = messageTime();
    if (Number.isNaN(t)) return result('unknown', null, [], truncated);
    const env: Envelope = { time: t, host, program: tag, pid };
    return finish(buildEvents(outcome, env, origin, parsed.count), parsed.family, 'matched', truncated);
  }

  function syslog(text: string, origin: Origin, truncated: boolean): ParseResult | null {
    const h = header;
    if (!readSyslogHeader(text, h)) return null;
    if (h.tagEnd === h.tagStart || !mayBeOurs(text, h.tagStart, h.tagEnd, h.msgStart)) return result('unknown', null, [], truncated);
    if (isPamSessionLine(text, h.msgStart)) return result('ignored', 'pam', [], truncated);
    stampText = text;
    stampStart = h.tsStart;
    stampEnd = h.tsEnd;
    stampFormat = h.format;
    knownTime = null;
    // Consecutive lines mostly come from the same host: reuse its string.
    let host: string | null = null;
    if (h.hostStart >= 0) {
      if (h.hostEnd - h.hostStart === lastHost.length && text.startsWith(lastHost, h.hostStart)) host = lastHost;
      else host = lastHost = headerHost(text, h)!;
    }
    return message(headerTag(text, h), text.slice(h.msgStart), host, h.pid, origin, truncated);
  }

  function flow(outcome: FlowOutcome, family: string, origin: Origin, truncated: boolean): ParseResult {
    if (typeof outcome === 'string') return result(outcome, family, [], truncated);
    const env: Envelope = { time: outcome.time ?? lastEventTime, host: null, program: family, pid: null };
    return finish(buildEvents(outcome.event, env, origin, 1), family, 'matched', truncated);
  }

  function legacy(obj: Record<string, unknown>, origin: Origin, truncated: boolean): ParseResult {
    const parts = readLegacyRecord(obj, (t) => readSyslogHeader(t, createSyslogHeader()));
    const time = parts.time ?? lastEventTime;
    let events: SecurityEvent[];
    let status: LineStatus;
    if (parts.kind === 'line') {
      const inner = syslog(parts.message, origin, false);
      if (inner === null || inner.status === 'unknown') return result('unmatched', 'legacy', [], truncated);
      events = inner.events;
      status = inner.status;
      for (const e of events) {
        if (parts.time !== null) e.time = parts.time;
        e.flags = [...(e.flags ?? []), 'legacy'];
      }
    } else {
      const env: Envelope = { time, host: null, program: 'legacy', pid: null };
      let outcome = parts.outcome;
      if (parts.kind === 'fragment') {
        const tagged = splitTaggedMessage(parts.message);
        const parsed = tagged !== null ? parseProgramMessage(tagged.tag, tagged.msg) : parseProgramMessage('sshd', parts.message);
        outcome = parsed === null || parsed.outcome === 'unmatched' ? legacySrcFailure(obj) : parsed.outcome;
      }
      status = typeof outcome === 'string' ? outcome : 'matched';
      events = buildEvents(outcome, env, origin, 1, 'legacy');
    }
    return finish(events, 'legacy', status, truncated);
  }

  function json(text: string, origin: Origin, truncated: boolean): ParseResult {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return result('unknown', null, [], truncated);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return result('unknown', null, [], truncated);
    const obj = value as Record<string, unknown>;
    if (isJournalRecord(obj)) {
      const entry = readJournalEntry(obj);
      if (entry.tag === null || entry.message === null) return result('unknown', null, [], truncated);
      const time = entry.time ?? lastEventTime;
      knownTime = time;
      return message(entry.tag, entry.message, entry.host, entry.pid, origin, truncated);
    }
    if (isLegacyRecord(obj)) return legacy(obj, origin, truncated);
    if (isZeekRecord(obj)) return flow(parseZeekConn(obj), 'zeek', origin, truncated);
    if (isSuricataRecord(obj)) return flow(parseSuricata(obj), 'suricata', origin, truncated);
    return result('unknown', null, [], truncated);
  }

  function parse(text: string, origin: Origin, truncated: boolean): ParseResult {
    const c = text.charCodeAt(0);
    if (c === 123) return json(text, origin, truncated); // {
    if (c === 0x1e) return json(text.slice(1), origin, truncated); // json-seq record separator
    const fromSyslog = syslog(text, origin, truncated);
    if (fromSyslog !== null) return fromSyslog;
    if (c === 35 || c === 116) {
      // Zeek TSV header (`#fields…`, or `ts<TAB>…` with tsv=T)
      if (readZeekHeader(text, zeek)) return result('ignored', 'zeek', [], truncated);
    }
    // Data rows once a header gave the columns (whatever the first column is: `#fields` may reorder).
    if (zeek.fields !== null) {
      const row = parseZeekTsvRow(text, zeek);
      if (row !== null) return flow(row, 'zeek', origin, truncated);
    }
    if (c === 100 && text.startsWith('data: {')) return json(text.slice(6), origin, truncated); // json-sse
    return result('unknown', null, [], truncated);
  }

  return (raw) => {
    let truncated = false;
    try {
      const prepared = prepare(raw.text);
      truncated = prepared.truncated;
      return parse(prepared.text, { raw: prepared.text, file: raw.file, line: raw.line }, truncated);
    } catch {
      return result('unmatched', null, [], truncated);
    }
  };
}
