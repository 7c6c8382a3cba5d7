// Context for an IP in the detail: every alert and block it ever had, first and last seen, the users
// it tried across incidents — from the store when the runtime offers it, else from memory (said so).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';
import type { BlockRecord } from '../../src/console/types.js';

afterEach(() => cleanup());

const now = makeAlert({ ip: '203.0.113.77', users: ['root'], firstSeen: '2024-03-10T11:50:00.000Z', lastSeen: '2024-03-10T11:59:30.000Z' });
const earlier = makeAlert({ ip: '203.0.113.77', users: ['oracle', 'root'], status: 'resolved', firstSeen: '2024-03-09T08:00:00.000Z', lastSeen: '2024-03-09T08:05:00.000Z' });
const stranger = makeAlert({ ip: '198.51.100.1', users: ['guest'] });

describe('the IP in the alert detail', () => {
  it('lists what the console holds for the IP when the runtime has no history, and says so', async () => {
    const alerts = [now, earlier, stranger];
    const r = renderApp({ size: { columns: 120, rows: 50 }, state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }) } });
    await r.waitFor('203.0.113.77');
    const f = await r.pressAndWait(KEYS.ENTER, 'This IP');
    expect(f).toMatch(/This IP\s+2 alerts in memory; first seen 2024-03-09 \d\d:00:00, last seen 2024-03-10 \d\d:59:30/);
    expect(f).toMatch(/Tried \(2\)\s+root, oracle/);
    expect(f).toMatch(/Its alerts\s+2024-03-09 \d\d:05:00\s+HIGH BRUTE_FORCE ×6\s+resolved/);
    expect(f).toMatch(/Its blocks\s+never blocked/);
    expect(f).not.toContain('guest');
  });

  it('uses the store history of the IP when the runtime provides it: old alerts and ended blocks', async () => {
    const ended: BlockRecord = { ip: '203.0.113.77', backend: 'simulate', at: '2024-03-01T10:00:00Z', until: '2024-03-01T11:00:00Z', alertId: 'old', simulated: true };
    const ancient = makeAlert({ ip: '203.0.113.77', users: ['pi'], firstSeen: '2024-02-01T00:00:00.000Z', lastSeen: '2024-02-01T00:10:00.000Z' });
    const alerts = [now];
    const r = renderApp({ size: { columns: 120, rows: 50 }, state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }) } });
    const history = vi.fn((ip: string) => ({ alerts: ip === '203.0.113.77' ? [now, earlier, ancient] : [], blocks: [ended] }));
    r.fake.setIpHistory(history);
    await r.waitFor('203.0.113.77');
    const f = await r.pressAndWait(KEYS.ENTER, 'This IP');
    expect(history).toHaveBeenCalledWith('203.0.113.77');
    expect(f).toMatch(/This IP\s+3 alerts in the store; first seen 2024-02-01/);
    expect(f).toMatch(/Tried \(3\)\s+root, oracle, pi/);
    expect(f).toMatch(/Its blocks\s+2024-03-01 \d\d:00:00, until 2024-03-01 \d\d:00:00, via simulate \(simulated\)/);
  });
});
