import { describe, expect, it } from 'vitest';
import { MinuteTimeline } from '../../../src/engine/snapshot/timeline.js';

const M = 60_000;
const BASE = Date.UTC(2024, 4, 1, 9, 0, 0);

describe('MinuteTimeline', () => {
  it('is empty before any event time', () => {
    expect(new MinuteTimeline().buckets(null)).toEqual([]);
  });

  it('buckets failures and alerts per minute of event time, 60 minutes ending at the latest', () => {
    const t = new MinuteTimeline();
    t.addFailures(BASE + 5_000, 3);
    t.addFailures(BASE + 59_999, 2);
    t.addAlert(BASE + 30_000);
    t.addFailures(BASE + 10 * M, 1);
    const b = t.buckets(BASE + 10 * M + 1);
    expect(b).toHaveLength(60);
    expect(b[0]!.minute).toBe(BASE - 49 * M);
    expect(b.at(-11)).toEqual({ minute: BASE, alerts: 1, failures: 5 });
    expect(b.at(-1)).toEqual({ minute: BASE + 10 * M, alerts: 0, failures: 1 });
    expect(b.reduce((s, x) => s + x.failures, 0)).toBe(6);
  });

  it('forgets minutes older than an hour and ignores late events for them', () => {
    const t = new MinuteTimeline();
    t.addFailures(BASE, 4);
    t.addFailures(BASE + 60 * M, 1); // reuses the slot of BASE
    t.addFailures(BASE, 9); // an hour late: ignored
    const b = t.buckets(BASE + 60 * M);
    expect(b.find((x) => x.minute === BASE)).toBeUndefined();
    expect(b.reduce((s, x) => s + x.failures, 0)).toBe(1);
  });
});
