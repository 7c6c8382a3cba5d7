import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';
import type { Alert } from '../../src/engine/model/alert.js';
import type { ConsoleState } from '../../src/console/types.js';
import { initialState } from '../../src/state/view-reducer.js';

/** Every status shown (the default shows open alerts only). */
const allStatuses = { ...initialState, statusFilter: 'all' as const };

afterEach(() => cleanup());

const first = makeAlert({ ip: '203.0.113.45', lastSeen: '2024-03-10T10:00:09Z' });
const second = makeAlert({ ip: '198.51.100.7', lastSeen: '2024-03-10T10:00:01Z' });

function withAlerts(alerts: Alert[], extra: Partial<ConsoleState> = {}) {
  return { state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }), ...extra } };
}

describe('block and unblock', () => {
  it('b asks for confirmation naming the IP, backend and duration; y blocks and shows the result', async () => {
    const r = renderApp(withAlerts([first, second], { responder: { name: 'nftables', durationSeconds: 3600, simulated: false } }));
    await r.waitFor('203.0.113.45');
    const dialog = await r.pressAndWait('b', 'Confirm block');
    expect(dialog).toContain('Block 203.0.113.45 with nftables for 1h?');
    expect(dialog).toContain('changes the firewall');
    expect(r.fake.actions.block).not.toHaveBeenCalled();
    await r.pressAndWait('y', 'Blocked 203.0.113.45 (simulate, 1h)');
    expect(r.fake.actions.block).toHaveBeenCalledTimes(1);
    expect(r.fake.actions.block).toHaveBeenCalledWith('203.0.113.45', first.id);
  });

  it('any other key cancels the block', async () => {
    const r = renderApp(withAlerts([first, second]));
    await r.waitFor('203.0.113.45');
    await r.pressAndWait(KEYS.DOWN, (f) => /│ ▶ .*198\.51\.100\.7/.test(f));
    const dialog = await r.pressAndWait('b', 'Confirm block');
    expect(dialog).toContain('Block 198.51.100.7 with simulate for 1h?');
    await r.pressAndWait('n', 'Block cancelled');
    expect(r.fake.actions.block).not.toHaveBeenCalled();
    // Esc cancels too, and the dashboard is back
    await r.pressAndWait('b', 'Confirm block');
    await r.pressAndWait(KEYS.ESCAPE, 'Alerts (2)');
    expect(r.fake.actions.block).not.toHaveBeenCalled();
  });

  it('shows a refused block as the responder worded it', async () => {
    const r = renderApp(withAlerts([first]));
    r.fake.actions.block.mockResolvedValueOnce({ ok: false, message: 'Refused: 203.0.113.45 is on the allowlist' });
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('b', 'Confirm block');
    await r.pressAndWait('y', 'Refused: 203.0.113.45 is on the allowlist');
  });

  it('u unblocks the selected IP when it is blocked, and says so when it is not', async () => {
    const block = { ip: '203.0.113.45', backend: 'simulate', at: '2024-03-10T11:00:00Z', until: null, alertId: first.id, simulated: true };
    const r = renderApp({ ...withAlerts([first, second], { blocks: [block] }), initialView: allStatuses });
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('u', 'Unblocked 203.0.113.45');
    expect(r.fake.actions.unblock).toHaveBeenCalledWith('203.0.113.45');
    await r.pressAndWait('j', (f) => /│ ▶ .*198\.51\.100\.7/.test(f));
    await r.pressAndWait('u', '198.51.100.7 is not blocked');
    expect(r.fake.actions.unblock).toHaveBeenCalledTimes(1);
  });

  it('b on an IP already blocked does not ask again', async () => {
    const block = { ip: '203.0.113.45', backend: 'simulate', at: '2024-03-10T11:00:00Z', until: null, alertId: null, simulated: true };
    const r = renderApp({ ...withAlerts([first], { blocks: [block] }), initialView: allStatuses });
    await r.waitFor('203.0.113.45');
    const frame = await r.pressAndWait('b', 'already blocked');
    expect(frame).not.toContain('Confirm block');
  });
});

describe('status changes', () => {
  it.each([
    ['a', 'acknowledged', 'Acknowledged'],
    ['r', 'resolved', 'Resolved'],
    ['f', 'false_positive', 'false positive'],
  ] as const)('%s sets the selected alert to %s', async (key, status, said) => {
    const r = renderApp(withAlerts([first, second]));
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('j', (f) => /│ ▶ .*198\.51\.100\.7/.test(f));
    await r.pressAndWait(key, said);
    expect(r.fake.actions.setStatus).toHaveBeenCalledWith(second.id, status);
  });

  it('shows the new status when the store reports it', async () => {
    const r = renderApp(withAlerts([first]));
    await r.waitFor('1 open');
    r.fake.setAlerts([{ ...first, status: 'acknowledged' }]);
    let frame = await r.waitFor((f) => /203\.0\.113\.45 .* ack /.test(f));
    expect(frame).toContain('1 open'); // acknowledged is still open
    r.fake.setAlerts([{ ...first, status: 'resolved' }]);
    // resolved: no longer open, so it leaves the default list and the header's count
    frame = await r.waitFor('0 open');
    expect(frame).not.toContain('203.0.113.45');
    frame = await r.pressAndWait('o', 'all statuses');
    expect(frame).toMatch(/203\.0\.113\.45 .* resolved /);
  });
});
