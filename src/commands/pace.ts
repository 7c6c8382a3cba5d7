/**
 * `--speed N`: releases lines at N× their real spacing in event time. Gaps longer than `maxGapMs`
 * of wall time are shortened to it, so a night of silence in a log doesn't stall a demo.
 */
import type { RawLine } from '../engine/model/event.js';
import type { TimeOf } from '../plugins/sources/merge-by-time.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createPacer(speed: number, timeOf: TimeOf, maxGapMs = 5000) {
  let lastEvent: number | null = null;
  let lastWall = 0;
  /** Splits a batch at points where the replay must wait, and waits there. */
  return async function* pace(batch: RawLine[]): AsyncGenerator<RawLine[]> {
    let start = 0;
    for (let i = 0; i < batch.length; i++) {
      const t = timeOf(batch[i]!);
      if (t === null) continue;
      if (lastEvent === null) {
        lastEvent = t;
        lastWall = Date.now();
        continue;
      }
      const due = lastWall + Math.min(maxGapMs, Math.max(0, (t - lastEvent) / speed));
      const wait = due - Date.now();
      if (wait > 15) {
        if (i > start) yield batch.slice(start, i);
        start = i;
        await sleep(wait);
      }
      if (t >= lastEvent) {
        lastEvent = t;
        lastWall = Math.max(due, lastWall);
      }
    }
    if (start < batch.length) yield start === 0 ? batch : batch.slice(start);
  };
}
