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
}

/**
 * - `matched`: the line produced at least one event.
 * - `ignored`: a known program's known message that is not a security event (session opened,
 *   Server listening, pam session lines, …).
 * - `unmatched`: a known program (sshd family, PAM, kernel netfilter, legacy JSON, …) but no
 *   template matched: what `parse --unmatched` prints.
 * - `unknown`: no envelope could be read, or the program is not one we parse.
 */
export type LineStatus = 'matched' | 'ignored' | 'unmatched' | 'unknown';

export interface ParseResult {
  status: LineStatus;
  /** Program family the line was attributed to (`sshd`, `pam`, `kernel`, `legacy`, `journald`, …), or null. */
  program: string | null;
  events: SecurityEvent[];
  /** True when the line was longer than 64 KiB and was cut before parsing. */
  truncated: boolean;
}

/** A pure function from a line to events. Never throws, whatever the bytes. */
export type LineParser = (raw: RawLine) => ParseResult;

export const MAX_LINE_LENGTH = 64 * 1024;
