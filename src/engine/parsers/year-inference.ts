/**
 * RFC 3164 timestamps (`May  1 09:14:04`, day padded with a space or a zero, optional fraction):
 * no year and no zone. The year is the latest of (reference year + 1, reference year, the year
 * before) that does not put the line more than a day after the reference, and that has the date
 * (`Feb 29` only in leap years). The reference is `now`, moved forward by the lines already read: a
 * console started in December and still tailing in January dates `Jan  1` lines in the new year,
 * and a December line read on January 1 goes to the year before. Once the lines have passed `now`
 * (a live source), a line may be up to a month after the latest one. `Feb 30` and the like are not
 * dates (NaN). The wall time is read in the configured zone.
 */
import type { ZoneConverter } from './zoned-time.js';

const DAY = 86_400_000;
const LIVE_SLACK = 31 * DAY;

/** The month (0-based) named at `text[i, i + 3)`, or -1 (read by character, nothing sliced). */
function monthAt(text: string, i: number): number {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  const c = text.charCodeAt(i + 2);
  switch (a) {
    case 74: // J
      if (b === 97 && c === 110) return 0; // Jan
      if (b === 117 && c === 110) return 5; // Jun
      if (b === 117 && c === 108) return 6; // Jul
      return -1;
    case 70: // F
      return b === 101 && c === 98 ? 1 : -1; // Feb
    case 77: // M
      if (b !== 97) return -1;
      return c === 114 ? 2 : c === 121 ? 4 : -1; // Mar, May
    case 65: // A
      if (b === 112 && c === 114) return 3; // Apr
      return b === 117 && c === 103 ? 7 : -1; // Aug
    case 83: // S
      return b === 101 && c === 112 ? 8 : -1; // Sep
    case 79: // O
      return b === 99 && c === 116 ? 9 : -1; // Oct
    case 78: // N
      return b === 111 && c === 118 ? 10 : -1; // Nov
    case 68: // D
      return b === 101 && c === 99 ? 11 : -1; // Dec
    default:
      return -1;
  }
}

function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Reads `text[start, end)` as an RFC 3164 stamp; returns ms since the epoch or NaN. */
export type Rfc3164TimeReader = (text: string, start: number, end: number) => number;

/**
 * A reader with year inference against `now` in `zone`. It caches the last stamp: consecutive
 * lines usually share it.
 */
export function createRfc3164TimeReader(now: number, zone: ZoneConverter): Rfc3164TimeReader {
  let reference = now;
  let refYear = zone.yearAt(now);
  // Start of the next wall-clock year: when the reference passes it, refYear is recomputed.
  let nextYearStart = zone.wallToUtc(refYear + 1, 0, 1, 0, 0, 0, 0);
  let lastText = '';
  let lastValue = NaN;
  // The minute of the last stamp computed in full (`Mmm dd hh:mm`, the first 12 characters) when
  // every second of that minute gets the same year: then another second of it is that minute's
  // instant plus the seconds. Numbers in a typed array ([instant of second 0, limit, first year]):
  // a double kept in a closure variable is re-allocated on every assignment.
  let minuteText = '';
  const minuteState = new Float64Array([NaN, NaN, NaN]);

  function advance(t: number): void {
    if (!(t > reference)) return;
    reference = t;
    if (t >= nextYearStart) {
      refYear = zone.yearAt(t);
      nextYearStart = zone.wallToUtc(refYear + 1, 0, 1, 0, 0, 0, 0);
    }
  }

  function compute(text: string, start: number, end: number): number {
    const month = monthAt(text, start);
    if (month < 0 || text.charCodeAt(start + 3) !== 32) return NaN;
    const d1 = text.charCodeAt(start + 4) === 32 ? 0 : digit(text, start + 4);
    const d2 = digit(text, start + 5);
    const h1 = digit(text, start + 7);
    const h2 = digit(text, start + 8);
    const m1 = digit(text, start + 10);
    const m2 = digit(text, start + 11);
    const s1 = digit(text, start + 13);
    const s2 = digit(text, start + 14);
    if (d1 < 0 || d2 < 0 || h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0 || s1 < 0 || s2 < 0) return NaN;
    const day = d1 * 10 + d2;
    const hour = h1 * 10 + h2;
    const minute = m1 * 10 + m2;
    const second = s1 * 10 + s2;
    if (day < 1 || day > DAYS_IN_MONTH[month]! || hour > 23 || minute > 59 || second > 60) return NaN;
    let ms = 0;
    if (end > start + 15) {
      // `.f{1,9}` (journalctl -o short-precise)
      if (text.charCodeAt(start + 15) !== 46 || end - start - 16 > 9 || end - start - 16 < 1) return NaN;
      let scale = 100;
      for (let i = start + 16; i < end; i++) {
        const d = digit(text, i);
        if (d < 0) return NaN;
        ms += d * scale;
        scale /= 10;
      }
      ms = Math.floor(ms);
    }
    // Until the lines pass `now`, a line more than a day after it is last year's (a replayed
    // file). Once they have (a live source running for days), the stream sets the pace: a line up
    // to a month after the latest one is this year's, so a quiet weekend does not send Monday's
    // lines a year back.
    const limit = reference > now ? reference + LIVE_SLACK : now + DAY;
    // The next year only when the reference is within a day of its start (a live New Year).
    const first = limit >= nextYearStart ? refYear + 1 : refYear;
    for (let year = first; year >= refYear - 4; year--) {
      if (month === 1 && day === 29 && !isLeapYear(year)) continue;
      const t = zone.wallToUtc(year, month, day, hour, minute, second, ms);
      if (t <= limit) {
        // The top candidate year, with the whole minute before the limit: no second of this
        // minute can get another year (the zone offset is per hour, so seconds just add).
        const minuteStart = t - second * 1000 - ms;
        if (year === first && second < 60 && minuteStart + 60_000 <= limit) {
          minuteText = text.slice(start, start + 12);
          minuteState[0] = minuteStart;
          minuteState[1] = limit;
          minuteState[2] = first;
        }
        return t;
      }
    }
    return NaN;
  }

  /** A plain `Mmm dd hh:mm:ss` stamp in the remembered minute, decided as `compute` would; else NaN. */
  function sameMinute(text: string, start: number, end: number): number {
    if (end - start !== 15 || minuteText.length !== 12 || !text.startsWith(minuteText, start)) return NaN;
    const s1 = digit(text, start + 13);
    const s2 = digit(text, start + 14);
    if (s1 < 0 || s1 > 5 || s2 < 0) return NaN;
    const limit = reference > now ? reference + LIVE_SLACK : now + DAY;
    const first = limit >= nextYearStart ? refYear + 1 : refYear;
    if (limit !== minuteState[1] || first !== minuteState[2]) return NaN;
    return minuteState[0]! + (s1 * 10 + s2) * 1000;
  }

  return (text, start, end) => {
    if (end - start === lastText.length && text.startsWith(lastText, start)) return lastValue;
    const fast = sameMinute(text, start, end);
    lastValue = Number.isNaN(fast) ? compute(text, start, end) : fast;
    lastText = text.slice(start, end);
    advance(lastValue);
    return lastValue;
  };
}

/** Days per month, February with 29 (checked against the year separately). */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
