/**
 * Wall-clock time in an IANA zone → UTC, with Intl only (no dependency). The zone offset is
 * computed once per local wall-clock hour and cached, so converting a whole log stays cheap.
 * DST edges: a wall time in the skipped spring-forward hour is read with the offset in force
 * before the change (02:30 becomes 03:30 summer time), and a wall time in the repeated fall-back
 * hour is read as its first occurrence (summer time), like Temporal's "compatible": consecutive
 * lines across the change stay seconds apart, never hours or days.
 */

const HOUR = 3_600_000;
const CACHE_LIMIT = 10_000;

export interface ZoneConverter {
  /** The resolved IANA zone name. */
  readonly timeZone: string;
  /** UTC ms for a wall-clock time in the zone (month 0-based). */
  wallToUtc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number;
  /** The wall-clock year in the zone at a UTC instant. */
  yearAt(utcMs: number): number;
}

/**
 * A converter for `timeZone` (IANA), or the process's local zone when it is undefined.
 * Throws a RangeError for an unknown zone name: that is a configuration error.
 */
export function createZoneConverter(timeZone?: string): ZoneConverter {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const zone = format.resolvedOptions().timeZone;
  const fixedUtc = zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'GMT';
  const cache = new Map<number, number>();

  /** Offset (local − UTC, ms) in force at a UTC instant. */
  function offsetAt(instant: number): number {
    if (fixedUtc) return 0;
    let y = 1970;
    let mo = 1;
    let d = 1;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const part of format.formatToParts(new Date(instant))) {
      switch (part.type) {
        case 'year': y = Number(part.value); break;
        case 'month': mo = Number(part.value); break;
        case 'day': d = Number(part.value); break;
        case 'hour': h = Number(part.value); break;
        case 'minute': mi = Number(part.value); break;
        case 'second': s = Number(part.value); break;
        default: break;
      }
    }
    const wall = Date.UTC(y, mo - 1, d, h, mi, s);
    return wall - Math.floor(instant / 1000) * 1000;
  }

  /**
   * Offset for a local wall-clock hour (its start, as if it were UTC). The candidates are the
   * offsets in force a day before and a day after (zone transitions are months apart); one is valid
   * when the wall time read with it comes back with it. Both valid (the repeated fall-back hour):
   * the earlier instant, i.e. the offset before the change. Neither (the skipped spring-forward
   * hour): the offset before the change, which moves the wall time forward past the gap.
   */
  function offsetForWallHour(wallHour: number): number {
    const before = offsetAt(wallHour - 86_400_000);
    const after = offsetAt(wallHour + 86_400_000);
    if (before === after) {
      // No transition near: the common case, one more look to be sure.
      const here = offsetAt(wallHour - before);
      return here === before ? before : offsetAt(wallHour - here) === here ? here : before;
    }
    if (offsetAt(wallHour - before) === before) return before;
    if (offsetAt(wallHour - after) === after) return after;
    return before;
  }

  return {
    timeZone: zone,
    wallToUtc(year, month, day, hour, minute, second, ms) {
      const wall = Date.UTC(year, month, day, hour, minute, second, ms);
      if (fixedUtc) return wall;
      const key = Math.floor(wall / HOUR);
      let offset = cache.get(key);
      if (offset === undefined) {
        offset = offsetForWallHour(key * HOUR);
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(key, offset);
      }
      return wall - offset;
    },
    yearAt(utcMs) {
      return new Date(utcMs + offsetAt(utcMs)).getUTCFullYear();
    },
  };
}
