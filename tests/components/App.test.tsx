import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp, waitForCondition } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeFeedItem, makeSnapshot, makeTimeline, NOW } from '../helpers/fake-console.js';
import { HELP_GROUP_TITLE } from '../../src/keys/keymap.js';
import { format } from 'date-fns';
import { App } from '../../src/components/App.js';

afterEach(() => cleanup());

describe('header', () => {
  it('shows sources and their state, rate, open alerts, uptime and clock', async () => {
    const alerts = [makeAlert(), makeAlert({ status: 'acknowledged' }), makeAlert({ status: 'resolved' })];
    const r = renderApp({
      state: {
        snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }),
        eventsPerSecond: 12.4,
        startedAt: NOW - (2 * 3600 + 3 * 60 + 4) * 1000,
        sources: [
          { name: '/var/log/auth.log', state: 'tailing' },
          { name: 'secure', state: 'waiting' },
          { name: '/root/x.log', state: 'denied' },
        ],
      },
    });
    const f = await r.waitFor('ev/s');
    expect(f).toContain('12 ev/s');
    expect(f).toContain('2 open alerts');
    expect(f).toContain('up 2h 03m');
    expect(f).toContain(format(NOW, 'HH:mm'));
    expect(f).toContain('/var/log/auth.log tailing');
    expect(f).toContain('secure waiting for file');
    expect(f).toContain('/root/x.log permission denied');
  });

  it('cuts long source paths from the left, keeping the file name and the state', async () => {
    const r = renderApp({
      state: {
        sources: [
          { name: '/very/long/path/to/some/deeply/nested/directory/of/logs/auth.log', state: 'tailing' },
          { name: '/another/very/long/path/to/logs/that/goes/on/secure', state: 'error', detail: 'EIO' },
        ],
      },
    });
    const f = await r.waitFor('sources');
    expect(f).toMatch(/…[a-z/]*\/auth\.log tailing/);
    expect(f).toMatch(/…[a-z/]*\/secure error/);
  });

  it('follows the store clock', async () => {
    const r = renderApp();
    await r.waitFor('up 1h 02m');
    r.fake.update({ now: NOW + 60_000 });
    await r.waitFor('up 1h 03m');
  });

  it('shows warnings in a banner', async () => {
    const r = renderApp({ state: { warnings: ['alert store corrupt: moved aside', 'source /var/log/secure lost', 'third'] } });
    const f = await r.waitFor('⚠ alert store corrupt: moved aside');
    expect(f).toContain('⚠ source /var/log/secure lost (+1 more)');
  });
});

describe('event feed', () => {
  it('shows the newest events with their type, IP and user', async () => {
    const r = renderApp({
      state: {
        snapshot: makeSnapshot({
          feed: [
            makeFeedItem({ type: 'invalid_user', ip: '192.0.2.77', user: 'oracle' }),
            makeFeedItem({ type: 'firewall_block', ip: '192.0.2.78', user: null, dport: 23, method: null }),
          ],
        }),
      },
    });
    const f = await r.waitFor('Live events');
    expect(f).toMatch(/INVALID\s+192\.0\.2\.77\s+oracle/);
    expect(f).toMatch(/FW-BLOCK\s+192\.0\.2\.78\s+→ port 23/);
  });

  it('p freezes the feed and says PAUSED; p again resumes', async () => {
    const r = renderApp({ state: { snapshot: makeSnapshot({ feed: [makeFeedItem({ user: 'before' })] }) } });
    await r.waitFor('before');
    await r.pressAndWait('p', 'PAUSED');
    r.fake.addFeed(makeFeedItem({ user: 'afterpause' }));
    await waitForCondition(() => r.fake.state.snapshot.feed.length === 2);
    // a later notify re-renders; the frozen feed must still not show the new event
    r.fake.update({ now: NOW + 60_000 });
    const frozen = await r.waitFor('up 1h 03m');
    expect(frozen).not.toContain('afterpause');
    const live = await r.pressAndWait('p', 'afterpause');
    expect(live).not.toContain('PAUSED');
  });

  it('escapes terminal sequences in user names and hosts, never passing them raw', async () => {
    const r = renderApp({
      state: {
        snapshot: makeSnapshot({
          feed: [makeFeedItem({ user: 'evil\u001b[2J\u001b]0;pwned\u0007', host: 'h\u001b[31mred' })],
        }),
      },
    });
    await r.waitFor('evil');
    const raw = r.instance.lastFrame() ?? '';
    expect(raw).not.toContain('\u001b[2J');
    expect(raw).not.toContain('\u001b]0;');
    expect(raw).not.toContain('\u001b[31mred');
    expect(raw).toContain('evil\\x1b[2J');
  });
});

describe('stats', () => {
  it('counts alerts per severity and rule, blocked IPs and events by type, and charts per minute', async () => {
    const alerts = [
      makeAlert({ severity: 'CRITICAL', rule: 'BRUTE_FORCE' }),
      makeAlert({ severity: 'HIGH', rule: 'BRUTE_FORCE' }),
      makeAlert({ severity: 'HIGH', rule: 'BRUTE_FORCE' }),
      makeAlert({ severity: 'LOW', rule: 'PORT_SCAN' }),
    ];
    const r = renderApp({
      state: {
        snapshot: makeSnapshot({
          alerts,
          counters: countersFor(alerts, { auth_failure: 30, invalid_user: 5 }),
          timeline: makeTimeline([[0, 0], [0, 4], [1, 8], [0, 2]]),
        }),
        blocks: [{ ip: '192.0.2.1', backend: 'simulate', at: '2024-03-10T11:00:00Z', until: null, alertId: null, simulated: true }],
      },
    });
    const f = await r.waitFor('Stats');
    expect(f).toContain('CRIT 1 HIGH 2 MED 0 LOW 1');
    expect(f).toContain('│ 1 blocked │');
    expect(f).toMatch(/Events 35 FAIL 30 INVALID 5/);
    expect(f).toContain('Failed logins per minute');
    expect(f).toMatch(/▁▅█▃ max 8/);
    expect(f).toContain('Alerts per minute');
    expect(f).toMatch(/▁▁█▁ max 1/);
    expect(f).toMatch(/BRUTE_FORCE\s+█+░*\s+75%/);
    expect(f).toMatch(/PORT_SCAN\s+█+░*\s+25%/);
  });
});

describe('keys and help', () => {
  it('the status bar shows the keys of the current view', async () => {
    const r = renderApp({ state: { snapshot: makeSnapshot({ alerts: [makeAlert()], counters: countersFor([makeAlert()]) }) } });
    let f = await r.waitFor('? help');
    expect(f).toContain('Enter details');
    expect(f).toContain('b block');
    f = await r.pressAndWait(KEYS.ENTER, 'Esc back');
    expect(f).toContain('↑↓ scroll');
    f = await r.pressAndWait('b', 'y block');
    expect(f).toContain('any key cancel');
  });

  it('keeps ? help and q quit in the status bar at 80 columns', async () => {
    const alerts = [makeAlert()];
    const r = renderApp({ size: { columns: 80, rows: 24 }, state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }) } });
    const f = await r.waitFor('? help');
    const bar = f.split('\n').at(-1) ?? '';
    expect(bar).toContain('q quit');
    expect(bar).toContain('Enter details');
    expect([...bar].length).toBeLessThanOrEqual(80);
  });

  it('? opens the help from the keymap, and any other key closes it', async () => {
    const r = renderApp({ size: { columns: 120, rows: 40 } });
    await r.waitFor('? help');
    const f = await r.pressAndWait('?', 'any other key closes');
    expect(f).toContain(HELP_GROUP_TITLE.views);
    expect(f).toContain('q/Ctrl-C');
    const closed = await r.pressAndWait('x', 'Live events');
    expect(closed).not.toContain('any other key closes');
    expect(r.fake.actions.shutdown).not.toHaveBeenCalled();
  });
});

describe('size', () => {
  it('says the terminal is too small, with the sizes', async () => {
    const r = renderApp({ size: { columns: 60, rows: 15 } });
    const f = await r.waitFor('Terminal too small');
    expect(f).toContain('need 70×20, have 60×15');
    expect(f).not.toContain('Alerts');
  });

  it('reflows when the size changes', async () => {
    const alerts = Array.from({ length: 30 }, () => makeAlert());
    const r = renderApp({ size: { columns: 100, rows: 40 }, state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }) } });
    const tall = await r.waitFor('Alerts (30)');
    r.instance.rerender(<App store={r.fake.store} size={{ columns: 100, rows: 24 }} />);
    const short = await r.waitFor((f) => f.split('\n').length <= 23);
    expect(short.split('\n').length).toBeLessThan(tall.split('\n').length);
    r.instance.rerender(<App store={r.fake.store} size={{ columns: 50, rows: 24 }} />);
    await r.waitFor('need 70×20, have 50×24');
    r.instance.rerender(<App store={r.fake.store} size={{ columns: 100, rows: 24 }} />);
    await r.waitFor('Alerts (30)');
  });

  it('fits 80×24 without exceeding the height', async () => {
    const alerts = Array.from({ length: 30 }, () => makeAlert());
    const r = renderApp({
      size: { columns: 80, rows: 24 },
      state: {
        snapshot: makeSnapshot({ alerts, counters: countersFor(alerts), feed: Array.from({ length: 50 }, () => makeFeedItem()) }),
        warnings: ['w1', 'w2'],
      },
    });
    const f = await r.waitFor('Live events');
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    expect(f).toContain('Stats');
    expect(f).toMatch(/↓ \d+ more/);
  });
});

describe('quit', () => {
  it.each([
    ['q', 'q'],
    ['Ctrl-C', KEYS.CTRL_C],
  ])('%s shuts the store down, then exits', async (_name, key) => {
    const onExit = vi.fn();
    let release: () => void = () => undefined;
    const r = renderApp({ onExit });
    r.fake.actions.shutdown.mockImplementation(() => new Promise<void>((resolve) => (release = resolve)));
    await r.waitFor('? help');
    await r.pressAndWait(key, 'Shutting down');
    expect(r.fake.actions.shutdown).toHaveBeenCalledTimes(1);
    expect(onExit).not.toHaveBeenCalled();
    r.press('q');
    release();
    await waitForCondition(() => onExit.mock.calls.length > 0);
    expect(r.fake.actions.shutdown).toHaveBeenCalledTimes(1);
    expect(onExit).toHaveBeenCalledTimes(1);
  });

  it('Ctrl-C quits from inside the search box', async () => {
    const onExit = vi.fn();
    const r = renderApp({ onExit });
    await r.waitFor('? help');
    await r.pressAndWait('/', 'Search:');
    r.press(KEYS.CTRL_C);
    await waitForCondition(() => onExit.mock.calls.length > 0);
    expect(r.fake.actions.shutdown).toHaveBeenCalledTimes(1);
  });
});
