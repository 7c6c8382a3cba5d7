// Bulk triage: Space marks (and moves down), * marks what the filter shows, and a r f b act on the
// marked alerts after one confirmation that names the count.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp, waitForCondition } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';
import type { Alert } from '../../src/engine/model/alert.js';

afterEach(() => cleanup());

// newest first: .1 on top
const alerts = [1, 2, 3, 4].map((n) => makeAlert({ ip: `192.0.2.${n}`, lastSeen: `2024-03-10T10:00:0${9 - n}Z` }));
const state = { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }) };
const row = (f: string, ip: string) => f.split('\n').find((l) => l.includes(`${ip} `)) ?? '';

describe('bulk triage', () => {
  it('Space marks the selected alert with ✓ and moves down; Space again unmarks; Esc clears the marks', async () => {
    const r = renderApp({ state });
    await r.waitFor('192.0.2.1');
    let f = await r.pressAndWait(' ', (fr) => row(fr, '192.0.2.1').startsWith('│  ✓'));
    expect(f).toContain('1 marked');
    expect(f.split('\n').find((l) => l.startsWith('│ ▶'))).toContain('192.0.2.2');
    f = await r.pressAndWait(' ', '2 marked');
    await r.pressAndWait('k', (fr) => (fr.split('\n').find((l) => l.startsWith('│ ▶')) ?? '').includes('192.0.2.2'));
    f = await r.pressAndWait(' ', '1 marked');
    expect(row(f, '192.0.2.2').startsWith('│  ✓')).toBe(false);
    f = await r.pressAndWait(KEYS.ESCAPE, 'Marks cleared.');
    expect(f).not.toContain('✓');
  });

  it('r resolves the marked alerts after one confirmation naming the count; any other key cancels', async () => {
    const r = renderApp({ state });
    await r.waitFor('192.0.2.1');
    r.press(' ', ' ', ' ');
    await r.waitFor('3 marked');
    let f = await r.pressAndWait('r', 'Resolve 3 marked alerts?');
    expect(f).toContain('y yes');
    await r.pressAndWait('n', 'Cancelled: nothing changed.');
    expect(r.fake.actions.setStatus).not.toHaveBeenCalled();
    await r.pressAndWait('r', 'Resolve 3 marked alerts?');
    f = await r.pressAndWait('y', '3 alerts resolved.');
    expect(r.fake.actions.setStatus.mock.calls.map((c) => c.join(' ')).sort()).toEqual(
      alerts.slice(0, 3).map((a) => `${a.id} resolved`).sort(),
    );
    expect(f).not.toContain('marked'); // the marks are gone once acted on
  });

  it('* marks every alert the filter shows (again: unmarks); a and f then apply to all of them', async () => {
    const r = renderApp({ state });
    await r.waitFor('192.0.2.1');
    r.press('/', ...'192.0.2.', '3');
    await r.pressAndWait(KEYS.ENTER, 'Alerts (1)');
    r.press(KEYS.ESCAPE); // clear the search: back to four
    await r.waitFor('Alerts (4)');
    await r.pressAndWait('*', 'Marked the 4 alerts shown');
    await r.pressAndWait('*', 'Marks cleared.');
    await r.pressAndWait('*', '4 marked');
    await r.pressAndWait('f', 'Mark as false positive 4 marked alerts?');
    await r.pressAndWait('y', '4 alerts marked false positive.');
    expect(r.fake.actions.setStatus).toHaveBeenCalledTimes(4);
  });

  it('b blocks the IPs of the marked alerts, each once, skipping those already blocked', async () => {
    const same = makeAlert({ ip: '192.0.2.1', lastSeen: '2024-03-10T10:00:00Z' });
    const list: Alert[] = [...alerts, same];
    const r = renderApp({
      state: {
        snapshot: makeSnapshot({ alerts: list, counters: countersFor(list) }),
        blocks: [{ ip: '192.0.2.4', backend: 'simulate', at: '2024-03-10T09:00:00Z', until: null, alertId: null, simulated: true }],
      },
    });
    await r.waitFor('192.0.2.1');
    await r.pressAndWait('o', 'all statuses');
    await r.pressAndWait('*', '5 marked');
    const f = await r.pressAndWait('b', 'Confirm block');
    expect(f).toContain('Block 3 IPs with simulate for 1h?');
    expect(f).toContain('192.0.2.1, 192.0.2.2, 192.0.2.3');
    await r.pressAndWait('y', 'Blocked 3 of 3 IPs.');
    expect(r.fake.actions.block.mock.calls.map((c) => c[0])).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
  });

  it('says what a refused block in a bulk was', async () => {
    const r = renderApp({ state });
    r.fake.actions.block.mockImplementation(async (ip) => (ip === '192.0.2.2' ? { ok: false, message: 'Refused: on the allowlist' } : { ok: true, message: `Blocked ${ip}` }));
    await r.waitFor('192.0.2.1');
    r.press(' ', ' ');
    await r.waitFor('2 marked');
    await r.pressAndWait('b', 'Block 2 IPs');
    await r.pressAndWait('y', 'Blocked 1 of 2 IPs; not blocked: 192.0.2.2: Refused: on the allowlist.');
    await waitForCondition(() => r.fake.actions.block.mock.calls.length === 2);
  });
});
