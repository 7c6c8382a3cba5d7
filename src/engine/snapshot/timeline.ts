/**
 * Per-minute buckets of event time for the last 60 minutes: a fixed ring of 60 slots indexed by
 * minute number. O(1) per add, no allocation; events older than the ring's hour are ignored.
 */
import type { TimelineBucket } from './types.js';

export const TIMELINE_MINUTES = 60;
const MINUTE_MS = 60_000;

export class MinuteTimeline {
  #minute = new Float64Array(TIMELINE_MINUTES).fill(Number.NaN);
  #alerts = new Float64Array(TIMELINE_MINUTES);
  #failures = new Float64Array(TIMELINE_MINUTES);

  #slot(time: number): number {
    const minute = Math.floor(time / MINUTE_MS);
    const i = ((minute % TIMELINE_MINUTES) + TIMELINE_MINUTES) % TIMELINE_MINUTES;
    const current = this.#minute[i] as number;
    if (current === minute) return i;
    if (Number.isNaN(current) || minute > current) {
      this.#minute[i] = minute;
      this.#alerts[i] = 0;
      this.#failures[i] = 0;
      return i;
    }
    return -1; // older than what the slot holds: outside the hour
  }

  addFailures(time: number, n: number): void {
    const i = this.#slot(time);
    if (i !== -1) this.#failures[i] = (this.#failures[i] as number) + n;
  }

  addAlert(time: number): void {
    const i = this.#slot(time);
    if (i !== -1) this.#alerts[i] = (this.#alerts[i] as number) + 1;
  }

  /** The 60 minutes ending with the minute of `latest`, oldest first; [] when `latest` is null. */
  buckets(latest: number | null): TimelineBucket[] {
    if (latest === null || !Number.isFinite(latest)) return [];
    const last = Math.floor(latest / MINUTE_MS);
    const out: TimelineBucket[] = [];
    for (let m = last - TIMELINE_MINUTES + 1; m <= last; m++) {
      const i = ((m % TIMELINE_MINUTES) + TIMELINE_MINUTES) % TIMELINE_MINUTES;
      const hit = this.#minute[i] === m;
      out.push({ minute: m * MINUTE_MS, alerts: hit ? (this.#alerts[i] as number) : 0, failures: hit ? (this.#failures[i] as number) : 0 });
    }
    return out;
  }
}
