/**
 * `threatwatch-tui parse FILES...`: shows what the parsers see, like fail2ban-regex. stdout: one
 * normalized event per line (NDJSON, with the `attempts` BRUTE_FORCE counts), or with `--unmatched`
 * every line that gave nothing, marked with why: `[no envelope]` (no syslog header or record we
 * know: a parse miss), `[other program]` (a program we do not parse), `[refused]` (a journal record
 * whose trusted fields do not back its program), `[no template]` (a program we parse, no template
 * fits). stderr: lines read, events by type, attempts, and each of those kinds counted.
 */
import { EVENT_TYPES, toPublicEvent, type EventType } from '../engine/model/event.js';
import { createLineParser } from '../engine/parsers/index.js';
import type { ParseResult } from '../engine/parsers/types.js';
import { jsonLine } from '../engine/format/json-line.js';
import { inspectInput, readLineBatches } from '../plugins/sources/file-read.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { UsageError } from '../cli/errors.js';
import { resolveTimeZone } from '../runtime/prepare-detection.js';
import { writeOut, type Io } from './io.js';

export interface ParseOptions {
  files: string[];
  /** Print the lines that gave nothing (marked with why) instead of events. */
  unmatched?: boolean;
  timezone?: string;
  config?: string;
}

/** The `--unmatched` mark of a line that gave no event, or null for lines that are fine as they are. */
function missMark(r: ParseResult): string | null {
  if (r.status === 'unmatched') return 'no template';
  if (r.status !== 'unknown') return null;
  if (r.reason === 'other-program') return 'other program';
  if (r.reason === 'refused') return 'refused';
  return 'no envelope';
}

export async function runParse(opts: ParseOptions, io: Io): Promise<number> {
  if (opts.files.length === 0) throw new UsageError('parse: name at least one log file (or - for stdin)');
  const inputs = [];
  for (const f of opts.files) inputs.push(await inspectInput(f));
  const timeZone = await resolveTimeZone(opts);
  const parse = createLineParser({ now: Date.now(), timeZone });
  const byType = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
  const unmatchedBy = new Map<string, number>();
  let lines = 0;
  let events = 0;
  let attempts = 0;
  let noEnvelope = 0;
  let otherProgram = 0;
  let refused = 0;
  let ignored = 0;
  let truncated = 0;
  for (const info of inputs) {
    for await (const batch of readLineBatches(info)) {
      if (io.closed?.()) break;
      let out = '';
      for (const raw of batch) {
        lines++;
        const r = parse(raw);
        if (r.truncated) truncated++;
        if (r.status === 'unknown') {
          if (r.reason === 'other-program') otherProgram++;
          else if (r.reason === 'refused') refused++;
          else noEnvelope++;
        } else if (r.status === 'ignored') {
          ignored++;
        } else if (r.status === 'unmatched') {
          const p = r.program ?? 'unknown';
          unmatchedBy.set(p, (unmatchedBy.get(p) ?? 0) + 1);
        }
        if (opts.unmatched) {
          const mark = missMark(r);
          if (mark !== null) out += `${terminalSafe(raw.file)}:${raw.line}: [${mark}] ${terminalSafe(raw.text)}\n`;
        }
        for (const e of r.events) {
          events++;
          attempts += e.attempts;
          byType[e.type]++;
          if (!opts.unmatched) out += jsonLine(toPublicEvent(e));
        }
      }
      if (out) writeOut(io, out);
    }
  }
  const types = EVENT_TYPES.filter((t) => byType[t] > 0).map((t) => `${t} ${byType[t]}`).join(', ') || 'none';
  const totalUnmatched = [...unmatchedBy.values()].reduce((a, b) => a + b, 0);
  const hint = opts.unmatched ? '' : ' (add --unmatched to print them)';
  io.stderr.write(`parse: ${lines} lines read, ${events} events (${types}), ${attempts} failed attempts counted\n`);
  io.stderr.write(
    `parse: ${ignored} known non-security lines, ${otherProgram} lines of other programs` +
      (refused ? `, ${refused} journal records refused (their trusted fields do not back the program they name)` : '') +
      (truncated ? `, ${truncated} truncated (> 64 KiB)` : '') +
      '\n',
  );
  io.stderr.write(
    noEnvelope === 0
      ? 'parse: every line had a recognised envelope\n'
      : `parse: ${noEnvelope} lines with no recognised envelope${hint}; threatwatch-tui explain LINE says why\n`,
  );
  io.stderr.write(
    totalUnmatched === 0
      ? 'parse: every line from a known program matched a template\n'
      : `parse: ${totalUnmatched} lines matched no template: ${[...unmatchedBy].map(([p, n]) => `${p} ${n}`).join(', ')}${hint}\n`,
  );
  return 0;
}
