import { describe, expect, it } from 'vitest';
import { MinuteBuckets, type MinuteBucket } from '../../../src/engine/windows/minute-buckets.js';

const M = 60_000;

function judged(b: MinuteBuckets<string, { n: number }>, through: number): [string, number, number, string[]][] {
  const out: [string, number, number, string[]][] = [];
  b.judgeThrough(through, (key, state, bucket: MinuteBucket<string>) => {
    state.n++;
    out.push([key, bucket.minute, Math.round(bucket.amount), bucket.shares.map((s) => s.record).sort()]);
  });
  return out;
}

describe('MinuteBuckets', () => {
  it('adds per key and UTC minute; judges each open minute once, oldest first', () => {
    const b = new MinuteBuckets<string, { n: number }>({ maxKeys: 10, newState: () => ({ n: 0 }) });
    b.add('h', 100, 5_000, 5_000, 'a', 5_000);
    b.add('h', 50, 59_999, 59_999, 'b', 59_999);
    b.add('h', 7, 60_000, 60_000, 'c', 60_000);
    b.add('g', 1, 1_000, 1_000, 'd', 1_000);
    expect(judged(b, 0)).toEqual([
      ['h', 0, 150, ['a', 'b']],
      ['g', 0, 1, ['d']],
    ]);
    expect(judged(b, 0)).toEqual([]);
    expect(judged(b, 5)).toEqual([['h', 1, 7, ['c']]]);
  });

  it('spreads an interval evenly over its minutes and drops the share of minutes already judged', () => {
    const b = new MinuteBuckets<string, { n: number }>({ maxKeys: 10, newState: () => ({ n: 0 }) });
    b.judgeThrough(1, () => {});
    b.add('h', 400, 0, 4 * M, 'x', 4 * M); // 100 a minute over minutes 0–3; 0 and 1 are judged
    expect(judged(b, 10).map(([, m, amount]) => [m, amount])).toEqual([
      [2, 100],
      [3, 100],
    ]);
  });

  it('keeps the largest contributions as evidence, caps open minutes and keys, forgets idle keys', () => {
    const b = new MinuteBuckets<string, { n: number }>({ maxKeys: 2, maxOpenMinutes: 2, maxShares: 2, newState: () => ({ n: 0 }) });
    for (const [amount, r] of [[5, 'a'], [50, 'b'], [20, 'c'], [1, 'd']] as const) b.add('h', amount, 0, 0, r, 0);
    b.add('h', 1, 10 * M, 10 * M, 'm10', 10 * M);
    b.add('h', 1, 20 * M, 20 * M, 'm20', 20 * M); // a third open minute: dropped
    expect(judged(b, 100)).toEqual([
      ['h', 0, 76, ['b', 'c']],
      ['h', 10, 1, ['m10']],
    ]);
    b.add('k', 1, 200 * M, 200 * M, 'k', 200 * M);
    b.add('l', 1, 200 * M, 200 * M, 'l', 200 * M); // third key: the least recent (h) goes
    expect(b.size).toBe(2);
    b.dropIdle(200 * M + 999, 1000); // k and l still have open minutes
    expect(b.size).toBe(2);
    judged(b, 300);
    b.dropIdle(200 * M + 999, 1000);
    expect(b.size).toBe(2);
    b.dropIdle(200 * M + 1000, 1000);
    expect(b.size).toBe(0);
  });
});
