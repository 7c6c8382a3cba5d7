// Issue 12, bug 2: a replay of last week's log must not look like today. Times of today show the
// time of day; other days show the date, other years the year too.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { format } from 'date-fns';
import { renderApp } from '../helpers/render.js';
import { countersFor, makeAlert, makeFeedItem, makeSnapshot, NOW } from '../helpers/fake-console.js';
import { stamp, stampWidth, todayOf } from '../../src/components/format/time.js';

afterEach(() => cleanup());

const LAST_WEEK = NOW - 7 * 86_400_000;
const LAST_YEAR = NOW - 200 * 86_400_000; // 2023-08-23

describe('time stamps', () => {
  it('show the date when it is not today, and the year when it is not this year', () => {
    const today = todayOf(NOW);
    expect(stamp(NOW - 60_000, today)).toBe(format(NOW - 60_000, 'HH:mm:ss'));
    expect(stamp(LAST_WEEK, today)).toBe(format(LAST_WEEK, 'MMM dd HH:mm'));
    expect(stamp(new Date(LAST_YEAR).toISOString(), today)).toBe(format(LAST_YEAR, 'yyyy-MM-dd HH:mm'));
    expect(stampWidth([NOW, LAST_WEEK], today)).toBe(12);
    expect(stampWidth([NOW, LAST_YEAR, LAST_WEEK], today)).toBe(16);
  });

  it('the alert list, the feed and the header date what is not from today', async () => {
    const old = makeAlert({ ip: '192.0.2.7', lastSeen: new Date(LAST_WEEK).toISOString() });
    const older = makeAlert({ ip: '192.0.2.8', lastSeen: new Date(LAST_YEAR).toISOString() });
    const r = renderApp({
      size: { columns: 120, rows: 30 },
      state: {
        snapshot: makeSnapshot({
          alerts: [old, older],
          counters: countersFor([old, older]),
          feed: [makeFeedItem({ time: LAST_WEEK, ip: '192.0.2.9' })],
          lastEventTime: LAST_WEEK,
        }),
      },
    });
    const f = await r.waitFor('192.0.2.7');
    expect(f).toMatch(new RegExp(`${format(LAST_WEEK, 'MMM dd HH:mm')}\\s+HIGH\\s+BRUTE_FORCE\\s+192\\.0\\.2\\.7`));
    expect(f).toMatch(new RegExp(`${format(LAST_YEAR, 'yyyy-MM-dd HH:mm')}\\s+HIGH\\s+BRUTE_FORCE\\s+192\\.0\\.2\\.8`));
    expect(f).toMatch(new RegExp(`${format(LAST_WEEK, 'MMM dd HH:mm')}\\s+FAIL\\s+192\\.0\\.2\\.9`));
    expect(f).toContain(`last event ${format(LAST_WEEK, 'MMM dd HH:mm')}`);
  });
});
