/** Small number and list formats for rule summaries (no Intl: summaries are built on the hot path of replay). */

/** `1482113` → `1,482,113` (rounded to an integer). */
export function groupDigits(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return n < 0 ? `-${out}` : out;
}

/** The first `max` items joined with `sep`, then `…` when there are more. */
export function listHead(items: readonly (string | number)[], max: number, sep = ', '): string {
  const head = items.slice(0, max).join(sep);
  return items.length > max ? `${head}${sep}…` : head;
}

/** `BRUTE_FORCE ×2, PORT_SCAN`: names in first-seen order, repeats counted. */
export function countedNames(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n)).join(', ');
}
