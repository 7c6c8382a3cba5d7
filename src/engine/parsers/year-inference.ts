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

const MONTHS = new Map<string, number>([
  ['Jan', 0], ['Feb', 1], ['Mar', 2], ['Apr', 3], ['May', 4], ['Jun', 5],
  ['Jul', 6], ['Aug', 7], ['Sep', 8], ['Oct', 9], ['Nov', 10], ['Dec', 11],
]);

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

  function advance(t: number): void {
    if (!(t > reference)) return;
    reference = t;
    if (t >= nextYearStart) {
      refYear = zone.yearAt(t);
      nextYearStart = zone.wallToUtc(refYear + 1, 0, 1, 0, 0, 0, 0);
    }
  }

  function compute(text: string, start: number, end: number): number {
    const month = MONTHS.get(text.slice(start, start + 3));
    if (month === undefined || text.charCodeAt(start + 3) !== 32) return NaN;
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
      if (t <= limit) return t;
    }
    return NaN;
  }

  return (text, start, end) => {
    if (end - start === lastText.length && text.startsWith(lastText, start)) return lastValue;
    lastValue = compute(text, start, end);
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
