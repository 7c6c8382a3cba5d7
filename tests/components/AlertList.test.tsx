import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { makeAlert, makeSnapshot, countersFor } from '../helpers/fake-console.js';
import type { Alert } from '../../src/engine/model/alert.js';
import { initialState } from '../../src/state/view-reducer.js';

afterEach(() => cleanup());

function withAlerts(alerts: Alert[]) {
  return { state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }) } };
}

/** The alert table rows (lines with a time column), selection marker included. */
function rows(frame: string): string[] {
  return frame.split('\n').filter((l) => /^│ [▶ ]. \d\d:\d\d:\d\d /.test(l));
}

function selectedRow(frame: string): string {
  return rows(frame).find((l) => l.startsWith('│ ▶')) ?? '';
}

describe('alert list', () => {
  it('shows the columns of each alert with the intel flag', async () => {
    const r = renderApp(
      withAlerts([
        makeAlert({ ip: '203.0.113.45', severity: 'CRITICAL', count: 42, flags: ['KNOWN_THREAT'] }),
        makeAlert({ ip: '198.51.100.2', rule: 'PORT_SCAN', severity: 'LOW', intel: [{ file: 'x.txt', entry: '198.51.100.0/24', reason: null, source: null }] }),
      ]),
    );
    const frame = await r.waitFor('203.0.113.45');
    expect(frame).toMatch(/LAST SEEN▼\s+SEVERITY\s+RULE\s+SOURCE IP\s+COUNT\s+INTEL\s+STATUS/);
    expect(frame).toMatch(/CRITICAL\s+BRUTE_FORCE\s+203\.0\.113\.45\s+42 known\s+new/);
    expect(frame).toMatch(/LOW\s+PORT_SCAN\s+198\.51\.100\.2\s+6 feed\s+new/);
  });

  it('says when there are no alerts yet', async () => {
    const r = renderApp();
    await r.waitFor('No alerts yet');
  });

  it('moves the selection with arrows and j/k, g and G', async () => {
    const alerts = [1, 2, 3, 4].map((n) => makeAlert({ ip: `192.0.2.${n}`, lastSeen: `2024-03-10T10:00:0${5 - n}Z` }));
    const r = renderApp(withAlerts(alerts));
    await r.waitFor((f) => selectedRow(f).includes('192.0.2.1 '));
    await r.pressAndWait(KEYS.DOWN, (f) => selectedRow(f).includes('192.0.2.2 '));
    await r.pressAndWait('j', (f) => selectedRow(f).includes('192.0.2.3 '));
    await r.pressAndWait('k', (f) => selectedRow(f).includes('192.0.2.2 '));
    await r.pressAndWait('G', (f) => selectedRow(f).includes('192.0.2.4 '));
    await r.pressAndWait(KEYS.UP, (f) => selectedRow(f).includes('192.0.2.3 '));
    await r.pressAndWait('g', (f) => selectedRow(f).includes('192.0.2.1 '));
  });

  it('keeps the selection on the same alert while new alerts arrive on top', async () => {
    const a = makeAlert({ ip: '192.0.2.10', lastSeen: '2024-03-10T10:00:02Z' });
    const b = makeAlert({ ip: '192.0.2.11', lastSeen: '2024-03-10T10:00:01Z' });
    const r = renderApp(withAlerts([a, b]));
    await r.waitFor('192.0.2.10');
    await r.pressAndWait(KEYS.DOWN, (f) => selectedRow(f).includes('192.0.2.11 '));
    r.fake.addAlerts(makeAlert({ ip: '192.0.2.99', lastSeen: '2024-03-10T10:00:09Z' }), makeAlert({ ip: '192.0.2.98', lastSeen: '2024-03-10T10:00:08Z' }));
    const frame = await r.waitFor('192.0.2.99');
    expect(selectedRow(frame)).toContain('192.0.2.11 ');
    expect(rows(frame)).toHaveLength(4);
  });

  it('v steps the severity threshold and names it in the title', async () => {
    const r = renderApp(
      withAlerts([
        makeAlert({ ip: '192.0.2.1', severity: 'LOW' }),
        makeAlert({ ip: '192.0.2.2', severity: 'HIGH' }),
        makeAlert({ ip: '192.0.2.4', severity: 'CRITICAL' }),
      ]),
    );
    await r.waitFor('all severities');
    let frame = await r.pressAndWait('v', '· MEDIUM+');
    expect(frame).not.toContain('192.0.2.1 ');
    expect(frame).toContain('192.0.2.4');
    expect(frame).toContain('Showing MEDIUM, HIGH, CRITICAL (v: the next step).');
    frame = await r.pressAndWait('v', '· HIGH+');
    expect(frame).toContain('192.0.2.2 ');
    frame = await r.pressAndWait('v', '· CRITICAL+');
    expect(frame).not.toContain('192.0.2.2 ');
    frame = await r.pressAndWait('v', 'all severities');
    expect(frame).toContain('192.0.2.1 ');
    expect(frame).toContain('Showing every severity.');
  });

  it(':sev sets any set of severities, and says when nothing matches', async () => {
    const r = renderApp(withAlerts([makeAlert({ ip: '192.0.2.1', severity: 'LOW' }), makeAlert({ ip: '192.0.2.4', severity: 'CRITICAL' })]));
    await r.waitFor('all severities');
    r.press(':', ...'sev low,medium');
    await r.waitFor(':sev low,medium');
    let frame = await r.pressAndWait(KEYS.ENTER, '· LOW MEDIUM');
    expect(frame).toContain('192.0.2.1 ');
    expect(frame).not.toContain('192.0.2.4');
    r.press(':', ...'sev medium');
    frame = await r.pressAndWait(KEYS.ENTER, 'Nothing matches: o shows other statuses');
  });

  it('sorts by a column with its shifted letter, again to reverse, and marks the column', async () => {
    const r = renderApp(
      withAlerts([
        makeAlert({ ip: '192.0.2.1', severity: 'LOW', count: 50, lastSeen: '2024-03-10T10:00:09Z' }),
        makeAlert({ ip: '192.0.2.4', severity: 'CRITICAL', count: 7, lastSeen: '2024-03-10T10:00:01Z' }),
      ]),
    );
    let frame = await r.waitFor('newest first');
    expect(rows(frame)[0]).toContain('192.0.2.1 ');
    frame = await r.pressAndWait('S', 'by severity ↓');
    expect(frame).toContain('SEVERITY▼');
    expect(rows(frame)[0]).toContain('192.0.2.4 ');
    frame = await r.pressAndWait('S', 'by severity ↑');
    expect(frame).toContain('SEVERITY▲');
    expect(rows(frame)[0]).toContain('192.0.2.1 ');
    frame = await r.pressAndWait('C', 'by count ↓');
    expect(rows(frame)[0]).toContain('192.0.2.1 ');
    frame = await r.pressAndWait('I', 'by source IP ↑');
    expect(rows(frame)[0]).toContain('192.0.2.1 ');
    frame = await r.pressAndWait('L', 'newest first');
    expect(frame).toContain('LAST SEEN▼');
    frame = await r.pressAndWait('L', 'oldest first');
    expect(rows(frame)[0]).toContain('192.0.2.4 ');
    expect(frame).toContain('LAST SEEN▲');
  });

  it('R sorts by rule, N known threats first, U by status', async () => {
    const r = renderApp({
      ...withAlerts([
        makeAlert({ ip: '192.0.2.1', rule: 'PORT_SCAN', status: 'acknowledged', lastSeen: '2024-03-10T10:00:09Z' }),
        makeAlert({ ip: '192.0.2.2', rule: 'BRUTE_FORCE', flags: ['KNOWN_THREAT'], lastSeen: '2024-03-10T10:00:05Z' }),
        makeAlert({ ip: '192.0.2.3', rule: 'PASSWORD_SPRAY', status: 'resolved', lastSeen: '2024-03-10T10:00:01Z' }),
      ]),
      initialView: { ...initialState, statusFilter: 'all' },
    });
    await r.waitFor('192.0.2.3');
    const order = (f: string) => rows(f).map((l) => /192\.0\.2\.(\d)/.exec(l)?.[1]).join('');
    expect(order(await r.pressAndWait('R', 'by rule ↑'))).toBe('231');
    expect(order(await r.pressAndWait('N', 'by intel ↓'))).toBe('213');
    expect(order(await r.pressAndWait('U', 'by status ↑'))).toBe('213');
    expect(order(await r.pressAndWait('U', 'by status ↓'))).toBe('312');
  });

  it('filters by a search typed after /, applied with Enter and cleared with Esc', async () => {
    const r = renderApp(
      withAlerts([
        makeAlert({ ip: '203.0.113.45', users: ['root'] }),
        makeAlert({ ip: '198.51.100.7', users: ['oracle'] }),
      ]),
    );
    await r.waitFor('198.51.100.7');
    await r.pressAndWait('/', 'Search:');
    r.press('o', 'r', 'a', 'c', 'l', 'e');
    await r.waitFor('Search: oracle');
    let frame = await r.pressAndWait(KEYS.ENTER, 'search "oracle"');
    expect(frame).toContain('198.51.100.7');
    expect(frame).not.toContain('203.0.113.45');
    frame = await r.pressAndWait(KEYS.ESCAPE, (f) => f.includes('203.0.113.45'));
    expect(frame).not.toContain('search "oracle"');
  });

  it('searches by IP, and typing in the search box does not trigger commands', async () => {
    const r = renderApp(withAlerts([makeAlert({ ip: '203.0.113.45' }), makeAlert({ ip: '198.51.100.7' })]));
    await r.waitFor('198.51.100.7');
    await r.pressAndWait('/', 'Search:');
    r.press('a', 'b', 'f', 'q');
    await r.waitFor('Search: abfq');
    expect(r.fake.actions.setStatus).not.toHaveBeenCalled();
    expect(r.fake.actions.shutdown).not.toHaveBeenCalled();
    r.press(KEYS.BACKSPACE, KEYS.BACKSPACE, KEYS.BACKSPACE, KEYS.BACKSPACE);
    await r.waitFor((f) => /Search: \s/.test(f));
    r.press('2', '0', '3', '.');
    await r.waitFor('Search: 203.');
    const frame = await r.pressAndWait(KEYS.ENTER, 'search "203."');
    expect(frame).toContain('203.0.113.45');
    expect(frame).not.toContain('198.51.100.7');
  });

  it('renders only the visible slice with more-hints', async () => {
    const alerts = Array.from({ length: 40 }, (_, i) =>
      makeAlert({ ip: `10.0.0.${i}`, lastSeen: new Date(Date.parse('2024-03-10T10:00:00Z') - i * 1000).toISOString() }),
    );
    const r = renderApp(withAlerts(alerts));
    let frame = await r.waitFor('10.0.0.0 ');
    const shown = rows(frame).length;
    expect(shown).toBeGreaterThan(3);
    expect(shown).toBeLessThan(40);
    expect(frame).toContain(`↓ ${40 - shown} more`);
    frame = await r.pressAndWait('G', '10.0.0.39');
    expect(frame).toContain(`↑ ${40 - shown} more`);
    expect(frame).not.toContain('10.0.0.0 ');
  });
});
