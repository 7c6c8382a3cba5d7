/**
 * rsyslog repeat reduction (log-formats.md §2.6): `message repeated N times: [ <original MSG>]`
 * stands for N more copies of the original; every event parsed from the inner message gets
 * `count: N`. The old sysklogd `last message repeated N times` carries no text, and which line it
 * repeats depends on state we do not keep per host: it is reported as `ignored`.
 */

import { countOf } from './bounded-number.js';

const REPEATED = /^message repeated (\d+) times: \[ ?(.*)\]$/s;

export interface Repeated {
  count: number;
  inner: string;
}

/** The count and inner message of a `message repeated` line; null when malformed. */
export function unwrapRepeated(msg: string): Repeated | null {
  const m = REPEATED.exec(msg);
  if (m === null) return null;
  return { count: countOf(m[1]!), inner: m[2]! };
}

export function isRepeatedMessage(msg: string, start = 0): boolean {
  return msg.startsWith('message repeated ', start);
}

export function isLastMessageRepeated(msg: string, start = 0): boolean {
  return msg.startsWith('last message repeated ', start);
}
