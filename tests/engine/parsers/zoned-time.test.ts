import { describe, expect, it } from 'vitest';
import { createZoneConverter, utcMs } from '../../../src/engine/parsers/zoned-time.js';

describe('createZoneConverter', () => {
  it('converts wall time to UTC across a DST change (New York)', () => {
    const ny = createZoneConverter('America/New_York');
    expect(ny.wallToUtc(2024, 0, 15, 12, 0, 0, 0)).toBe(Date.UTC(2024, 0, 15, 17, 0, 0));
    expect(ny.wallToUtc(2024, 6, 15, 12, 0, 0, 0)).toBe(Date.UTC(2024, 6, 15, 16, 0, 0));
    // 2024-03-10 02:30 does not exist; it is read as 03:30 EDT.
    expect(ny.wallToUtc(2024, 2, 10, 2, 30, 0, 0)).toBe(Date.UTC(2024, 2, 10, 7, 30, 0));
    expect(ny.wallToUtc(2024, 2, 10, 3, 30, 0, 0)).toBe(Date.UTC(2024, 2, 10, 7, 30, 0));
  });

  it('keeps milliseconds and uses cached offsets consistently', () => {
    const berlin = createZoneConverter('Europe/Berlin');
    const a = berlin.wallToUtc(2024, 4, 1, 9, 14, 4, 118);
    const b = berlin.wallToUtc(2024, 4, 1, 9, 59, 59, 999);
    expect(a).toBe(Date.UTC(2024, 4, 1, 7, 14, 4, 118));
    expect(b).toBe(Date.UTC(2024, 4, 1, 7, 59, 59, 999));
  });

  it('reports the wall-clock year in the zone', () => {
    const tokyo = createZoneConverter('Asia/Tokyo');
    expect(tokyo.yearAt(Date.UTC(2024, 11, 31, 16, 0, 0))).toBe(2025);
    expect(createZoneConverter('UTC').yearAt(Date.UTC(2024, 11, 31, 16, 0, 0))).toBe(2024);
  });

  it('uses the process zone when none is given', () => {
    expect(createZoneConverter().timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('reads the process zone exactly like the same zone named explicitly, DST edges included', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      const local = createZoneConverter();
      const named = createZoneConverter('America/New_York');
      expect(local.timeZone).toBe('America/New_York');
      const walls: [number, number, number, number, number][] = [
        [2024, 0, 15, 12, 0],
        [2024, 6, 15, 12, 0],
        [2024, 2, 10, 2, 30], // skipped hour
        [2024, 10, 3, 1, 30], // repeated hour
        [2024, 11, 31, 23, 59],
      ];
      for (const [y, mo, d, h, mi] of walls) expect(local.wallToUtc(y, mo, d, h, mi, 0, 0)).toBe(named.wallToUtc(y, mo, d, h, mi, 0, 0));
      expect(local.wallToUtc(2024, 2, 10, 2, 30, 0, 0)).toBe(Date.UTC(2024, 2, 10, 7, 30, 0));
      expect(local.wallToUtc(2024, 10, 3, 1, 30, 0, 0)).toBe(Date.UTC(2024, 10, 3, 5, 30, 0));
      expect(local.yearAt(Date.UTC(2025, 0, 1, 3, 0, 0))).toBe(2024);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('computes UTC instants exactly like Date.UTC, leap days, centuries and leap seconds included', () => {
    for (const year of [99, 100, 1899, 1900, 1970, 1999, 2000, 2023, 2024, 2100, 2400, 9999, 10000]) {
      for (let month = 0; month < 12; month++) {
        for (const day of [1, 15, 28, 29, 30, 31, 32]) {
          for (const [h, mi, s, ms] of [[0, 0, 0, 0], [23, 59, 60, 999], [12, 30, 15, 118]] as const) {
            expect(utcMs(year, month, day, h, mi, s, ms), `${year}-${month}-${day} ${h}:${mi}:${s}.${ms}`).toBe(Date.UTC(year, month, day, h, mi, s, ms));
          }
        }
      }
    }
    expect(utcMs(2024, 12, 1, 0, 0, 0, 0)).toBe(Date.UTC(2024, 12, 1));
    expect(utcMs(2024, -1, 1, 0, 0, 0, 0)).toBe(Date.UTC(2024, -1, 1));
  });
});
