// Issue 11 "A fleet in one console": with several hosts reporting, the alert list gets a HOST
// column, the header says how many hosts report, and :host NAME / Enter on a host narrows to one.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeFeedItem, makeSnapshot, NOW } from '../helpers/fake-console.js';
import type { HostStatus } from '../../src/console/types.js';
import type { Alert } from '../../src/engine/model/alert.js';

afterEach(() => cleanup());

const onWeb = makeAlert({ ip: '203.0.113.45', hosts: ['web1'], lastSeen: '2024-03-10T11:59:30Z' });
const onDb = makeAlert({ ip: '198.51.100.7', hosts: ['db2'], lastSeen: '2024-03-10T11:59:20Z' });
const onBoth = makeAlert({ ip: '192.0.2.66', hosts: ['web1', 'db2', 'mail'], lastSeen: '2024-03-10T11:59:10Z' });

const host = (name: string): HostStatus => ({ name, lastEventAt: NOW - 5000, eventsPerSecond: 1, openAlerts: 1, quiet: false });

function app(alerts: Alert[], hosts: HostStatus[]) {
  return renderApp({ size: { columns: 120, rows: 30 }, state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }), hosts } });
}

describe('a fleet in one console', () => {
  it('shows a HOST column and the number of hosts when several report', async () => {
    const r = app([onWeb, onDb, onBoth], [host('web1'), host('db2'), host('mail')]);
    const f = await r.waitFor('203.0.113.45');
    expect(f).toContain('3 hosts');
    expect(f).toMatch(/SOURCE IP\s+HOST\s+COUNT/);
    expect(f).toMatch(/203\.0\.113\.45\s+web1\s+6/);
    expect(f).toMatch(/198\.51\.100\.7\s+db2\s+6/);
    expect(f).toMatch(/192\.0\.2\.66\s+web1 \+2\s+6/);
  });

  it('shows neither with one host', async () => {
    const r = app([onWeb], [host('web1')]);
    const f = await r.waitFor('203.0.113.45');
    expect(f).not.toContain('HOST ');
    expect(f).not.toMatch(/\d hosts/);
  });

  it(':host NAME narrows the alerts to one host', async () => {
    const r = app([onWeb, onDb, onBoth], [host('web1'), host('db2'), host('mail')]);
    await r.waitFor('203.0.113.45');
    await r.pressAndWait(':', (f) => f.includes('host NAME'));
    for (const ch of 'host db2') r.press(ch);
    await r.waitFor(':host db2');
    const f = await r.pressAndWait(KEYS.ENTER, 'Alerts of host db2');
    expect(f).toContain('198.51.100.7');
    expect(f).toContain('192.0.2.66');
    expect(f).not.toContain('203.0.113.45');
  });

  it('Enter on a row of the hosts view narrows the alerts to that host', async () => {
    const r = app([onWeb, onDb, onBoth], [host('web1'), host('db2'), host('mail')]);
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('5', 'Hosts (3)');
    // hosts by name: db2, mail, web1
    await r.pressAndWait('G', (f) => /▶ .*web1/.test(f));
    const f = await r.pressAndWait(KEYS.ENTER, 'Alerts (2)');
    expect(f).toContain('203.0.113.45');
    expect(f).toContain('192.0.2.66');
    expect(f).not.toContain('198.51.100.7');
  });

  it(':host NAME narrows the event log to that host too', async () => {
    const r = app([onWeb, onDb], [host('web1'), host('db2')]);
    r.fake.addFeed(makeFeedItem({ host: 'web1', ip: '203.0.113.45' }), makeFeedItem({ host: 'db2', ip: '198.51.100.7' }));
    await r.waitFor('203.0.113.45');
    await r.pressAndWait(':', (f) => f.includes('host NAME'));
    for (const ch of 'host db2') r.press(ch);
    await r.waitFor(':host db2');
    await r.pressAndWait(KEYS.ENTER, 'Alerts of host db2');
    const f = await r.pressAndWait('2', 'threatwatch ▸ events');
    expect(f).toContain('host db2');
    expect(f).toContain('198.51.100.7');
    expect(f).not.toContain('203.0.113.45');
  });
});
