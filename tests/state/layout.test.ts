import { describe, expect, it } from 'vitest';
import { calculateLayout, MIN_COLUMNS, MIN_ROWS } from '../../src/state/layout.js';

function usedHeight(l: ReturnType<typeof calculateLayout>): number {
  return l.headerLines + l.bannerLines + l.alerts.height + l.feed.height + 2;
}

function rowWidth(c: ReturnType<typeof calculateLayout>['alerts']['columns']): number {
  const base = c.cursor + c.flag + c.time + c.severity + c.rule + c.ip + c.count + c.intel + c.status + 7;
  return base + (c.summary > 0 ? c.summary + 1 : 0);
}

describe('calculateLayout', () => {
  it('fits the whole console in 80×24 with room for several alerts and events', () => {
    const l = calculateLayout(80, 24);
    expect(l.tooSmall).toBe(false);
    expect(usedHeight(l)).toBeLessThanOrEqual(23); // one line short of the terminal: no full repaints
    expect(l.alerts.rows).toBeGreaterThanOrEqual(5);
    expect(l.feed.rows).toBeGreaterThanOrEqual(5);
    expect(l.feed.width + l.stats.width).toBe(80);
    expect(rowWidth(l.alerts.columns)).toBe(80 - 4);
  });

  it('never overflows the height, with or without the warning banner', () => {
    for (const [c, r] of [[70, 20], [80, 24], [120, 40], [200, 60]] as const) {
      for (const bannerLines of [0, 2]) {
        const l = calculateLayout(c, r, { bannerLines });
        expect(usedHeight(l)).toBeLessThanOrEqual(r - 1);
        expect(rowWidth(l.alerts.columns)).toBeLessThanOrEqual(c - 4);
      }
    }
  });

  it('gives larger terminals more alert rows and a wider chart', () => {
    const small = calculateLayout(80, 24);
    const big = calculateLayout(160, 50);
    expect(big.alerts.rows).toBeGreaterThan(small.alerts.rows);
    expect(big.stats.chartWidth).toBeGreaterThan(small.stats.chartWidth);
    expect(big.alerts.columns.summary).toBeGreaterThan(0);
    expect(small.alerts.columns.summary).toBe(0);
  });

  it('flags terminals below the minimum', () => {
    expect(calculateLayout(MIN_COLUMNS - 1, 30).tooSmall).toBe(true);
    expect(calculateLayout(100, MIN_ROWS - 1).tooSmall).toBe(true);
    expect(calculateLayout(MIN_COLUMNS, MIN_ROWS).tooSmall).toBe(false);
  });
});
