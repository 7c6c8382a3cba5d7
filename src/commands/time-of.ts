/** Event time of a raw line, for merging files and pacing: the time of its first event, if any. */
import type { RawLine } from '../engine/model/event.js';
import { createLineParser } from '../engine/parsers/index.js';
import type { ParserOptions } from '../engine/parsers/types.js';
import type { TimeOf } from '../plugins/sources/merge-by-time.js';

export function createTimeOf(opts: ParserOptions): TimeOf {
  const parse = createLineParser(opts);
  return (line: RawLine) => {
    const r = parse(line);
    return r.events.length > 0 ? r.events[0]!.time : null;
  };
}
