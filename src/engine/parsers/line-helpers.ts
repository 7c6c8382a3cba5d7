/** Small pieces of the line parser: sshd disconnect words, naive ISO stamps in a zone. */
import { parseRfc3339 } from './rfc3339-time.js';
import type { ZoneConverter } from './zoned-time.js';

/** `ParseResult` verdicts whose line ended a connection: the first words of sshd's disconnect lines. */
export function isDisconnectMessage(msg: string): boolean {
  const c = msg.charCodeAt(0);
  return (
    (c === 67 && (msg.startsWith('Connection closed by ') || msg.startsWith('Connection reset by '))) ||
    (c === 68 && msg.startsWith('Disconnected from ')) ||
    (c === 82 && msg.startsWith('Received disconnect from '))
  );
}

/** A naive ISO stamp (`YYYY-MM-DD[T _]hh:mm:ss[.f]`, no offset) read as wall time in `zone`. */
export function localIso(text: string, start: number, end: number, zone: ZoneConverter): number {
  const naive = parseRfc3339(text, start, end, true);
  if (Number.isNaN(naive)) return NaN;
  const d = new Date(naive);
  return zone.wallToUtc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}
