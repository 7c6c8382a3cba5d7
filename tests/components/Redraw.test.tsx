// What the console redraws, and when. Every React commit is a full ink frame (≈5–10 ms for a full
// 120×40 screen), so an idle console that redraws every second, or a busy one that draws every
// update twice, costs the analyst CPU and key latency. ink-testing-library writes one frame per
// commit, so counting frames counts redraws.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { format } from 'date-fns';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeFeedItem, makeSnapshot, NOW } from '../helpers/fake-console.js';

afterEach(() => cleanup());

const selectedRow = (frame: string): string => frame.split('\n').find((l) => l.startsWith('│ ▶')) ?? '';

describe('the header clock', () => {
  // Issue 12, bug 9: one format, whatever the activity (it used to switch between 14:34:09 and 14:34).
  it('shows hours and minutes whether events arrive, a key was pressed or all is quiet', async () => {
    const r = renderApp({ state: { eventsPerSecond: 250, now: NOW } });
    const busy = await r.waitFor('up 1h 02m');
    expect(busy).toContain(`│ ${format(NOW, 'HH:mm')}`);
    expect(busy).not.toContain(format(NOW, 'HH:mm:ss'));
    r.fake.update({ eventsPerSecond: 0, now: NOW + 20_000 });
    const quiet = await r.waitFor('up 1h 02m');
    expect(quiet).not.toContain(format(NOW + 20_000, 'HH:mm:ss'));
    r.press('j');
    r.fake.update({ now: NOW + 21_000 });
    const keyed = await r.waitFor('up 1h 02m');
    expect(keyed).not.toMatch(/up \d\d:\d\d:\d\d/);
  });

  it('follows the store clock, and does not redraw while the minute stays the same', async () => {
    const start = Math.floor(NOW / 60_000) * 60_000 + 10_000; // 10 s into a minute
    const r = renderApp({ state: { eventsPerSecond: 0, now: start, startedAt: start - 3_600_000 } });
    await r.waitFor('up 1h 00m');
    const frames = r.instance.frames.length;
    // ticks within the same minute
    for (let s = 1; s <= 10; s++) r.fake.update({ now: start + s * 1000 });
    // a new minute is drawn
    r.fake.update({ now: start + 60_000 });
    const f = await r.waitFor('up 1h 01m');
    expect(f).toContain(format(start + 60_000, 'HH:mm'));
    expect(r.instance.frames.length).toBe(frames + 1);
  });
});

describe('redraws under load', () => {
  it('draws a store update with new alerts above the selection once, not twice', async () => {
    const a = makeAlert({ ip: '192.0.2.10', lastSeen: '2024-03-10T10:00:02Z' });
    const b = makeAlert({ ip: '192.0.2.11', lastSeen: '2024-03-10T10:00:01Z' });
    const r = renderApp({ state: { snapshot: makeSnapshot({ alerts: [a, b], counters: countersFor([a, b]) }) } });
    await r.waitFor('192.0.2.10');
    await r.pressAndWait(KEYS.DOWN, (f) => selectedRow(f).includes('192.0.2.11 '));
    const frames = r.instance.frames.length;
    // When a new alert pushes the selected one down (its index changes, the selection stays on it)
    r.fake.addAlerts(makeAlert({ ip: '192.0.2.99', lastSeen: '2024-03-10T10:00:09Z' }));
    await r.waitFor('192.0.2.99');
    // and then the clock ticks to the next minute
    r.fake.update({ now: NOW + 60_000 });
    const f = await r.waitFor('up 1h 03m');
    // Then there were exactly two frames: the update and the tick
    expect(selectedRow(f)).toContain('192.0.2.11 ');
    expect(r.instance.frames.length).toBe(frames + 2);
  });
});

describe('panels without clipping still fit', () => {
  it('keeps every line within the terminal width and height with long attacker text everywhere', async () => {
    const long = 'x'.repeat(300);
    const alerts = Array.from({ length: 40 }, (_, i) =>
      makeAlert({ ip: `2001:db8:ffff:ffff:ffff:ffff:ffff:${i.toString(16)}`, rule: `RULE_${long}`, summary: long, users: [long] }),
    );
    const feed = Array.from({ length: 60 }, () => makeFeedItem({ user: long, host: long, ip: '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff' }));
    for (const size of [
      { columns: 70, rows: 20 },
      { columns: 100, rows: 30 },
      { columns: 160, rows: 50 },
    ]) {
      const r = renderApp({
        size,
        state: {
          snapshot: makeSnapshot({ alerts, counters: countersFor(alerts, { auth_failure: 123_456, invalid_user: 7 }), feed }),
          warnings: [long, long, long],
          sources: [{ name: `/var/log/${long}`, state: 'error', detail: long }],
        },
      });
      const f = await r.waitFor('Live events');
      const lines = f.split('\n');
      expect(lines.length, `${size.columns}×${size.rows}`).toBeLessThanOrEqual(size.rows - 1);
      for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(size.columns);
      // the bottom borders of the panels are where they belong: the last two lines are the footer
      expect(lines.at(-3) ?? '').toMatch(/^╰─+╯╰─+╯$/);
      cleanup();
    }
  });
});
