/**
 * Syslog envelopes, decided with character checks before anything else:
 * - RFC 3164 file lines `Mmm dd hh:mm:ss[.f] [host ]tag[pid]: msg` (host may be missing);
 * - rsyslog RFC 3339 lines `YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm) host tag[pid]: msg`;
 * - either of them behind a network `<PRI>`;
 * - RFC 5424 `<PRI>1 TS HOST APP PROCID MSGID SD [MSG]` (NILVALUE `-`, SD state machine, BOM).
 * The timestamp is returned as a position: it is converted only when the program is one we parse.
 */
import { skipStructuredData } from './structured-data.js';

export type SyslogFormat = 'rfc3164' | 'rfc3339' | 'rfc5424';

/**
 * Positions in the line (no substrings: most lines are noise and are dropped after a look at the
 * tag). One object is reused per parser.
 */
export interface SyslogHeader {
  format: SyslogFormat;
  /** Timestamp text is `text[tsStart, tsEnd)`; tsStart is -1 for an RFC 5424 NILVALUE. */
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
  return { format: 'rfc3164', tsStart: -1, tsEnd: -1, hostStart: -1, hostEnd: -1, tagStart: 0, tagEnd: 0, pid: null, msgStart: 0 };
}

/** The host of a header, or null. */
export function headerHost(text: string, h: SyslogHeader): string | null {
  return h.hostStart < 0 ? null : text.slice(h.hostStart, h.hostEnd);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `tag[pid]: ` at `start` into `out`; false when the token is not a tag followed by a colon. */
function readTag(text: string, start: number, out: SyslogHeader): boolean {
  let i = start;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 58 || c === 91 || c === 32 || c === 93) break;
    i++;
  }
  if (i === start || i >= n) return false;
  out.tagStart = start;
  out.tagEnd = i;
  out.pid = null;
  if (text.charCodeAt(i) === 91) {
    const close = text.indexOf(']', i + 1);
    if (close === -1) return false;
    let value = 0;
    let numeric = close > i + 1 && close - i - 1 <= 10;
    for (let j = i + 1; j < close && numeric; j++) {
      const c = text.charCodeAt(j);
      if (!isDigit(c)) numeric = false;
      else value = value * 10 + (c - 48);
    }
    out.pid = numeric ? value : null;
    i = close + 1;
  }
  if (text.charCodeAt(i) !== 58) return false;
  i++;
  if (text.charCodeAt(i) === 32) i++;
  out.msgStart = i;
  return true;
}

/** Host (optional, §2.1 "missing host") and tag after the timestamp. */
function readHostAndTag(text: string, start: number, out: SyslogHeader): boolean {
  const space = text.indexOf(' ', start);
  out.hostStart = -1;
  out.hostEnd = -1;
  if (space === -1) return readTag(text, start, out);
  if (text.charCodeAt(space - 1) === 58 && readTag(text, start, out) && out.msgStart <= space + 1) return true;
  if (space === start) return false;
  if (!readTag(text, space + 1, out)) return false;
  out.hostStart = start;
  out.hostEnd = space;
  return true;
}

function read3164(text: string, i: number, out: SyslogHeader): boolean {
  if (text.length < i + 17) return false;
  if (text.charCodeAt(i + 3) !== 32 || text.charCodeAt(i + 6) !== 32) return false;
  if (text.charCodeAt(i + 9) !== 58 || text.charCodeAt(i + 12) !== 58) return false;
  let end = i + 15;
  if (text.charCodeAt(end) === 46) {
    end++;
    while (isDigit(text.charCodeAt(end))) end++;
  }
  if (text.charCodeAt(end) !== 32) return false;
  out.format = 'rfc3164';
  out.tsStart = i;
  out.tsEnd = end;
  return readHostAndTag(text, end + 1, out);
}

function read3339(text: string, i: number, out: SyslogHeader): boolean {
  if (text.charCodeAt(i + 4) !== 45 || text.charCodeAt(i + 7) !== 45 || text.charCodeAt(i + 10) !== 84) return false;
  const end = text.indexOf(' ', i + 19);
  if (end === -1) return false;
  out.format = 'rfc3339';
  out.tsStart = i;
  out.tsEnd = end;
  return readHostAndTag(text, end + 1, out);
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
    if (numeric) pid = value;
  }
  out.format = 'rfc5424';
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
  return true;
}

/** Moves every position of a header read from `text.slice(offset)` back onto `text`. */
function shift(h: SyslogHeader, offset: number): void {
  if (h.tsStart >= 0) {
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
