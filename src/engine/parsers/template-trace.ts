/**
 * Which template decided the message parsed last, for `threatwatch-tui explain`. Parsers store a
 * constant id here as they decide (one property store, nothing built); only explain reads it, right
 * after parsing a line, so the hot path pays next to nothing.
 */
export const templateTrace = { id: '' };

/** Records `id` as the deciding template and returns `value` (for `return traced('…', outcome)`). */
export function traced<T>(id: string, value: T): T {
  templateTrace.id = id;
  return value;
}
