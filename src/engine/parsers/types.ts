import type { RawLine, SecurityEvent } from '../model/event.js';

export interface ParserOptions {
  /**
   * Reference "now" (ms since epoch) for RFC 3164 year inference: a line takes this year unless
   * that puts it more than a day after `now`, then the year before. The reference moves forward with
   * the lines read (a live source crossing New Year keeps the right year): once lines have passed
   * `now`, a line up to 31 days after the latest one stays in the latest one's year.
   */
  readonly now: number;
  /** IANA zone for lines without a zone (RFC 3164). Default: the process's local zone. */
  readonly timeZone?: string;
  /**
   * The lines are the journal's text form, `host tag[pid]: message` with no timestamp (fail2ban's
   * systemd backend, `journalctl -o cat` with a host prefix): accepted as an envelope, timed by the
   * previous event (or `now`). Default false: such a line has no recognised envelope.
   */
  readonly journalText?: boolean;
}

/**
 * - `matched`: the line produced at least one event.
 * - `ignored`: a known program's known message that is not a security event (session opened,
 *   Server listening, pam session lines, outbound firewall lines, …).
 * - `unmatched`: a known program (sshd family, PAM, kernel netfilter, legacy JSON, …) but no
 *   template matched.
 * - `unknown`: no envelope could be read, or the program is not one we parse (`reason` says which).
 */
export type LineStatus = 'matched' | 'ignored' | 'unmatched' | 'unknown';

/**
 * Why a line is `unknown`:
 * - `no-envelope`: no envelope was recognised (not a syslog header we know, not a JSON record we
 *   know, a timestamp that is no time): a parse miss, reported loudly;
 * - `other-program`: a recognised envelope of a program we do not parse (cron, sudo, postfix, …);
 * - `refused`: a journal record whose trusted fields (`_UID`, `_COMM`, `_SYSTEMD_UNIT`,
 *   `_TRANSPORT`) do not back the program it names (any local user can send `SYSLOG_IDENTIFIER=sshd`).
 */
export type UnknownReason = 'no-envelope' | 'other-program' | 'refused';

export interface ParseResult {
  status: LineStatus;
  /** Program family the line was attributed to (`sshd`, `pam`, `kernel`, `legacy`, `journald`, …), or null. */
  program: string | null;
  events: SecurityEvent[];
  /** True when the line was longer than 64 KiB and was cut before parsing. */
  truncated: boolean;
  /** For `unknown` lines: why (absent on results of other statuses). */
  reason?: UnknownReason;
}

/** A pure function from a line to events. Never throws, whatever the bytes. */
export type LineParser = (raw: RawLine) => ParseResult;

export const MAX_LINE_LENGTH = 64 * 1024;
