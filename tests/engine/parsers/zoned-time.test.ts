import { describe, expect, it } from 'vitest';
import { createZoneConverter } from '../../../src/engine/parsers/zoned-time.js';

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
});
