/**
 * `threatwatch-tui parse FILES...`: shows what the parsers see, like fail2ban-regex. stdout: one
 * normalized event per line (NDJSON), or with `--unmatched` the lines from known programs that no
 * template matched. stderr: lines read, events by type, unmatched lines per program.
 */
import { EVENT_TYPES, toPublicEvent, type EventType } from '../engine/model/event.js';
import { createLineParser } from '../engine/parsers/index.js';
import { jsonLine } from '../engine/format/json-line.js';
import { inspectInput, readLineBatches } from '../plugins/sources/file-read.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { UsageError } from '../cli/errors.js';
import { resolveTimeZone } from '../runtime/prepare-detection.js';
import { writeOut, type Io } from './io.js';

export interface ParseOptions {
  files: string[];
  /** Print unmatched lines instead of events. */
  unmatched?: boolean;
  timezone?: string;
  config?: string;
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
  let unknown = 0;
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
        if (r.status === 'unknown') unknown++;
        else if (r.status === 'ignored') ignored++;
        else if (r.status === 'unmatched') {
          const p = r.program ?? 'unknown';
          unmatchedBy.set(p, (unmatchedBy.get(p) ?? 0) + 1);
          if (opts.unmatched) out += `${terminalSafe(raw.file)}:${raw.line}: ${terminalSafe(raw.text)}\n`;
        }
        for (const e of r.events) {
          events++;
          byType[e.type]++;
          if (!opts.unmatched) out += jsonLine(toPublicEvent(e));
        }
      }
      if (out) writeOut(io, out);
    }
  }
  const types = EVENT_TYPES.filter((t) => byType[t] > 0).map((t) => `${t} ${byType[t]}`).join(', ') || 'none';
  const totalUnmatched = [...unmatchedBy.values()].reduce((a, b) => a + b, 0);
  io.stderr.write(`parse: ${lines} lines read, ${events} events (${types})\n`);
  io.stderr.write(
    `parse: ${ignored} known non-security lines, ${unknown} lines from other programs or without a syslog envelope` +
      (truncated ? `, ${truncated} truncated (> 64 KiB)` : '') +
      '\n',
  );
  io.stderr.write(
    totalUnmatched === 0
      ? 'parse: every line from a known program matched a template\n'
      : `parse: ${totalUnmatched} lines matched no template: ${[...unmatchedBy].map(([p, n]) => `${p} ${n}`).join(', ')}${opts.unmatched ? '' : ' (add --unmatched to print them)'}\n`,
  );
  return 0;
}
