/**
 * Syslog file envelopes for generated lines (log-formats.md §2.1 and §2.2), in the process's local
 * zone, the way rsyslog writes them on the logging host. Pure: time is an argument.
 */

export type SimFormat = 'rfc3164' | 'rfc3339';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `May  1 09:14:04` (day padded with a space, no year, local time). */
export function rfc3164Stamp(time: number): string {
  const d = new Date(time);
  const day = String(d.getDate()).padStart(2, ' ');
  return `${MONTHS[d.getMonth()]} ${day} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** `2024-05-01T09:14:04.118532+02:00`; `micros` (0–999) fills the sub-millisecond digits. */
export function rfc3339Stamp(time: number, micros: number): string {
  const d = new Date(time);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const frac = String(d.getMilliseconds()).padStart(3, '0') + String(micros).padStart(3, '0');
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}` +
    `T${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${frac}` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/**
 * One file line: `<stamp> <host> <tag>[<pid>]: <msg>`. Like rsyslog's `sp-if-no-1st-sp`, no space
 * is added when the message already starts with one (`sudo:    alice : …`).
 */
export function formatLine(
  format: SimFormat,
  time: number,
  micros: number,
  host: string,
  tag: string,
  pid: number | null,
  msg: string,
): string {
  const stamp = format === 'rfc3164' ? rfc3164Stamp(time) : rfc3339Stamp(time, micros);
  const pidPart = pid === null ? '' : `[${pid}]`;
  const sep = msg.startsWith(' ') ? '' : ' ';
  return `${stamp} ${host} ${tag}${pidPart}:${sep}${msg}`;
}
