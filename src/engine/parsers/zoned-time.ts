/**
 * Wall-clock time in an IANA zone → UTC, with Intl only (no dependency). The zone offset is
 * computed once per local wall-clock hour and cached, so converting a whole log stays cheap.
 * DST edges: a wall time in the skipped spring-forward hour is read with the offset in force
 * before the change (02:30 becomes 03:30 summer time), and a wall time in the repeated fall-back
 * hour is read as its first occurrence (summer time), like Temporal's "compatible": consecutive
 * lines across the change stay seconds apart, never hours or days.
 */
import { withGetters } from '../with-getters.js';

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
 * `Date.UTC` for years 100–9999 (month 0-based; fields past their range carry over, as with
 * Date.UTC), by arithmetic: days from the civil date (H. Hinnant's algorithm), no builtin call.
 */
export function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (!(year >= 100 && year <= 9999 && month >= 0 && month <= 11)) return Date.UTC(year, month, day, hour, minute, second, ms);
  const y = month <= 1 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 10) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms;
}

const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT']);

function wallFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}

/**
 * A converter for `timeZone` (IANA), or the process's local zone when it is undefined.
 * Throws a RangeError for an unknown zone name: that is a configuration error.
 *
 * The process's local zone and the UTC names need no Intl formatter (its creation loads ICU data,
 * ~10 ms of start-up): `Date` reads the local zone's offsets from the same ICU zone Intl would use.
 * The zone's name is resolved only when asked for.
 */
export function createZoneConverter(timeZone?: string): ZoneConverter {
  const local = timeZone === undefined;
  const format = local || UTC_NAMES.has(timeZone) ? null : wallFormat(timeZone);
  let zone = format === null ? null : format.resolvedOptions().timeZone;
  const fixedUtc = !local && UTC_NAMES.has(zone ?? timeZone);
  const cache = new Map<number, number>();
  // [hour key, offset] of the last lookup, in a typed array (a double in a closure variable is
  // re-allocated on every assignment).
  const lastHour = new Float64Array([NaN, 0]);

  /** Offset (local − UTC, ms) in force at a UTC instant. */
  function offsetAt(instant: number): number {
    if (fixedUtc) return 0;
    if (format === null) return -new Date(instant).getTimezoneOffset() * 60_000;
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

  const converter = {
    wallToUtc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
      const wall = utcMs(year, month, day, hour, minute, second, ms);
      if (fixedUtc) return wall;
      const key = Math.floor(wall / HOUR);
      // Consecutive stamps share their hour: one remembered entry before the map.
      if (key === lastHour[0]) return wall - lastHour[1]!;
      let offset = cache.get(key);
      if (offset === undefined) {
        offset = offsetForWallHour(key * HOUR);
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(key, offset);
      }
      lastHour[0] = key;
      lastHour[1] = offset;
      return wall - offset;
    },
    yearAt(utcMs: number): number {
      return new Date(utcMs + offsetAt(utcMs)).getUTCFullYear();
    },
  };
  return withGetters(converter, {
    timeZone: (): string => {
      zone ??= wallFormat(timeZone).resolvedOptions().timeZone;
      return zone;
    },
  });
}
