/**
 * RFC 3164 timestamps (`May  1 09:14:04`, day padded with a space or a zero, optional fraction):
 * no year and no zone. The year is the current one (the year of `now` in the zone) unless that
 * puts the line more than a day after `now`; then it is the year before (a December line read on
 * January 1). The wall time is read in the configured zone.
 */
import type { ZoneConverter } from './zoned-time.js';

const DAY = 86_400_000;

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
  const nowYear = zone.yearAt(now);
  let lastText = '';
  let lastValue = NaN;

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
    if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
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
    const thisYear = zone.wallToUtc(nowYear, month, day, hour, minute, second, ms);
    if (thisYear <= now + DAY) return thisYear;
    return zone.wallToUtc(nowYear - 1, month, day, hour, minute, second, ms);
  }

  return (text, start, end) => {
    if (end - start === lastText.length && text.startsWith(lastText, start)) return lastValue;
    lastValue = compute(text, start, end);
    lastText = text.slice(start, end);
    return lastValue;
  };
}
