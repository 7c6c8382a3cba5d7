/** Joins the envelope, the message-level event and the line's position into a SecurityEvent. */
import type { SecurityEvent } from '../model/event.js';
import { attemptsByWeight } from './attempt-counter.js';
import { clampCount } from './bounded-number.js';
import type { MessageEvent, MessageOutcome } from './message-event.js';

/**
 * Everything an event takes from its line rather than from its message: the envelope (time, host,
 * tag, PID) and the position. One object per parser, filled in just before events are built (no
 * allocation per line); `buildEvent` copies the values out.
 */
export interface EventContext {
  time: number;
  host: string | null;
  /** The tag as logged (`sshd-session`, `kernel`, `legacy`, `zeek`, …). */
  program: string;
  pid: number | null;
  /** The line text as parsed (after truncation). */
  raw: string;
  file: string;
  line: number;
}

export function createEventContext(): EventContext {
  return { time: NaN, host: null, program: '', pid: null, raw: '', file: '', line: 0 };
}

/** Shared by every event without markers (frozen: a marker is added by replacing the array). */
const NO_FLAGS = Object.freeze([]) as unknown as string[];
/** Shared by every verdict without events (frozen: nobody may add to it). */
export const NO_EVENTS = Object.freeze([]) as unknown as SecurityEvent[];

export function buildEvent(m: MessageEvent, ctx: EventContext, count: number, extraFlag?: string): SecurityEvent {
  let flags = m.flags ?? NO_FLAGS;
  if (extraFlag !== undefined) flags = [...flags, extraFlag];
  const n = m.count === undefined ? count : clampCount(m.count * count);
  return {
    time: ctx.time,
    host: ctx.host,
    program: ctx.program,
    pid: ctx.pid,
    type: m.type,
    ip: m.ip,
    rhost: m.rhost,
    user: m.user,
    port: m.port,
    count: n,
    weight: m.weight,
    attempts: attemptsByWeight(m.ip, m.weight, n),
    method: m.method ?? null,
    dport: m.dport ?? null,
    proto: m.proto ?? null,
    bytes: m.bytes ?? null,
    dst: m.dst ?? null,
    flags,
    tcpFlags: m.tcpFlags ?? null,
    direction: m.direction ?? null,
    iface: m.iface ?? null,
    bytesOut: m.bytesOut ?? null,
    bytesIn: m.bytesIn ?? null,
    flowStart: m.flowStart ?? null,
    flowEnd: m.flowEnd ?? null,
    file: ctx.file,
    line: ctx.line,
    raw: ctx.raw,
  };
}

/** The events of a matched outcome (none for `ignored` / `unmatched`). */
export function buildEvents(outcome: MessageOutcome, ctx: EventContext, count: number, extraFlag?: string): SecurityEvent[] {
  if (typeof outcome === 'string') return NO_EVENTS;
  if (!Array.isArray(outcome)) return [buildEvent(outcome, ctx, count, extraFlag)];
  const events: SecurityEvent[] = [];
  for (const m of outcome) events.push(buildEvent(m, ctx, count, extraFlag));
  return events;
}
