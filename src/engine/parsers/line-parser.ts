/**
 * `createLineParser`: one line → ParseResult, in two steps (envelope, then the program's message).
 * Dispatch is ordered for a log that is mostly noise: the envelope is read with character checks,
 * the tag is tested before any message regex, and the timestamp is converted only for lines that
 * produce events (with a one-entry cache: consecutive lines usually share their stamp).
 *
 * Stateful parts (one parser per source): the time of the previous event (fallback for records
 * without time: legacy JSON without `time`, RFC 5424 NILVALUE, journald without timestamps, the
 * journal's text form), the Zeek TSV header, the RFC 3164 year reference, the address each sshd
 * process named on an unambiguous line (connection-peers.ts: the only way an ambiguous or
 * address-less line gets an address), and the attempts of each sshd connection
 * (attempt-counter.ts: every event leaves here with `attempts`, what BRUTE_FORCE counts).
 * Nothing here throws: a bug on some input becomes `unmatched`.
 */
import type { SecurityEvent } from '../model/event.js';
import { createAttemptCounter } from './attempt-counter.js';
import { buildEvents, createEventContext } from './build-event.js';
import { createConnectionPeers } from './connection-peers.js';
import { isSuricataRecord, isZeekRecord, parseSuricata, parseZeekConn, createZeekTsvState, parseZeekTsvRow, readZeekHeader, type FlowOutcome } from './flow-records.js';
import { isJournalRecord, journalRecordTrusted, readJournalEntry } from './journald-json.js';
import { isLegacyRecord, legacySrcFailure, readLegacyRecord, splitTaggedMessage } from './legacy-json.js';
import { createSlotIndex, PROCESS_SLOTS } from './host-pid-slots.js';
import { isPamSessionLine } from './pam.js';
import { createProgramMessageInfo, isSshdAt, mayBeOurs, parseProgramMessage, readProgramMessage } from './program-message.js';
import type { MessageEvent } from './message-event.js';
import { isDisconnectMessage, localIso } from './line-helpers.js';
import { parseRfc3339 } from './rfc3339-time.js';
import { createLineTrace, resetTrace, type LineTrace } from './line-trace.js';
import { NO_ENVELOPE, OTHER_PROGRAM, PAM_IGNORED, REFUSED, SSHD_IGNORED, verdict } from './line-verdict.js';
import { createSyslogHeader, headerHost, readJournalTextHeader, readSyslogHeader, type SyslogFormat } from './syslog-header.js';
import { templateTrace } from './template-trace.js';
import { MAX_LINE_LENGTH, type LineParser, type LineStatus, type ParseResult, type ParserOptions } from './types.js';
import { createRfc3164TimeReader } from './year-inference.js';
import { createZoneConverter } from './zoned-time.js';

export { createLineTrace, type LineTrace } from './line-trace.js';

const RECENT_SLICES = 8;
const MAX_KEPT_SLICE = 64;

/**
 * `text[start, end)` as one string object per text among the last few sliced: a log names a handful
 * of hosts and programs, and the tables keyed by them (peers, attempts, per-host rules) then compare
 * pointers instead of text. At most 8 strings are kept (each may be a view of its line: ≤ 8 lines).
 */
function recentSlices(): (text: string, start: number, end: number) => string {
  const kept: string[] = [];
  let next = 0;
  return (text, start, end) => {
    const n = end - start;
    for (let i = 0; i < kept.length; i++) {
      const s = kept[i]!;
      if (s.length === n && text.startsWith(s, start)) return s;
    }
    const slice = text.slice(start, end);
    if (n <= MAX_KEPT_SLICE) {
      if (kept.length < RECENT_SLICES) kept.push(slice);
      else {
        kept[next] = slice;
        next = (next + 1) % RECENT_SLICES;
      }
    }
    return slice;
  };
}

/** The tag `text[start, end)`: our programs' names as constants, others as `recentSlices` gives them. */
function tagReader(): (text: string, start: number, end: number) => string {
  const other = recentSlices();
  return (text, start, end) => {
    const n = end - start;
    if (n === 4 && isSshdAt(text, start)) return 'sshd';
    if (n === 12 && text.startsWith('sshd-session', start)) return 'sshd-session';
    if (n === 6 && text.startsWith('kernel', start)) return 'kernel';
    if (n === 9 && text.startsWith('sshd-auth', start)) return 'sshd-auth';
    return other(text, start, end);
  };
}

/** Creates a parser. Throws a RangeError when `opts.timeZone` is not a known IANA zone. */
export function createLineParser(opts: ParserOptions): LineParser {
  return buildLineParser(opts, null);
}

/**
 * A parser that also reports, for each line, what `explain` shows: envelope, program, template.
 * Same results as `createLineParser` (the trace is written beside them).
 */
export function createTracingLineParser(opts: ParserOptions): { parse: LineParser; trace: LineTrace } {
  const trace = createLineTrace();
  return { parse: buildLineParser(opts, trace), trace };
}

function buildLineParser(opts: ParserOptions, trace: LineTrace | null): LineParser {
  const zone = createZoneConverter(opts.timeZone);
  const journalText = opts.journalText === true;
  const read3164 = createRfc3164TimeReader(opts.now, zone);
  let last3339Text = '';
  let last3339Value = NaN;
  let lastEventTime = opts.now;
  const zeek = createZeekTsvState();
  const header = createSyslogHeader();
  // One slot per sshd process for both per-process tables: the host's id is looked up once per line.
  const processSlot = createSlotIndex(PROCESS_SLOTS);
  const peers = createConnectionPeers(processSlot);
  const counter = createAttemptCounter(processSlot);
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
  const hostOf = recentSlices();

  function messageTime(): number {
    if (knownTime !== null) return knownTime;
    if (stampStart < 0) return lastEventTime;
    if (stampFormat === 'rfc3164') return read3164(stampText, stampStart, stampEnd);
    if (stampFormat === 'iso-local') return localIso(stampText, stampStart, stampEnd, zone);
    const t = read3339(stampText, stampStart, stampEnd);
    // A `T` stamp without an offset (socklog): local time.
    return Number.isNaN(t) ? localIso(stampText, stampStart, stampEnd, zone) : t;
  }

  /** The attempts of each sshd-connection event, and the peers its lines name or end. */
  function countSshd(events: SecurityEvent[], outcome: MessageEvent | MessageEvent[], host: string | null, pid: number | null): void {
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      e.attempts = counter.sshd(e, Array.isArray(outcome) ? outcome[i]! : outcome);
      if (e.type === 'preauth_disconnect') peers.end(host, pid);
    }
  }

  /** A program message with a known envelope (syslog or journald); its time is `messageTime()`. */
  function message(tag: string, msg: string, host: string | null, pid: number | null, truncated: boolean): ParseResult {
    if (trace !== null) {
      trace.tag = tag;
      trace.host = host;
      trace.pid = pid;
      trace.message = msg;
      templateTrace.id = '';
    }
    const outcome = readProgramMessage(tag, msg, info);
    if (trace !== null) {
      trace.family = outcome === null ? null : info.family;
      trace.template = templateTrace.id === '' ? null : templateTrace.id;
      if (outcome === null) trace.why = `program "${tag}" is not one we parse`;
    }
    if (outcome === null) return verdict('unknown', null, truncated, 'other-program');
    const family = info.family;
    if (typeof outcome === 'string') {
      if (outcome === 'ignored' && family === 'sshd') {
        peers.noteConnectionFrom(msg, host, pid, messageTime);
        if (isDisconnectMessage(msg)) peers.end(host, pid);
        if (!truncated) return SSHD_IGNORED;
      }
      return verdict(outcome, family, truncated);
    }
    const count = info.count;
    const t = messageTime();
    if (Number.isNaN(t)) {
      if (trace !== null) trace.why = 'the timestamp is not a time';
      return verdict('unknown', null, truncated, 'no-envelope');
    }
    const sshd = info.sshd;
    if (sshd) {
      // Every event of an sshd connection meets the peer table: it learns from unambiguous lines
      // and gives ambiguous or address-less ones the address their process named.
      if (Array.isArray(outcome)) {
        for (const e of outcome) peers.note(e, host, pid, t);
      } else {
        peers.note(outcome, host, pid, t);
      }
    } else if (Array.isArray(outcome)) {
      for (const e of outcome) e.candidates = undefined;
    } else {
      outcome.candidates = undefined;
    }
    ctx.time = t;
    ctx.host = host;
    ctx.program = tag;
    ctx.pid = pid;
    const events = buildEvents(outcome, ctx, count);
    if (sshd) countSshd(events, outcome, host, pid);
    return finish(events, family, 'matched', truncated);
  }

  function syslog(text: string, truncated: boolean, journal = false): ParseResult | null {
    const h = header;
    if (!readSyslogHeader(text, h) && !(journal && readJournalTextHeader(text, h))) return null;
    if (trace !== null) traceHeader(text);
    if (h.tagEnd === h.tagStart || !mayBeOurs(text, h.tagStart, h.tagEnd, h.msgStart)) {
      if (trace !== null) trace.why = h.tagEnd === h.tagStart ? 'the envelope names no program' : `program "${text.slice(h.tagStart, h.tagEnd)}" is not one we parse`;
      return truncated ? verdict('unknown', null, true, 'other-program') : OTHER_PROGRAM;
    }
    if (isPamSessionLine(text, h.msgStart)) {
      if (trace !== null) {
        trace.family = 'pam';
        trace.template = 'pam.session';
      }
      return truncated ? verdict('ignored', 'pam', true) : PAM_IGNORED;
    }
    if (h.tsText !== null) {
      stampText = h.tsText;
    } else {
      stampText = text;
    }
    stampStart = h.tsStart;
    stampEnd = h.tsEnd;
    stampFormat = h.format;
    knownTime = null;
    const host = h.hostStart >= 0 ? hostOf(text, h.hostStart, h.hostEnd) : null;
    return message(readTag(text, h.tagStart, h.tagEnd), text.slice(h.msgStart), host, h.pid, truncated);
  }

  function traceHeader(text: string): void {
    const h = header;
    trace!.envelope = h.envelope;
    trace!.timestamp = h.tsStart < 0 ? null : (h.tsText ?? text).slice(h.tsStart, h.tsEnd);
    trace!.host = headerHost(text, h);
    trace!.tag = text.slice(h.tagStart, h.tagEnd);
    trace!.pid = h.pid;
    trace!.message = text.slice(h.msgStart);
  }

  function flow(outcome: FlowOutcome, family: string, truncated: boolean): ParseResult {
    if (trace !== null) {
      trace.family = family;
      trace.template = `${family}.${typeof outcome === 'string' ? outcome : 'flow'}`;
    }
    if (typeof outcome === 'string') return verdict(outcome, family, truncated);
    ctx.time = outcome.time ?? lastEventTime;
    ctx.host = null;
    ctx.program = family;
    ctx.pid = null;
    return finish(buildEvents(outcome.event, ctx, 1), family, 'matched', truncated);
  }

  function legacy(obj: Record<string, unknown>, truncated: boolean): ParseResult {
    if (trace !== null) {
      trace.envelope = 'legacy-json';
      trace.family = 'legacy';
      trace.template = `legacy.${String(obj['type'])}`;
    }
    const parts = readLegacyRecord(obj, (t) => readSyslogHeader(t, createSyslogHeader()));
    const time = parts.time ?? lastEventTime;
    let events: SecurityEvent[];
    let status: LineStatus;
    if (parts.kind === 'line') {
      const inner = syslog(parts.message, false);
      if (trace !== null) trace.envelope = `legacy-json around ${trace.envelope ?? 'no envelope'}`;
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
      if (typeof outcome !== 'string') {
        if (Array.isArray(outcome)) for (const e of outcome) e.candidates = undefined;
        else outcome.candidates = undefined;
      }
      events = buildEvents(outcome, ctx, 1, 'legacy');
    }
    return finish(events, 'legacy', status, truncated);
  }

  function json(text: string, truncated: boolean): ParseResult {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (trace !== null) trace.why = 'starts like JSON but is not valid JSON';
      return verdict('unknown', null, truncated, 'no-envelope');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      if (trace !== null) trace.why = 'JSON, but not an object';
      return verdict('unknown', null, truncated, 'no-envelope');
    }
    const obj = value as Record<string, unknown>;
    if (isJournalRecord(obj)) {
      const entry = readJournalEntry(obj);
      if (trace !== null) {
        trace.envelope = 'journald-json';
        trace.timestamp = entry.time === null ? null : new Date(entry.time).toISOString();
      }
      if (entry.tag === null || entry.message === null) {
        if (trace !== null) trace.why = 'journal record without SYSLOG_IDENTIFIER/_COMM or MESSAGE';
        return verdict('unknown', null, truncated, 'no-envelope');
      }
      if (!journalRecordTrusted(obj, entry.tag)) {
        if (trace !== null) {
          trace.tag = entry.tag;
          trace.why = `journal record names "${entry.tag}" but its trusted fields (_UID, _COMM, _SYSTEMD_UNIT, _TRANSPORT) do not back it`;
        }
        return verdict('unknown', null, truncated, 'refused');
      }
      const time = entry.time ?? lastEventTime;
      knownTime = time;
      return message(entry.tag, entry.message, entry.host, entry.pid, truncated);
    }
    if (isLegacyRecord(obj)) return legacy(obj, truncated);
    if (trace !== null) trace.envelope = isZeekRecord(obj) ? 'zeek-json' : isSuricataRecord(obj) ? 'suricata-eve' : null;
    if (isZeekRecord(obj)) return flow(parseZeekConn(obj), 'zeek', truncated);
    if (isSuricataRecord(obj)) return flow(parseSuricata(obj), 'suricata', truncated);
    if (trace !== null) trace.why = 'a JSON object of no known kind (journald, Zeek, Suricata, predecessor events)';
    return verdict('unknown', null, truncated, 'no-envelope');
  }

  function parse(text: string, truncated: boolean): ParseResult {
    const c = text.charCodeAt(0);
    if (c === 123) return json(text, truncated); // {
    if (c === 0x1e) return json(text.slice(1), truncated); // json-seq record separator
    const fromSyslog = syslog(text, truncated, journalText);
    if (fromSyslog !== null) return fromSyslog;
    if (c === 35 || c === 116) {
      // Zeek TSV header (`#fields…`, or `ts<TAB>…` with tsv=T)
      if (readZeekHeader(text, zeek)) {
        if (trace !== null) {
          trace.envelope = 'zeek-tsv';
          trace.family = 'zeek';
          trace.template = 'zeek.header';
        }
        return verdict('ignored', 'zeek', truncated);
      }
    }
    // Data rows once a header gave the columns (whatever the first column is: `#fields` may reorder).
    if (zeek.fields !== null) {
      const row = parseZeekTsvRow(text, zeek);
      if (row !== null) {
        if (trace !== null) trace.envelope = 'zeek-tsv';
        return flow(row, 'zeek', truncated);
      }
    }
    if (c === 100 && text.startsWith('data: {')) return json(text.slice(6), truncated); // json-sse
    if (trace !== null) trace.why = 'no syslog header, journal record, flow record or predecessor event recognised';
    return verdict('unknown', null, truncated, 'no-envelope');
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
      // NUL bytes before a line (a file preallocated or zero-filled by a crash): parsed after them.
      if (text.charCodeAt(0) === 0) {
        let start = 1;
        while (text.charCodeAt(start) === 0) start++;
        text = text.slice(start);
      }
      if (trace !== null) resetTrace(trace);
      ctx.raw = text;
      ctx.file = raw.file;
      ctx.line = raw.line;
      return parse(text, truncated);
    } catch {
      return verdict('unmatched', null, truncated);
    }
  };
}

