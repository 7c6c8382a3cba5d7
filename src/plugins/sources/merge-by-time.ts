/**
 * Merges several line streams into one in event-time order (k-way merge), so rotated files
 * (`auth.log.2.gz auth.log.1 auth.log`) or several hosts' logs replay as one timeline whatever order
 * they are named in. Each stream is assumed to be (nearly) in time order itself, as logs are. Lines
 * with no time of their own take the time of the line before them in the same stream.
 */
import type { RawLine } from '../../engine/model/event.js';

/** Time of a line in ms, or null when the line has none. */
export type TimeOf = (line: RawLine) => number | null;

interface Cursor {
  it: AsyncIterator<RawLine[]>;
  lines: RawLine[];
  times: number[];
  i: number;
  lastTime: number;
  done: boolean;
}

async function refill(c: Cursor, timeOf: TimeOf): Promise<void> {
  while (!c.done && c.i >= c.lines.length) {
    const next = await c.it.next();
    if (next.done) {
      c.done = true;
      c.lines = [];
      c.times = [];
      c.i = 0;
      return;
    }
    c.lines = next.value;
    c.times = new Array<number>(c.lines.length);
    for (let k = 0; k < c.lines.length; k++) {
      const t = timeOf(c.lines[k]!);
      if (t !== null) c.lastTime = t;
      c.times[k] = c.lastTime;
    }
    c.i = 0;
  }
}

export async function* mergeByTime(
  streams: AsyncIterable<RawLine[]>[],
  timeOf: TimeOf,
  batchSize = 4096,
): AsyncGenerator<RawLine[]> {
  if (streams.length === 1) {
    yield* streams[0]!;
    return;
  }
  const cursors: Cursor[] = streams.map((s) => ({
    it: s[Symbol.asyncIterator](),
    lines: [],
    times: [],
    i: 0,
    lastTime: -Infinity,
    done: false,
  }));
  for (const c of cursors) await refill(c, timeOf);
  let out: RawLine[] = [];
  for (;;) {
    let best: Cursor | null = null;
    let second = Infinity;
    for (const c of cursors) {
      if (c.done && c.i >= c.lines.length) continue;
      const t = c.times[c.i]!;
      if (best === null || t < best.times[best.i]!) {
        if (best !== null) second = Math.min(second, best.times[best.i]!);
        best = c;
      } else {
        second = Math.min(second, t);
      }
    }
    if (best === null) break;
    // Take lines from the earliest stream while they are not later than any other stream's head.
    while (best.i < best.lines.length && best.times[best.i]! <= second) {
      out.push(best.lines[best.i]!);
      best.i++;
      if (out.length >= batchSize) {
        yield out;
        out = [];
      }
    }
    if (best.i >= best.lines.length) await refill(best, timeOf);
  }
  if (out.length > 0) yield out;
}
