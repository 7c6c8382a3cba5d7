/** Text charts: a sparkline of values and horizontal percentage bars. */

const TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * One character per value (the last `width` values), scaled to the maximum: zero is `▁`, the
 * maximum is `█`. Shorter series are left-padded with spaces so the newest value is always at the
 * right edge.
 */
export function sparkline(values: readonly number[], width: number): string {
  if (width <= 0) return '';
  const tail = values.slice(-width);
  const max = Math.max(0, ...tail);
  const chars = tail.map((v) => {
    if (max <= 0 || v <= 0) return TICKS[0];
    const i = Math.min(TICKS.length - 1, Math.max(1, Math.ceil((v / max) * (TICKS.length - 1))));
    return TICKS[i];
  });
  return ' '.repeat(width - chars.length) + chars.join('');
}

/** A bar of `width` cells, `fraction` of it filled (`████░░░░`). */
export function bar(fraction: number, width: number): string {
  if (width <= 0) return '';
  const f = Number.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
  const filled = f > 0 ? Math.max(1, Math.round(f * width)) : 0;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** `fraction` as a whole percentage (`42%`). */
export function percent(fraction: number): string {
  return `${Math.round((Number.isFinite(fraction) ? fraction : 0) * 100)}%`;
}
