/**
 * One JSON object per line. JSON.stringify escapes C0 controls but leaves DEL, the C1 range and the
 * Unicode line separators raw; those are escaped too, so NDJSON written to a terminal can never carry
 * a live control sequence from an attacker-chosen field.
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029]/g;

export function jsonLine(value: unknown): string {
  const s = JSON.stringify(value);
  UNSAFE_IN_JSON.lastIndex = 0;
  if (!UNSAFE_IN_JSON.test(s)) return s + '\n';
  UNSAFE_IN_JSON.lastIndex = 0;
  return s.replace(UNSAFE_IN_JSON, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '\n';
}
