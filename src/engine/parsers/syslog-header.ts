/**
 * Syslog envelopes (log-formats.md §2.1–2.5, §2.9), decided with character checks before anything
 * else. A header is a timestamp, then what stands between it and the message:
 * - timestamps: RFC 3164 `Mmm dd hh:mm:ss[.f]` (day padded with a space or a zero, or unpadded:
 *   `Feb 3`), rsyslog RFC 3339 `YYYY-MM-DDThh:mm:ss[.f](Z|±hh[:]mm)`, ISO with a space
 *   (`YYYY-MM-DD hh:mm:ss[.f][±hhmm]`, macOS / OSSEC-style), socklog's `YYYY-MM-DD_hh:mm:ss[.f]`;
 *   any of them behind a network `<PRI>`; RFC 5424 `<PRI>1 TS HOST APP PROCID MSGID SD [MSG]`
 *   (NILVALUE `-`, SD state machine, BOM); RFC 6587 octet-counted frames kept in a file;
 * - after the timestamp, host and tag (syslog-tag.ts: the usual `[host ]tag[pid]: `, else one form
 *   per daemon family; a new daemon's header is one more entry there).
 * The timestamp is returned as a position: it is converted only when the program is one we parse.
 */
import { skipStructuredData } from './structured-data.js';
import { isDigit, MAX_PID, readAfterStamp } from './syslog-tag.js';

/**
 * How the stamp converts: `rfc3164` (year inferred, configured zone), `rfc3339` (own offset; a stamp
 * without one falls back to the configured zone), `rfc5424`, `iso-local` (no offset: configured zone).
 */
export type SyslogFormat = 'rfc3164' | 'rfc3339' | 'rfc5424' | 'iso-local';

/**
 * Positions in the line (no substrings: most lines are noise and are dropped after a look at the
 * tag). One object is reused per parser.
 */
export interface SyslogHeader {
  format: SyslogFormat;
  /** The envelope family, for `explain` and diagnostics (`rfc3164`, `busybox`, `rfc5424`, …). */
  envelope: string;
  /**
   * The stamp when it is not a slice of the line (an unpadded RFC 3164 day is re-padded), read at
   * `[0, length)`; null on the fast paths, where it is `text[tsStart, tsEnd)`.
   */
  tsText: string | null;
  /** Timestamp text is `text[tsStart, tsEnd)`; tsStart is -1 when the line has none (RFC 5424 `-`, journal text). */
  tsStart: number;
  tsEnd: number;
  /** Host is `text[hostStart, hostEnd)`; hostStart is -1 when the line has none. */
  hostStart: number;
  hostEnd: number;
  /** Tag / APP-NAME is `text[tagStart, tagEnd)` (empty when RFC 5424 gave `-`). */
  tagStart: number;
  tagEnd: number;
  pid: number | null;
  /** Where the message starts in `text`. */
  msgStart: number;
}

export function createSyslogHeader(): SyslogHeader {
  return { format: 'rfc3164', envelope: '', tsText: null, tsStart: -1, tsEnd: -1, hostStart: -1, hostEnd: -1, tagStart: 0, tagEnd: 0, pid: null, msgStart: 0 };
}

/** The host of a header, or null. */
export function headerHost(text: string, h: SyslogHeader): string | null {
  return h.hostStart < 0 ? null : text.slice(h.hostStart, h.hostEnd);
}

function read3164(text: string, i: number, out: SyslogHeader): boolean {
  if (text.length < i + 16) return false;
  if (text.charCodeAt(i + 3) !== 32) return false;
  if (text.charCodeAt(i + 6) !== 32 || text.charCodeAt(i + 9) !== 58 || text.charCodeAt(i + 12) !== 58) return read3164Unpadded(text, i, out);
  let end = i + 15;
  if (text.charCodeAt(end) === 46) {
    end++;
    while (isDigit(text.charCodeAt(end))) end++;
  }
  if (text.charCodeAt(end) !== 32) return false;
  out.format = 'rfc3164';
  out.envelope = 'rfc3164';
  out.tsText = null;
  out.tsStart = i;
  out.tsEnd = end;
  return readAfterStamp(text, end + 1, out);
}

/** `Feb 3 04:05:06` (BSD/macOS syslogd, busybox): the stamp is re-padded for the time reader. */
function read3164Unpadded(text: string, i: number, out: SyslogHeader): boolean {
  if (!isDigit(text.charCodeAt(i + 4)) || text.charCodeAt(i + 5) !== 32) return false;
  if (text.charCodeAt(i + 8) !== 58 || text.charCodeAt(i + 11) !== 58) return false;
  let end = i + 14;
  if (text.charCodeAt(end) === 46) {
    end++;
    while (isDigit(text.charCodeAt(end))) end++;
  }
  if (text.charCodeAt(end) !== 32) return false;
  out.format = 'rfc3164';
  out.envelope = 'rfc3164-unpadded-day';
  out.tsText = `${text.slice(i, i + 4)} ${text.slice(i + 4, end)}`;
  out.tsStart = 0;
  out.tsEnd = out.tsText.length;
  return readAfterStamp(text, end + 1, out);
}

function read3339(text: string, i: number, out: SyslogHeader): boolean {
  if (text.charCodeAt(i + 4) !== 45 || text.charCodeAt(i + 7) !== 45) return false;
  if (text.charCodeAt(i + 10) !== 84) return readIsoVariant(text, i, out);
  const end = text.indexOf(' ', i + 19);
  if (end === -1) return false;
  out.format = 'rfc3339';
  out.envelope = 'rfc3339';
  out.tsText = null;
  out.tsStart = i;
  out.tsEnd = end;
  return readAfterStamp(text, end + 1, out);
}

/**
 * `YYYY-MM-DD hh:mm:ss[.f][±hhmm]` then one or more spaces (macOS `log show`, OSSEC-style
 * collectors), or socklog's `YYYY-MM-DD_hh:mm:ss[.f]`: a stamp without an offset is local time.
 */
function readIsoVariant(text: string, i: number, out: SyslogHeader): boolean {
  const sep = text.charCodeAt(i + 10);
  if (sep !== 32 && sep !== 95) return false;
  if (text.charCodeAt(i + 13) !== 58 || text.charCodeAt(i + 16) !== 58) return false;
  let end = i + 19;
  if (text.charCodeAt(end) === 46) {
    end++;
    while (isDigit(text.charCodeAt(end))) end++;
  }
  const c = text.charCodeAt(end);
  let zoned = false;
  if (c === 43 || c === 45) {
    end++;
    while (isDigit(text.charCodeAt(end)) || text.charCodeAt(end) === 58) end++;
    zoned = true;
  } else if (c === 90) {
    end++;
    zoned = true;
  }
  if (text.charCodeAt(end) !== 32) return false;
  out.format = zoned ? 'rfc3339' : 'iso-local';
  out.envelope = sep === 95 ? 'socklog' : 'iso-space';
  out.tsText = null;
  out.tsStart = i;
  out.tsEnd = end;
  let start = end + 1;
  while (text.charCodeAt(start) === 32) start++;
  return readAfterStamp(text, start, out);
}

function isNil(text: string, s: number, e: number): boolean {
  return e === s + 1 && text.charCodeAt(s) === 45;
}

function read5424(text: string, i: number, out: SyslogHeader): boolean {
  const tsEnd = text.indexOf(' ', i);
  if (tsEnd <= i) return false;
  const hostEnd = text.indexOf(' ', tsEnd + 1);
  if (hostEnd <= tsEnd + 1) return false;
  const appEnd = text.indexOf(' ', hostEnd + 1);
  if (appEnd <= hostEnd + 1) return false;
  const procEnd = text.indexOf(' ', appEnd + 1);
  if (procEnd <= appEnd + 1) return false;
  const msgIdEnd = text.indexOf(' ', procEnd + 1);
  if (msgIdEnd <= procEnd + 1) return false;
  const sdEnd = skipStructuredData(text, msgIdEnd + 1);
  if (sdEnd === -1) return false;
  let msgStart = sdEnd;
  if (sdEnd < text.length) {
    if (text.charCodeAt(sdEnd) !== 32) return false;
    msgStart = sdEnd + 1;
    if (text.charCodeAt(msgStart) === 0xfeff) msgStart++;
  }
  let pid: number | null = null;
  if (procEnd - appEnd - 1 <= 10) {
    let value = 0;
    let numeric = true;
    for (let j = appEnd + 1; j < procEnd; j++) {
      const c = text.charCodeAt(j);
      if (!isDigit(c)) {
        numeric = false;
        break;
      }
      value = value * 10 + (c - 48);
    }
    if (numeric && value <= MAX_PID) pid = value;
  }
  out.format = 'rfc5424';
  out.envelope = 'rfc5424';
  out.tsText = null;
  out.tsStart = isNil(text, i, tsEnd) ? -1 : i;
  out.tsEnd = tsEnd;
  const hostNil = isNil(text, tsEnd + 1, hostEnd);
  out.hostStart = hostNil ? -1 : tsEnd + 1;
  out.hostEnd = hostNil ? -1 : hostEnd;
  const appNil = isNil(text, hostEnd + 1, appEnd);
  out.tagStart = hostEnd + 1;
  out.tagEnd = appNil ? hostEnd + 1 : appEnd;
  out.pid = pid;
  out.msgStart = msgStart;
  return true;
}

/** Reads the envelope of a syslog line into `out`; false when the line has none we know. */
export function readSyslogHeader(text: string, out: SyslogHeader): boolean {
  let i = 0;
  let c = text.charCodeAt(0);
  if (c === 60) {
    // <PRI>
    let j = 1;
    while (j <= 3 && isDigit(text.charCodeAt(j))) j++;
    if (j === 1 || text.charCodeAt(j) !== 62) return false;
    i = j + 1;
    if (text.charCodeAt(i) === 49 && text.charCodeAt(i + 1) === 32) return read5424(text, i + 2, out);
    c = text.charCodeAt(i);
  }
  if (c >= 65 && c <= 90) return read3164(text, i, out);
  if (isDigit(c)) return read3339(text, i, out) || (i === 0 && readOctetCounted(text, out));
  return false;
}

/**
 * The journal's text form, `host tag[pid]: message` with no timestamp (the time comes from the
 * journal record: fail2ban's systemd backend, `journalctl -o cat` with a host prefix). Accepted only
 * when the source says it is the journal.
 */
export function readJournalTextHeader(text: string, out: SyslogHeader): boolean {
  out.format = 'rfc3339';
  out.envelope = 'journal-text';
  out.tsText = null;
  out.tsStart = -1;
  out.tsEnd = -1;
  return readAfterStamp(text, 0, out);
}

/**
 * RFC 6587 octet-counted framing kept in a file (`<MSG-LEN> <PRI>…`, a TCP capture written line by
 * line): the count (1–9 digits, no leading zero) and its space are dropped and the frame is read.
 */
function readOctetCounted(text: string, out: SyslogHeader): boolean {
  if (text.charCodeAt(0) === 48) return false;
  let j = 1;
  while (j < 10 && isDigit(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) !== 32 || text.charCodeAt(j + 1) !== 60) return false;
  const frame = text.slice(j + 1);
  if (!readSyslogHeader(frame, out)) return false;
  shift(out, j + 1);
  out.envelope = `octet-counted ${out.envelope}`;
  return true;
}

/** Moves every position of a header read from `text.slice(offset)` back onto `text`. */
function shift(h: SyslogHeader, offset: number): void {
  if (h.tsStart >= 0 && h.tsText === null) {
    h.tsStart += offset;
    h.tsEnd += offset;
  }
  if (h.hostStart >= 0) {
    h.hostStart += offset;
    h.hostEnd += offset;
  }
  h.tagStart += offset;
  h.tagEnd += offset;
  h.msgStart += offset;
}
