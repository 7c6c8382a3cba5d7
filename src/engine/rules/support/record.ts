/**
 * The compact copy of an event a rule keeps while it waits for a threshold: what the alert needs
 * (time, user, host, program, position, raw line, the `suspicious` marker), not the parser's
 * whole event, so a flood of distinct sources costs little per tracked key; a long line (and the
 * fields sliced from it) is kept as a bounded detached excerpt.
 */
import type { SecurityEvent } from '../../model/event.js';
import type { AttemptRecord } from '../rule.js';
import { keptField, keptLine } from '../../text/excerpt.js';

const SUSPICIOUS: readonly string[] = Object.freeze(['suspicious']);

/** The record's `flags`: the shared `['suspicious']` when the event carries it, else undefined. */
export function recordFlags(e: SecurityEvent): readonly string[] | undefined {
  return e.flags !== undefined && e.flags.length > 0 && e.flags.includes('suspicious') ? SUSPICIOUS : undefined;
}

// The rules see one event after another, several of them keeping it: the record of the event seen
// last is reused (records are read-only), so an attempt kept by four rules costs one object.
let lastEvent: SecurityEvent | null = null;
let lastRecord: AttemptRecord | null = null;

export function toRecord(e: SecurityEvent): AttemptRecord {
  if (e === lastEvent) return lastRecord as AttemptRecord;
  lastEvent = e;
  lastRecord = {
    time: e.time,
    user: e.user === null ? null : keptField(e.user, e.raw),
    host: e.host === null ? null : keptField(e.host, e.raw),
    program: e.program,
    file: e.file,
    line: e.line,
    raw: keptLine(e.raw),
    flags: recordFlags(e),
  };
  return lastRecord;
}

/** Adds `value` to a fact list if it is not there yet and the list has room; true when added. */
export function addToList<T extends string | number>(list: T[], value: T, max: number): boolean {
  if (list.length >= max || list.includes(value)) return false;
  list.push(value);
  return true;
}
