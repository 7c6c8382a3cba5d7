/**
 * Bounded, detached copies of attacker text that the engine keeps for a while (pending attempts,
 * alert evidence), and what they cost.
 *
 * Two limits: a pending attempt keeps the first `PENDING_TEXT_LIMIT` characters of its line, the
 * evidence of a raised alert the first `EVIDENCE_TEXT_LIMIT`. A cut text ends in a marker saying
 * how much was cut (`…[+58976 chars]`), so it is never mistaken for the whole line.
 *
 * Detached: V8 represents `s.slice(a, b)` of 13 characters or more as a view that keeps the whole of
 * `s` alive, and `a + b` as a pair that keeps both. A 20-character user name sliced out of a 64 KiB
 * line therefore retains the 64 KiB for as long as it is kept. `detach` returns a copy that holds
 * only its own characters (concatenating then slicing makes V8 flatten into a fresh string).
 */

/** Characters of its line a pending (below-threshold) attempt keeps. */
export const PENDING_TEXT_LIMIT = 1024;
/** Characters of its line an evidence entry of a raised alert keeps. */
export const EVIDENCE_TEXT_LIMIT = 4096;
/** Characters kept of a short field (user, host, program name). */
export const FIELD_TEXT_LIMIT = 256;

/** Approximate heap bytes of a kept string besides its characters (header, and the copy's view). */
export const STRING_OVERHEAD_BYTES = 48;

/** Below this length V8 copies on slice and concatenation, so a string cannot be a view. */
const MIN_VIEW_LENGTH = 13;

/** A copy of `s` that keeps no other string alive. */
export function detach(s: string): string {
  return s.length < MIN_VIEW_LENGTH ? s : (s + ' ').slice(0, -1);
}

/** The marker appended to a text cut to `kept` of its `length` characters. */
export function cutMarker(length: number, kept: number): string {
  return `…[+${length - kept} chars]`;
}

/**
 * `text` when it has at most `max` characters, else its first `max` characters (one fewer when that
 * would split a surrogate pair) followed by the cut marker; either way a detached copy.
 */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return detach(text);
  let end = Math.max(0, Math.floor(max));
  const last = end > 0 ? text.charCodeAt(end - 1) : 0;
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return detach(text.slice(0, end) + cutMarker(text.length, end));
}

/**
 * Approximate heap bytes of a kept string: one byte per character (V8 stores Latin-1 text that way;
 * other text takes two, so the true figure is at most about twice this) plus its overhead.
 */
export function stringBytes(s: string | null | undefined): number {
  return s == null ? 0 : s.length + STRING_OVERHEAD_BYTES;
}

/**
 * A line a rule keeps while it waits (a pending attempt's record): the line itself when it is short,
 * else its first `PENDING_TEXT_LIMIT` characters, detached. A flood of 60 KB lines then costs each
 * rule ~1 KiB per kept attempt, not the line.
 */
export function keptLine(line: string): string {
  return line.length <= PENDING_TEXT_LIMIT ? line : excerpt(line, PENDING_TEXT_LIMIT);
}

/**
 * A field of `line` (a user name…) that a rule keeps as state or in a record: the field itself when
 * it and its line are short (a view of a short line keeps little alive), else a detached copy of at
 * most `FIELD_TEXT_LIMIT` characters, so a kept field never holds a long line.
 */
export function keptField(field: string, line: string): string {
  return field.length <= FIELD_TEXT_LIMIT && line.length <= PENDING_TEXT_LIMIT ? field : excerpt(field, FIELD_TEXT_LIMIT);
}
