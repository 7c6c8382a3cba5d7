// The status filter: resolved and false-positive alerts are hidden by default, o cycles open / all /
// closed, and the header's "open alerts" counts what needs the analyst.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';

afterEach(() => cleanup());

const open = makeAlert({ ip: '192.0.2.1', status: 'new' });
const acked = makeAlert({ ip: '192.0.2.2', status: 'acknowledged' });
const resolved = makeAlert({ ip: '192.0.2.3', status: 'resolved' });
const fp = makeAlert({ ip: '192.0.2.4', status: 'false_positive' });
const blockedIp = makeAlert({ ip: '192.0.2.5', status: 'new' });
const alerts = [open, acked, resolved, fp, blockedIp];
const state = {
  snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }),
  blocks: [{ ip: '192.0.2.5', backend: 'simulate', at: '2024-03-10T11:00:00Z', until: null, alertId: null, simulated: true }],
};
const ips = (f: string) => ['192.0.2.1 ', '192.0.2.2 ', '192.0.2.3 ', '192.0.2.4 ', '192.0.2.5 '].filter((ip) => f.includes(ip)).map((s) => s.trim());

describe('the status filter', () => {
  it('shows open alerts by default; o cycles to all, to closed, back to open', async () => {
    const r = renderApp({ state });
    let f = await r.waitFor('Alerts (2)');
    expect(f).toContain('· open ·');
    expect(ips(f)).toEqual(['192.0.2.1', '192.0.2.2']);
    // the header counts open alerts only: not the resolved, not the false positive, not the blocked
    expect(f).toContain('2 open alerts');
    f = await r.pressAndWait('o', 'Alerts (5)');
    expect(f).toContain('all statuses');
    f = await r.pressAndWait('o', 'Alerts (3)');
    expect(f).toContain('· closed ·');
    expect(ips(f)).toEqual(['192.0.2.3', '192.0.2.4', '192.0.2.5']);
    expect(f).toContain('Showing closed alerts');
    f = await r.pressAndWait('o', 'Alerts (2)');
    expect(f).toContain('2 open alerts');
  });

  it('an alert resolved from the list leaves the open list, and the selection moves on', async () => {
    const r = renderApp({ state });
    const before = await r.waitFor('Alerts (2)');
    expect(before.split('\n').find((l) => l.startsWith('│ ▶'))).toContain('192.0.2.2'); // the newest
    r.fake.actions.setStatus.mockImplementation((id, status) =>
      r.fake.setAlerts(alerts.map((a) => (a.id === id ? { ...a, status } : a))),
    );
    const f = await r.pressAndWait('r', 'Alerts (1)');
    expect(f).toContain('1 open alert ');
    expect(f.split('\n').find((l) => l.startsWith('│ ▶'))).toContain('192.0.2.1');
    expect(r.fake.actions.setStatus).toHaveBeenCalledWith(acked.id, 'resolved');
  });
});
