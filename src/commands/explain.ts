/**
 * `threatwatch-tui explain LINE...` (or `-` for lines from stdin): how each line is read, the tool
 * to reach for when a line that should have counted did not (like fail2ban-regex and cscli
 * explain). Per line: the envelope recognised (or why none), program, template, extracted fields,
 * the events and the attempts BRUTE_FORCE counts for them. The lines go through one parser in
 * order, as in a log: an address a process named on an earlier line, or a PAM failure an earlier
 * line left pending, shows up in the later line's event. Everything taken from a line is escaped
 * for the terminal; `--json` prints one JSON object per line instead.
 */
import { createInterface } from 'node:readline';
import { toPublicEvent, type PublicEvent, type RawLine } from '../engine/model/event.js';
import { jsonLine } from '../engine/format/json-line.js';
import { createTracingLineParser, type LineTrace } from '../engine/parsers/line-parser.js';
import type { ParseResult } from '../engine/parsers/types.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { UsageError } from '../cli/errors.js';
import { resolveTimeZone } from '../runtime/prepare-detection.js';
import { writeOut, type Io } from './io.js';

export interface ExplainOptions {
  /** Lines to explain; `-` reads lines from stdin (in its place). */
  lines: string[];
  /** Lines are the journal's text form `host tag[pid]: message` (no timestamp). */
  journalText?: boolean;
  json?: boolean;
  timezone?: string;
  config?: string;
}

/**
 * What `explain` says about one line (the `--json` shape): the line, what the tracing parser saw
 * (`LineTrace`, its `family` named `program`), the verdict and the events with their attempts.
 */
export type Explanation = { line: number; text: string } & Omit<LineTrace, 'family'> & {
    program: string | null;
    status: ParseResult['status'];
    reason: string | null;
    events: PublicEvent[];
    attempts: number;
  };

const STATUS_TEXT: Record<ParseResult['status'], string> = {
  matched: 'matched',
  ignored: 'ignored (a known, benign message: no event)',
  unmatched: 'unmatched (a program we parse, but no template fits: a parse miss)',
  unknown: 'unknown',
};

const REASON_TEXT: Record<string, string> = {
  'no-envelope': 'no recognised envelope',
  'other-program': 'a program we do not parse',
  refused: 'journal record refused: its trusted fields do not back the program it names',
};

export function explainLine(raw: RawLine, result: ParseResult, trace: LineTrace): Explanation {
  const events = result.events.map(toPublicEvent);
  return {
    line: raw.line,
    text: raw.text,
    envelope: trace.envelope,
    why: trace.why,
    timestamp: trace.timestamp,
    host: trace.host,
    tag: trace.tag,
    pid: trace.pid,
    message: trace.message,
    program: trace.family,
    template: trace.template,
    status: result.status,
    reason: result.reason ?? null,
    events,
    attempts: result.events.reduce((n, e) => n + e.attempts, 0),
  };
}

/** The event fields `explain` lists after the type, in this order (when set). */
const SHOWN_FIELDS = ['ip', 'rhost', 'user', 'port', 'method', 'dport', 'proto', 'dst', 'bytes', 'count', 'flags', 'time'] as const satisfies readonly (keyof PublicEvent)[];

function fieldList(e: PublicEvent): string {
  const parts: string[] = [`${e.type}`];
  const add = (k: string, v: unknown) => {
    if (v !== null && v !== undefined) parts.push(`${k}=${typeof v === 'string' ? terminalSafe(v) : Array.isArray(v) ? v.map((x) => terminalSafe(String(x))).join(',') : String(v)}`);
  };
  for (const k of SHOWN_FIELDS) add(k, e[k]);
  return parts.join(' ');
}

/** The human-readable block for one line. */
export function formatExplanation(x: Explanation): string {
  const safe = (s: string | null) => (s === null ? '-' : terminalSafe(s));
  const out: string[] = [`line ${x.line}: ${terminalSafe(x.text)}`];
  if (x.envelope === null) {
    out.push(`  envelope  none: ${safe(x.why ?? 'not recognised')}`);
  } else {
    const where = [x.timestamp !== null ? `time ${safe(x.timestamp)}` : 'no time (previous event\'s)', `host ${safe(x.host)}`];
    if (x.tag !== null) where.push(`tag ${safe(x.tag)}`);
    if (x.pid !== null) where.push(`pid ${x.pid}`);
    out.push(`  envelope  ${safe(x.envelope)} (${where.join(', ')})`);
    if (x.message !== null) out.push(`  message   ${safe(x.message)}`);
  }
  out.push(`  program   ${x.program !== null ? safe(x.program) : x.tag !== null ? '- (not one we parse)' : '-'}`);
  out.push(`  template  ${x.template === null ? (x.status === 'unmatched' ? '- (none fits)' : '-') : safe(x.template)}`);
  const status = x.status === 'unknown' ? `unknown: ${REASON_TEXT[x.reason ?? ''] ?? x.reason ?? ''}` : STATUS_TEXT[x.status];
  out.push(`  result    ${status}${x.why !== null && x.envelope !== null ? ` (${safe(x.why)})` : ''}`);
  for (const e of x.events) out.push(`  event     ${fieldList(e)}  → attempts ${e.attempts}`);
  out.push(`  attempts  ${x.attempts}${x.events.length > 0 && x.attempts === 0 ? ' (BRUTE_FORCE counts nothing for this line)' : ''}`);
  return out.join('\n') + '\n';
}

async function* linesOf(args: string[]): AsyncGenerator<string> {
  for (const arg of args) {
    if (arg !== '-') {
      // A shell argument may hold several lines (`"$(tail -3 auth.log)"`).
      for (const l of arg.split('\n')) if (l.length > 0) yield l;
      continue;
    }
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const l of rl) yield l;
  }
}

export async function runExplain(opts: ExplainOptions, io: Io, source: (args: string[]) => AsyncIterable<string> = linesOf): Promise<number> {
  if (opts.lines.length === 0) throw new UsageError('explain: give at least one log line (or - to read lines from stdin)');
  const timeZone = await resolveTimeZone(opts);
  const { parse, trace } = createTracingLineParser({ now: Date.now(), timeZone, journalText: opts.journalText === true });
  let n = 0;
  for await (const text of source(opts.lines)) {
    if (io.closed?.()) break;
    const raw: RawLine = { text, file: 'explain', line: ++n };
    const x = explainLine(raw, parse(raw), trace);
    writeOut(io, opts.json ? jsonLine(x) : (n > 1 ? '\n' : '') + formatExplanation(x));
  }
  return 0;
}
