/**
 * Escapes control characters in attacker-controlled text before it reaches a terminal.
 * C0 controls (except none: TAB and LF are escaped too, a field must stay on one line), DEL and C1
 * controls become visible escapes (`\x1b`, `\r`, `\t`, `\u009b`…), so an ANSI/OSC sequence in a user
 * name is shown, never executed. So do invisible and direction-changing characters (zero-width
 * spaces and joiners, bidi marks, embeddings, overrides and isolates, word joiner and invisible
 * operators, Arabic letter mark, soft hyphen, Mongolian vowel separator, Hangul fillers, BOM): an
 * attacker-chosen user name cannot reorder or hide text on the analyst's screen. Lone surrogates are
 * replaced. Printable text is unchanged.
 */

const NAMED: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 13: '\\r', 7: '\\a', 27: '\\x1b' };
// C0, DEL, C1, lone surrogates, and invisible or bidi characters that can disguise text:
// U+00AD, U+061C, U+115F, U+180E, U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069,
// U+3164, U+FEFF.
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  const named = NAMED[code];
  if (named !== undefined) return named;
  if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
  if (code <= 0x9f) return '\\x' + code.toString(16).padStart(2, '0');
  return '\\u' + code.toString(16).padStart(4, '0');
}

/** `text` with every control character replaced by a visible escape. */
export function terminalSafe(text: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  UNSAFE.lastIndex = 0;
  return text.replace(UNSAFE, escapeChar);
}

/** Like `terminalSafe`, and cut to `max` visible characters with an ellipsis. */
export function terminalSafeTruncate(text: string, max: number): string {
  const safe = terminalSafe(text);
  if (safe.length <= max) return safe;
  if (max <= 1) return safe.slice(0, max);
  return safe.slice(0, max - 1) + '…';
}
