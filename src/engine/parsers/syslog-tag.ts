/**
 * What stands between a syslog timestamp and the message (log-formats.md §2.1, §2.9): the usual
 * `[host ]tag[pid]: ` (fast path), else one of `EXTRA_FORMS`, one entry per daemon family (busybox
 * `host fac.lvl tag[pid]: `, FreeBSD `-v` `host <fac.lvl> tag: `, appliances repeating the host, a
 * bracketed tag `[tag]: `, sloppy relays without the colon), and socklog's `fac.lvl: tag[pid]: `.
 * A new daemon's header is one more entry in `EXTRA_FORMS`. The message loses a Solaris
 * `[ID <n> <fac.lvl>] ` prefix and extra spaces after the colon.
 */
import type { SyslogHeader } from './syslog-header.js';

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Largest pid kept (32-bit); a longer number in brackets is not a pid. */
export const MAX_PID = 4_294_967_295;

/**
 * `tag[pid]: ` at `start` into `out`; returns the index just after the colon (after the pid when the
 * colon is optional and missing), or -1 when the token is not a tag followed by a colon.
 * `colonOptional`: a sloppy relay's `tag[pid] msg` (only with a numeric pid).
 * Kept small, with the rare branches in functions of their own: it is the hottest code of a line,
 * and V8 inlines it into the envelope reader only while the whole chain fits its inlining budget
 * (with the pid read without an `indexOf`, ~8 % of the envelope's instructions).
 */
function readTag(text: string, start: number, out: SyslogHeader, colonOptional: boolean): number {
  let i = start;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 58 || c === 91 || c === 32 || c === 93) break;
    i++;
  }
  if (i === start || i >= n) return -1;
  out.tagStart = start;
  out.tagEnd = i;
  out.pid = null;
  if (text.charCodeAt(i) === 91) {
    i = readPid(text, i, out);
    if (i === -1) return -1;
  }
  if (text.charCodeAt(i) !== 58) return colonOptional ? missingColon(text, i, out) : -1;
  i++;
  out.msgStart = messageStart(text, i);
  return i;
}

/** `[pid]` at `open` into `out.pid` (null when not a number that fits); the index after `]`, or -1. */
function readPid(text: string, open: number, out: SyslogHeader): number {
  let j = open + 1;
  let value = 0;
  let c = text.charCodeAt(j);
  while (c >= 48 && c <= 57) {
    value = value * 10 + (c - 48);
    c = text.charCodeAt(++j);
  }
  if (c !== 93 || j === open + 1 || j - open - 1 > 10) return oddPid(text, open, out);
  out.pid = value <= MAX_PID ? value : null;
  return j + 1;
}

/** `[…]` after a tag that is not a pid of 1–10 digits (`[]`, `[abc]`, 11 digits): no pid. */
function oddPid(text: string, open: number, out: SyslogHeader): number {
  const close = text.indexOf(']', open + 1);
  if (close === -1) return -1;
  out.pid = null;
  return close + 1;
}

/** A sloppy relay's `tag[pid] msg` (numeric pid, no colon) at `i`; the index, or -1. */
function missingColon(text: string, i: number, out: SyslogHeader): number {
  if (out.pid === null || text.charCodeAt(i) !== 32) return -1;
  out.msgStart = messageStart(text, i);
  return i;
}

/**
 * Where the message starts after `tag[pid]:` at `i`: past the spaces (one normally, two from
 * sloppy relays) and a Solaris `[ID <msgid> <facility.level>] ` prefix.
 */
function messageStart(text: string, i: number): number {
  while (text.charCodeAt(i) === 32) i++;
  return text.charCodeAt(i) === 91 ? afterSolarisId(text, i) : i;
}

/** Past a Solaris `[ID <msgid> <facility.level>] ` at `i` (a `[`), else `i`. */
function afterSolarisId(text: string, i: number): number {
  if (text.startsWith('[ID ', i)) {
    const close = text.indexOf('] ', i + 4);
    const space = text.indexOf(' ', i + 4);
    if (close !== -1 && space > i + 4 && space < close && allDigits(text, i + 4, space) && isFacilityLevel(text, space + 1, close)) {
      return close + 2;
    }
  }
  return i;
}

function allDigits(text: string, s: number, e: number): boolean {
  if (e <= s) return false;
  for (let i = s; i < e; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

const FACILITIES = new Set([
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp',
  'security', 'console', 'audit', 'alert', 'clock', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5',
  'local6', 'local7',
]);
const LEVELS = new Set(['emerg', 'panic', 'alert', 'crit', 'err', 'error', 'warn', 'warning', 'notice', 'info', 'debug', 'none', '*']);

/** `text[s, e)` is `<facility>.<level>` by name or number (`auth.info`, `4.6`). */
export function isFacilityLevel(text: string, s: number, e: number): boolean {
  if (e - s < 3 || e - s > 20) return false;
  const dot = text.indexOf('.', s);
  if (dot <= s || dot >= e - 1) return false;
  const facility = text.slice(s, dot);
  const level = text.slice(dot + 1, e);
  return (FACILITIES.has(facility) || allDigits(text, s, dot)) && (LEVELS.has(level) || allDigits(text, dot + 1, e));
}

/** Host (optional, §2.1 "missing host") and tag after the timestamp: the common shapes. */
function readHostAndTag(text: string, start: number, out: SyslogHeader): boolean {
  const space = text.indexOf(' ', start);
  out.hostStart = -1;
  out.hostEnd = -1;
  if (space === -1) return readTag(text, start, out, false) !== -1;
  if (text.charCodeAt(space - 1) === 58 && readTag(text, start, out, false) === space) return true;
  if (space === start) return false;
  if (readTag(text, space + 1, out, false) === -1) return false;
  out.hostStart = start;
  out.hostEnd = space;
  return true;
}

/** `host <token> tag[pid]: ` where `skip(token)` says the token is envelope, not a tag. */
function hostThen(text: string, start: number, out: SyslogHeader, skip: (text: string, s: number, e: number, hostEnd: number) => boolean): boolean {
  const hostEnd = text.indexOf(' ', start);
  if (hostEnd <= start) return false;
  const tokenEnd = text.indexOf(' ', hostEnd + 1);
  if (tokenEnd <= hostEnd + 1 || !skip(text, hostEnd + 1, tokenEnd, hostEnd)) return false;
  if (readTag(text, tokenEnd + 1, out, false) === -1) return false;
  out.hostStart = start;
  out.hostEnd = hostEnd;
  return true;
}

/** `[tag]: msg` or `[tag] msg`: a relayed line with the tag in brackets, no host and no pid. */
function readBracketTag(text: string, start: number, out: SyslogHeader): boolean {
  if (text.charCodeAt(start) !== 91) return false;
  const close = text.indexOf(']', start + 1);
  if (close <= start + 1 || close - start > 49) return false;
  for (let i = start + 1; i < close; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 58 || c === 91) return false;
  }
  let i = close + 1;
  if (text.charCodeAt(i) === 58) i++;
  if (text.charCodeAt(i) !== 32) return false;
  out.hostStart = -1;
  out.hostEnd = -1;
  out.tagStart = start + 1;
  out.tagEnd = close;
  out.pid = null;
  out.msgStart = messageStart(text, i);
  return true;
}

/** A sloppy relay's `[host ]tag[pid] msg`: no colon after the pid. */
function readNoColon(text: string, start: number, out: SyslogHeader): boolean {
  out.hostStart = -1;
  out.hostEnd = -1;
  if (readTag(text, start, out, true) !== -1) return true;
  const space = text.indexOf(' ', start);
  if (space <= start || readTag(text, space + 1, out, true) === -1) return false;
  out.hostStart = start;
  out.hostEnd = space;
  return true;
}

interface ExtraForm {
  /** The envelope family reported for lines of this shape. */
  readonly envelope: string;
  /** Reads host, tag and pid after the stamp at `start` into `out`; false when the shape does not fit. */
  readonly read: (text: string, start: number, out: SyslogHeader) => boolean;
}

/**
 * The shapes tried, in order, when the usual `[host ]tag[pid]: ` does not fit (log-formats.md
 * §2.9). Each is a host-and-tag reader; the timestamp was read already.
 */
const EXTRA_FORMS: readonly ExtraForm[] = [
  // busybox syslogd (OpenWrt): `host authpriv.info sshd[904]: `
  { envelope: 'busybox', read: (t, s, o) => hostThen(t, s, o, isFacilityLevel) },
  // FreeBSD syslogd -v / -vv: `host <auth.info> sshd[905]: ` or `host <4.6> sshd[905]: `
  { envelope: 'freebsd-v', read: (t, s, o) => hostThen(t, s, o, (x, a, b) => x.charCodeAt(a) === 60 && x.charCodeAt(b - 1) === 62 && isFacilityLevel(x, a + 1, b - 1)) },
  // UniFi and NAS firmwares: `host host sshd[907]: `
  {
    envelope: 'host-repeated',
    read: (t, s, o) => hostThen(t, s, o, (x, a, b, hostEnd) => b - a === hostEnd - s && x.startsWith(x.slice(s, hostEnd), a)),
  },
  // relayed or hand-made: `[sshd]: msg`, `[sshd] msg`
  { envelope: 'bracket-tag', read: readBracketTag },
  // sloppy relays: `host sshd[123] error: …`
  { envelope: 'no-colon', read: readNoColon },
];

/** Host and tag after a stamp read by the caller (which set `out.envelope`): fast path, then the extra forms. */
export function readAfterStamp(text: string, start: number, out: SyslogHeader): boolean {
  if (readHostAndTag(text, start, out)) {
    if (out.hostStart < 0 && out.pid === null) socklogTag(text, out);
    return true;
  }
  return readExtraForm(text, start, out);
}

/**
 * socklog / daemontools writers: `fac.lvl: tag[pid]: ` with no host, where the fast path took the
 * facility for a tag: the real tag follows.
 */
function socklogTag(text: string, out: SyslogHeader): void {
  if (!isFacilityLevel(text, out.tagStart, out.tagEnd)) return;
  const { tagStart, tagEnd, msgStart } = out;
  if (readTag(text, msgStart, out, false) !== -1) {
    out.envelope = 'socklog';
  } else {
    out.tagStart = tagStart;
    out.tagEnd = tagEnd;
    out.pid = null;
    out.msgStart = msgStart;
  }
}

/** The first of `EXTRA_FORMS` that reads the line. */
function readExtraForm(text: string, start: number, out: SyslogHeader): boolean {
  for (const form of EXTRA_FORMS) {
    if (form.read(text, start, out)) {
      out.envelope = form.envelope;
      return true;
    }
  }
  return false;
}
