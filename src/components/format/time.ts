/** Clock, uptime and duration formatting (local time, via date-fns). */
import { format, startOfDay, startOfYear } from 'date-fns';

/** `HH:mm:ss` local time of ms since the epoch or an ISO string; `--:--:--` when invalid. */
export function clockTime(value: number | string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '--:--:--' : format(d, 'HH:mm:ss');
}

/** `yyyy-MM-dd HH:mm:ss` local time. */
export function dateTime(value: number | string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '----' : format(d, 'yyyy-MM-dd HH:mm:ss');
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** A short human duration: `45s`, `3m 20s`, `2h 05m`, `3d 4h`. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${two(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${two(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** A block duration: `1h`, `30m`, `2d`, `permanent`. */
export function blockDuration(seconds: number | null): string {
  if (seconds === null) return 'permanent';
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** Uptime to the minute, with units (the clock's quiet form): `<1m`, `12m`, `1h 02m`, `3d 04h 05m`. */
export function uptimeMinutes(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return '<1m';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d}d ${two(h)}h ${two(m)}m`;
  if (h > 0) return `${h}h ${two(m)}m`;
  return `${m}m`;
}

/** `HH:mm` local time (the clock's quiet form). */
export function clockMinutes(value: number): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '--:--' : format(d, 'HH:mm');
}

/** The local day and year "now" falls in: what decides how much of a date a time stamp needs. */
export interface Today {
  /** Local midnight starting the day, ms. */
  readonly dayStart: number;
  /** Local midnight ending it (the next day's start), ms. */
  readonly dayEnd: number;
  readonly yearStart: number;
  readonly yearEnd: number;
}

/** The day and year of `now` (local time). */
export function todayOf(now: number): Today {
  const day = startOfDay(now);
  const next = new Date(day);
  next.setDate(next.getDate() + 1);
  const year = startOfYear(now);
  const nextYear = new Date(year);
  nextYear.setFullYear(nextYear.getFullYear() + 1);
  return { dayStart: day.getTime(), dayEnd: startOfDay(next).getTime(), yearStart: year.getTime(), yearEnd: nextYear.getTime() };
}

/** How much a stamp shows: the time of day (today), with the date (this year), with the year. */
export type StampKind = 'time' | 'date' | 'year';

/** Characters a stamp of each kind takes: `14:34:09`, `Mar 09 14:34`, `2023-03-09 14:34`. */
export const STAMP_WIDTH: Readonly<Record<StampKind, number>> = { time: 8, date: 12, year: 16 };

function ms(value: number | string): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

/** Which form a time needs relative to `today`. */
export function stampKind(value: number | string, today: Today): StampKind {
  const t = ms(value);
  if (Number.isNaN(t)) return 'time';
  if (t >= today.dayStart && t < today.dayEnd) return 'time';
  if (t >= today.yearStart && t < today.yearEnd) return 'date';
  return 'year';
}

/**
 * A time stamp that never passes last week off as today: `14:34:09` today, `Mar 09 14:34` another
 * day of this year, `2023-03-09 14:34` another year (local time); `--:--:--` when invalid.
 */
export function stamp(value: number | string, today: Today): string {
  const t = ms(value);
  if (Number.isNaN(t)) return '--:--:--';
  switch (stampKind(t, today)) {
    case 'time':
      return format(t, 'HH:mm:ss');
    case 'date':
      return format(t, 'MMM dd HH:mm');
    case 'year':
      return format(t, 'yyyy-MM-dd HH:mm');
  }
}

const isoBounds = new WeakMap<Today, { day: [string, string]; year: [string, string] }>();

/** `today`'s bounds as ISO-8601 UTC strings, which sort like the instants (as the alerts' times are written). */
function boundsOf(today: Today): { day: [string, string]; year: [string, string] } {
  let b = isoBounds.get(today);
  if (!b) {
    const iso = (ms: number) => new Date(ms).toISOString();
    b = { day: [iso(today.dayStart), iso(today.dayEnd)], year: [iso(today.yearStart), iso(today.yearEnd)] };
    isoBounds.set(today, b);
  }
  return b;
}

const CANONICAL_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * The width of the widest stamp among `values` (the column width that fits them all). Cheap for a
 * long list: canonical ISO strings are compared as strings, without parsing.
 */
export function stampWidth(values: Iterable<number | string>, today: Today): number {
  const b = boundsOf(today);
  let widest: StampKind = 'time';
  for (const v of values) {
    let k: StampKind;
    if (typeof v === 'string' && CANONICAL_ISO.test(v)) {
      k = v >= b.day[0] && v < b.day[1] ? 'time' : v >= b.year[0] && v < b.year[1] ? 'date' : 'year';
    } else k = stampKind(v, today);
    if (k === 'year') return STAMP_WIDTH.year;
    if (k === 'date') widest = 'date';
  }
  return STAMP_WIDTH[widest];
}
