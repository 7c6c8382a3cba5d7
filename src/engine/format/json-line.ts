/**
 * One JSON object per line. JSON.stringify escapes C0 controls but leaves DEL, the C1 range, the
 * Unicode line separators and invisible or direction-changing characters raw; those are written as
 * `\uXXXX` too (the same JSON value), so NDJSON written to a terminal can never carry a live control
 * sequence, nor reorder or hide text, from an attacker-chosen field.
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u00ad\u061c\u115f\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff]/g;

export function jsonLine(value: unknown): string {
  const s = JSON.stringify(value);
  UNSAFE_IN_JSON.lastIndex = 0;
  if (!UNSAFE_IN_JSON.test(s)) return s + '\n';
  UNSAFE_IN_JSON.lastIndex = 0;
  return s.replace(UNSAFE_IN_JSON, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
}
