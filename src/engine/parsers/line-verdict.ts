/**
 * Results without events: one frozen object per (status, program) shared by every such line (most
 * lines are noise and get one of a handful of answers), and the `unknown` answers by reason.
 */
import { NO_EVENTS } from './build-event.js';
import type { LineStatus, ParseResult, UnknownReason } from './types.js';

/**
 * Results without events, one frozen object per (status, program), shared by every such line: most
 * lines are noise and get one of a handful of answers. Programs are our family names (a fixed set);
 * the bound is a safety net.
 */
const SHARED_LIMIT = 64;
const shared: Record<LineStatus, Map<string | null, ParseResult>> = {
  matched: new Map(),
  ignored: new Map(),
  unmatched: new Map(),
  unknown: new Map(),
};

/** A result without events; `reason` is required for `unknown`. */
export function verdict(status: LineStatus, program: string | null, truncated: boolean, reason?: UnknownReason): ParseResult {
  if (status === 'unknown') {
    const why = reason ?? 'no-envelope';
    if (truncated) return { status, program: null, events: NO_EVENTS, truncated, reason: why };
    return why === 'other-program' ? OTHER_PROGRAM : why === 'refused' ? REFUSED : NO_ENVELOPE;
  }
  if (truncated) return { status, program, events: NO_EVENTS, truncated };
  return sharedVerdict(status, program);
}

function sharedVerdict(status: LineStatus, program: string | null): ParseResult {
  const byProgram = shared[status];
  let r = byProgram.get(program);
  if (r === undefined) {
    r = Object.freeze({ status, program, events: NO_EVENTS, truncated: false });
    if (byProgram.size < SHARED_LIMIT) byProgram.set(program, r);
  }
  return r;
}

// The answers most noise lines get.
export const NO_ENVELOPE: ParseResult = Object.freeze({ status: 'unknown', program: null, events: NO_EVENTS, truncated: false, reason: 'no-envelope' });
export const OTHER_PROGRAM: ParseResult = Object.freeze({ status: 'unknown', program: null, events: NO_EVENTS, truncated: false, reason: 'other-program' });
export const REFUSED: ParseResult = Object.freeze({ status: 'unknown', program: null, events: NO_EVENTS, truncated: false, reason: 'refused' });
export const PAM_IGNORED = sharedVerdict('ignored', 'pam');
export const SSHD_IGNORED = sharedVerdict('ignored', 'sshd');
