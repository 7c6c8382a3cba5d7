// The event log (2): follows new events, pauses and scrolls back through the buffer, searches with /
// n N, and is filtered to the selected alert's IP (e) or users (E) in one key.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeFeedItem, makeSnapshot } from '../helpers/fake-console.js';
import type { FeedItem } from '../../src/engine/snapshot/types.js';

afterEach(() => cleanup());

/** 60 events, users user0…user59, from two IPs alternating. */
function events(): FeedItem[] {
  return Array.from({ length: 60 }, (_, i) => makeFeedItem({ user: `user${i}`, ip: i % 2 === 0 ? '203.0.113.45' : '198.51.100.7' }));
}

const logLines = (f: string) => f.split('\n').filter((l) => /^│ \d\d:\d\d:\d\d /.test(l));

describe('the event log', () => {
  it('follows the newest events; ↑ scrolls back and holds still while new ones arrive; G follows again', async () => {
    const r = renderApp({ state: { snapshot: makeSnapshot({ feed: events() }) } });
    let f = await r.pressAndWait('2', 'Events (60)');
    expect(f).toContain('following');
    expect(logLines(f).at(-1)).toContain('user59');
    f = await r.pressAndWait(KEYS.UP, 'PAUSED');
    expect(logLines(f).at(-1)).toContain('user58');
    expect(f).toMatch(/↓ 1 newer/);
    r.fake.addFeed(makeFeedItem({ user: 'latecomer' }));
    r.fake.update({ eventsPerSecond: 3 });
    f = await r.waitFor((fr) => fr.includes('PAUSED'));
    expect(f).not.toContain('latecomer');
    f = await r.pressAndWait('g', (fr) => logLines(fr)[0]?.includes('user0 ') ?? false);
    expect(f).toMatch(/↓ \d+ newer/);
    f = await r.pressAndWait('G', 'following');
    expect(logLines(f).at(-1)).toContain('latecomer');
  });

  it('/ finds the newest match, n and N go to newer and older ones, Esc clears the search', async () => {
    const r = renderApp({ state: { snapshot: makeSnapshot({ feed: events() }) } });
    await r.pressAndWait('2', 'Events (60)');
    r.press('/', ...'user1');
    let f = await r.pressAndWait(KEYS.ENTER, 'search "user1" 11 matches');
    expect(f).toContain('Paused on the match');
    f = await r.pressAndWait('N', (fr) => fr.includes('PAUSED') && logLines(fr).some((l) => l.includes('user18')));
    // older matches, wrapping from user1 (the oldest) to the newest
    for (let i = 0; i < 10; i++) r.press('N');
    f = await r.waitFor('Search wrapped to the newest event.');
    f = await r.pressAndWait('n', 'Search wrapped to the oldest event.');
    expect(logLines(f).some((l) => l.includes('user1 '))).toBe(true);
    f = await r.pressAndWait(KEYS.ESCAPE, 'Search cleared.');
    expect(f).not.toContain('search "user1"');
    r.press('/', ...'nobody');
    await r.pressAndWait(KEYS.ENTER, 'No event matches "nobody"');
  });

  it('e from an alert shows the event log of its IP; E of its users; Esc clears the filter', async () => {
    const alert = makeAlert({ ip: '198.51.100.7', users: ['user3', 'user5'] });
    const r = renderApp({ state: { snapshot: makeSnapshot({ alerts: [alert], counters: countersFor([alert]), feed: events() }) } });
    await r.waitFor('198.51.100.7');
    let f = await r.pressAndWait('e', 'threatwatch ▸ events');
    expect(f).toContain('IP 198.51.100.7');
    expect(f).toContain('Events (30)');
    expect(logLines(f).every((l) => l.includes('198.51.100.7'))).toBe(true);
    f = await r.pressAndWait(KEYS.ESCAPE, 'Events (60)');
    expect(f).toContain('Filter on IP 198.51.100.7 cleared.');
    await r.pressAndWait('1', 'threatwatch ▸ alerts');
    f = await r.pressAndWait('E', 'users user3, user5');
    expect(logLines(f).map((l) => /user\d+/.exec(l)?.[0])).toEqual(['user3', 'user5']);
  });

  it('says when the filtered IP has no event in the buffer', async () => {
    const alert = makeAlert({ ip: '192.0.2.200' });
    const r = renderApp({ state: { snapshot: makeSnapshot({ alerts: [alert], counters: countersFor([alert]), feed: events() }) } });
    await r.waitFor('192.0.2.200');
    await r.pressAndWait('e', 'No event of IP 192.0.2.200 among the last 60 events');
  });

  it('scrolls back through the runtime event log when there is one, not only the short feed', async () => {
    const r = renderApp({ state: { snapshot: makeSnapshot({ feed: events().slice(-5) }), eventLog: events() } });
    const f = await r.pressAndWait('2', 'Events (60)');
    expect(f).not.toContain('kept');
  });
});
