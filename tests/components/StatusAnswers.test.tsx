// Issue 12, bugs 5 and 6: a status is set once (no duplicate history), and an alert whose IP is
// blocked reads `blocked` in the list and in the detail alike.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';
import type { Alert } from '../../src/engine/model/alert.js';
import type { BlockRecord, ConsoleState } from '../../src/console/types.js';
import { initialState } from '../../src/state/view-reducer.js';

const allStatuses = { ...initialState, statusFilter: 'all' as const };

afterEach(() => cleanup());

function withAlerts(alerts: Alert[], extra: Partial<ConsoleState> = {}) {
  return { state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }), ...extra } };
}

describe('setting a status an alert already has', () => {
  it.each([
    ['a', 'acknowledged', 'Already acknowledged'],
    ['r', 'resolved', 'Already resolved'],
    ['f', 'false_positive', 'Already marked false positive'],
  ] as const)('%s on an alert already %s says so and changes nothing', async (key, status, said) => {
    const r = renderApp({ ...withAlerts([makeAlert({ ip: '192.0.2.44', status })]), initialView: allStatuses });
    await r.waitFor('192.0.2.44');
    r.press(key);
    await r.waitFor(said);
    expect(r.fake.actions.setStatus).not.toHaveBeenCalled();
  });
});

describe('an alert on an IP blocked from another alert', () => {
  it('reads blocked in the list and in the detail', async () => {
    const first = makeAlert({ ip: '203.0.113.50', status: 'blocked', lastSeen: '2024-03-10T11:00:00.000Z' });
    const second = makeAlert({ ip: '203.0.113.50', status: 'new', lastSeen: '2024-03-10T11:58:00.000Z' });
    const block: BlockRecord = { ip: '203.0.113.50', backend: 'simulate', at: '2024-03-10T11:01:00Z', until: null, alertId: first.id, simulated: true };
    const r = renderApp({ ...withAlerts([second, first], { blocks: [block] }), size: { columns: 160, rows: 40 }, initialView: allStatuses });
    const list = await r.waitFor('203.0.113.50');
    const selected = list.split('\n').find((l) => l.startsWith('│ ▶')) ?? '';
    expect(selected).toMatch(/203\.0\.113\.50\s+6\s+blocked/);
    const detail = await r.pressAndWait(KEYS.ENTER, 'Summary');
    expect(detail).toMatch(/Status\s+blocked/);
    expect(detail).not.toMatch(/Status\s+new/);
    expect(detail).toMatch(/Blocked\s+yes, permanently, via simulate/);
    expect(detail).toContain(`blocked from alert ${first.id}`);
  });
});
