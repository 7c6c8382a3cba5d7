/**
 * Every number a parser takes from a log is bounded here, at parse time (issue: a forged
 * `PAM <400 digits> more authentication failures` must not become `Infinity`, be saved as `null`
 * and poison the store). Counts are clamped to `MAX_COUNT`, byte totals to `MAX_BYTES`; text that is
 * not a plain decimal number gives the fallback.
 */

/** Largest count one line may stand for (`message repeated N times`, `PAM N more …`, products of both). */
export const MAX_COUNT = 1_000_000;
/** Largest byte total of one flow record (an exabyte: far beyond any real flow, still an exact integer). */
export const MAX_BYTES = 2 ** 60;

/** `count` clamped to 1…MAX_COUNT (NaN and non-numbers → 1). */
export function clampCount(count: number): number {
  if (!(count >= 1)) return 1;
  return count > MAX_COUNT ? MAX_COUNT : Math.floor(count);
}

/**
 * A count written in decimal digits (`text[start, end)`, default the whole string), clamped to
 * 1…MAX_COUNT without ever building a huge number: more than 7 digits is already past the bound.
 */
export function countOf(text: string, start = 0, end = text.length): number {
  if (end <= start) return 1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 1;
    if (i - start >= 7) return MAX_COUNT;
    n = n * 10 + d;
  }
  return clampCount(n);
}

/** A byte count: ≥ 0, clamped to MAX_BYTES (an overflowing sum too); null for NaN or negative. */
export function boundedBytes(n: number | null): number | null {
  if (n === null || Number.isNaN(n) || n < 0) return null;
  return n > MAX_BYTES ? MAX_BYTES : n;
}
