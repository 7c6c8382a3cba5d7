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
import { buildEvents, createEventContext, NO_EVENTS } from './build-event.js';
import { createConnectionPeers } from './connection-peers.js';
import { isSuricataRecord, isZeekRecord, parseSuricata, parseZeekConn, createZeekTsvState, parseZeekTsvRow, readZeekHeader, type FlowOutcome } from './flow-records.js';
import { isJournalRecord, readJournalEntry } from './journald-json.js';
import { isLegacyRecord, legacySrcFailure, readLegacyRecord, splitTaggedMessage } from './legacy-json.js';
import { isPamSessionLine } from './pam.js';
import { createProgramMessageInfo, mayBeOurs, parseProgramMessage, readProgramMessage } from './program-message.js';
import { parseRfc3339 } from './rfc3339-time.js';
import { createSyslogHeader, headerHost, readSyslogHeader, type SyslogFormat } from './syslog-header.js';
import { MAX_LINE_LENGTH, type LineParser, type LineStatus, type ParseResult, type ParserOptions } from './types.js';
import { createRfc3164TimeReader } from './year-inference.js';
import { createZoneConverter } from './zoned-time.js';

/**
 * Results without events, one frozen object per (status, program), shared by every such line: most
 * lines are noise and get one of a handful of answers. Programs are our family names (a fixed set);
 * the bound is a safety net.
 */
const SHARED_LIMIT = 64;
const shared: Record<LineStatus, Map<string | null, ParseResult>> = {
  matched: new Map(),
  ignored: new Map(),
  unmatched: new Map(),
  unknown: new Map(),
};

/** A result without events. */
function verdict(status: LineStatus, program: string | null, truncated: boolean): ParseResult {
  if (truncated) return { status, program, events: NO_EVENTS, truncated };
  if (status === 'unknown' && program === null) return UNKNOWN;
  return sharedVerdict(status, program);
}

function sharedVerdict(status: LineStatus, program: string | null): ParseResult {
  const byProgram = shared[status];
  let r = byProgram.get(program);
  if (r === undefined) {
    r = Object.freeze({ status, program, events: NO_EVENTS, truncated: false });
    if (byProgram.size < SHARED_LIMIT) byProgram.set(program, r);
  }
  return r;
}

// The answers most noise lines get.
const UNKNOWN = sharedVerdict('unknown', null);
const PAM_IGNORED = sharedVerdict('ignored', 'pam');
const SSHD_IGNORED = sharedVerdict('ignored', 'sshd');

/** The tag `text[start, end)`: our programs' names as constants, others sliced (last one reused). */
function tagReader(): (text: string, start: number, end: number) => string {
  let last = '';
  return (text, start, end) => {
    const n = end - start;
    if (n === 4 && text.startsWith('sshd', start)) return 'sshd';
    if (n === 12 && text.startsWith('sshd-session', start)) return 'sshd-session';
    if (n === 6 && text.startsWith('kernel', start)) return 'kernel';
    if (n === 9 && text.startsWith('sshd-auth', start)) return 'sshd-auth';
    if (n === last.length && text.startsWith(last, start)) return last;
    last = text.slice(start, end);
    return last;
  };
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
  const info = createProgramMessageInfo();
  const readTag = tagReader();
  // The envelope and position of the events being built: filled in per line, copied into events.
  const ctx = createEventContext();

  function read3339(text: string, start: number, end: number): number {
    if (end - start === last3339Text.length && text.startsWith(last3339Text, start)) return last3339Value;
    last3339Value = parseRfc3339(text, start, end);
    last3339Text = text.slice(start, end);
    return last3339Value;
  }

  function finish(events: SecurityEvent[], family: string, status: LineStatus, truncated: boolean): ParseResult {
    if (events.length > 0) {
      lastEventTime = events[events.length - 1]!.time;
      return { status: 'matched', program: family, events, truncated };
    }
    return verdict(status === 'matched' ? 'unmatched' : status, family, truncated);
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
  function message(tag: string, msg: string, host: string | null, pid: number | null, truncated: boolean): ParseResult {
    const outcome = readProgramMessage(tag, msg, info);
    if (outcome === null) return verdict('unknown', null, truncated);
    const family = info.family;
    if (typeof outcome === 'string') {
      if (outcome === 'ignored' && family === 'sshd') {
        peers.noteConnectionFrom(msg, host, pid);
        if (!truncated) return SSHD_IGNORED;
      }
      return verdict(outcome, family, truncated);
    }
    // Only events without an address (maybe ambiguous) or naming an invalid user concern the
    // connection peers: two plain property reads on the common path.
    if (Array.isArray(outcome)) {
      for (const e of outcome) if (e.ip === null || e.type === 'invalid_user') peers.note(e, host, pid);
    } else if (outcome.ip === null || outcome.type === 'invalid_user') {
      peers.note(outcome, host, pid);
    }
    const count = info.count;
    const t = messageTime();
    if (Number.isNaN(t)) return verdict('unknown', null, truncated);
    ctx.time = t;
    ctx.host = host;
    ctx.program = tag;
    ctx.pid = pid;
    return finish(buildEvents(outcome, ctx, count), family, 'matched', truncated);
  }

  function syslog(text: string, truncated: boolean): ParseResult | null {
    const h = header;
    if (!readSyslogHeader(text, h)) return null;
    if (h.tagEnd === h.tagStart || !mayBeOurs(text, h.tagStart, h.tagEnd, h.msgStart)) return truncated ? verdict('unknown', null, true) : UNKNOWN;
    if (isPamSessionLine(text, h.msgStart)) return truncated ? verdict('ignored', 'pam', true) : PAM_IGNORED;
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
    return message(readTag(text, h.tagStart, h.tagEnd), text.slice(h.msgStart), host, h.pid, truncated);
  }

  function flow(outcome: FlowOutcome, family: string, truncated: boolean): ParseResult {
    if (typeof outcome === 'string') return verdict(outcome, family, truncated);
    ctx.time = outcome.time ?? lastEventTime;
    ctx.host = null;
    ctx.program = family;
    ctx.pid = null;
    return finish(buildEvents(outcome.event, ctx, 1), family, 'matched', truncated);
  }

  function legacy(obj: Record<string, unknown>, truncated: boolean): ParseResult {
    const parts = readLegacyRecord(obj, (t) => readSyslogHeader(t, createSyslogHeader()));
    const time = parts.time ?? lastEventTime;
    let events: SecurityEvent[];
    let status: LineStatus;
    if (parts.kind === 'line') {
      const inner = syslog(parts.message, false);
      if (inner === null || inner.status === 'unknown') return verdict('unmatched', 'legacy', truncated);
      events = inner.events;
      status = inner.status;
      for (const e of events) {
        if (parts.time !== null) e.time = parts.time;
        e.flags = [...(e.flags ?? []), 'legacy'];
      }
    } else {
      let outcome = parts.outcome;
      if (parts.kind === 'fragment') {
        const tagged = splitTaggedMessage(parts.message);
        const parsed = tagged !== null ? parseProgramMessage(tagged.tag, tagged.msg) : parseProgramMessage('sshd', parts.message);
        outcome = parsed === null || parsed.outcome === 'unmatched' ? legacySrcFailure(obj) : parsed.outcome;
      }
      status = typeof outcome === 'string' ? outcome : 'matched';
      ctx.time = time;
      ctx.host = null;
      ctx.program = 'legacy';
      ctx.pid = null;
      events = buildEvents(outcome, ctx, 1, 'legacy');
    }
    return finish(events, 'legacy', status, truncated);
  }

  function json(text: string, truncated: boolean): ParseResult {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return verdict('unknown', null, truncated);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return verdict('unknown', null, truncated);
    const obj = value as Record<string, unknown>;
    if (isJournalRecord(obj)) {
      const entry = readJournalEntry(obj);
      if (entry.tag === null || entry.message === null) return verdict('unknown', null, truncated);
      const time = entry.time ?? lastEventTime;
      knownTime = time;
      return message(entry.tag, entry.message, entry.host, entry.pid, truncated);
    }
    if (isLegacyRecord(obj)) return legacy(obj, truncated);
    if (isZeekRecord(obj)) return flow(parseZeekConn(obj), 'zeek', truncated);
    if (isSuricataRecord(obj)) return flow(parseSuricata(obj), 'suricata', truncated);
    return verdict('unknown', null, truncated);
  }

  function parse(text: string, truncated: boolean): ParseResult {
    const c = text.charCodeAt(0);
    if (c === 123) return json(text, truncated); // {
    if (c === 0x1e) return json(text.slice(1), truncated); // json-seq record separator
    const fromSyslog = syslog(text, truncated);
    if (fromSyslog !== null) return fromSyslog;
    if (c === 35 || c === 116) {
      // Zeek TSV header (`#fields…`, or `ts<TAB>…` with tsv=T)
      if (readZeekHeader(text, zeek)) return verdict('ignored', 'zeek', truncated);
    }
    // Data rows once a header gave the columns (whatever the first column is: `#fields` may reorder).
    if (zeek.fields !== null) {
      const row = parseZeekTsvRow(text, zeek);
      if (row !== null) return flow(row, 'zeek', truncated);
    }
    if (c === 100 && text.startsWith('data: {')) return json(text.slice(6), truncated); // json-sse
    return verdict('unknown', null, truncated);
  }

  return (raw) => {
    let truncated = false;
    try {
      // Cut an over-long line (never in the middle of a surrogate pair) and trailing CR/LF/NUL.
      let text = raw.text;
      if (text.length > MAX_LINE_LENGTH) {
        let end = MAX_LINE_LENGTH;
        const last = text.charCodeAt(end - 1);
        if (last >= 0xd800 && last <= 0xdbff) end--;
        text = text.slice(0, end);
        truncated = true;
      }
      let end = text.length;
      while (end > 0) {
        const c = text.charCodeAt(end - 1);
        if (c !== 10 && c !== 13 && c !== 0) break;
        end--;
      }
      if (end !== text.length) text = text.slice(0, end);
      ctx.raw = text;
      ctx.file = raw.file;
      ctx.line = raw.line;
      return parse(text, truncated);
    } catch {
      return verdict('unmatched', null, truncated);
    }
  };
}
