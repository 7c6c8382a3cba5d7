/** Joins the envelope, the message-level event and the line's position into a SecurityEvent. */
import type { SecurityEvent } from '../model/event.js';
import type { MessageEvent, MessageOutcome } from './message-event.js';

export interface Envelope {
  time: number;
  host: string | null;
  /** The tag as logged (`sshd-session`, `kernel`, `legacy`, `zeek`, …). */
  program: string;
  pid: number | null;
}

export interface Origin {
  /** The line text as parsed (after truncation). */
  raw: string;
  file: string;
  line: number;
}

export function buildEvent(m: MessageEvent, env: Envelope, origin: Origin, count: number, extraFlag?: string): SecurityEvent {
  let flags = m.flags ?? [];
  if (extraFlag !== undefined) flags = [...flags, extraFlag];
  return {
    time: env.time,
    host: env.host,
    program: env.program,
    pid: env.pid,
    type: m.type,
    ip: m.ip,
    rhost: m.rhost,
    user: m.user,
    port: m.port,
    count: (m.count ?? 1) * count,
    weight: m.weight,
    method: m.method ?? null,
    dport: m.dport ?? null,
    proto: m.proto ?? null,
    bytes: m.bytes ?? null,
    dst: m.dst ?? null,
    flags,
    file: origin.file,
    line: origin.line,
    raw: origin.raw,
  };
}

/** The events of a matched outcome ([] for `ignored` / `unmatched`). */
export function buildEvents(outcome: MessageOutcome, env: Envelope, origin: Origin, count: number, extraFlag?: string): SecurityEvent[] {
  if (typeof outcome === 'string') return [];
  if (Array.isArray(outcome)) return outcome.map((m) => buildEvent(m, env, origin, count, extraFlag));
  return [buildEvent(outcome, env, origin, count, extraFlag)];
}
