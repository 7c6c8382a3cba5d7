/** Clock, uptime and duration formatting (local time, via date-fns). */
import { format } from 'date-fns';

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

/** `HH:MM:SS`, or `Nd HH:MM:SS` past a day, for an elapsed time in ms. */
export function uptime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const clock = `${two(h)}:${two(m)}:${two(s)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
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
