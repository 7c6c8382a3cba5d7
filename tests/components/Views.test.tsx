// Views switched by number keys or the : command line, k9s-style; the view named in the header.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeFeedItem, makeSnapshot, NOW } from '../helpers/fake-console.js';
import type { BlockRecord } from '../../src/console/types.js';

afterEach(() => cleanup());

/** The alert table's rows. */
const listRows = (f: string) => f.split('\n').filter((l) => /^│ [▶ ]. +\d\d:\d\d/.test(l)).join('\n');

const alert = makeAlert({ ip: '203.0.113.45', hosts: ['web1'] });
const other = makeAlert({ ip: '198.51.100.7', hosts: ['db2'] });
const block: BlockRecord = { ip: '192.0.2.66', backend: 'simulate', at: '2024-03-10T11:30:00Z', until: '2024-03-10T12:30:00Z', alertId: null, simulated: true };

function state() {
  return {
    snapshot: makeSnapshot({
      alerts: [alert, other],
      counters: countersFor([alert, other]),
      feed: [makeFeedItem({ ip: '203.0.113.45', user: 'root' }), makeFeedItem({ ip: '198.51.100.7', user: 'oracle' })],
    }),
    blocks: [block],
    diagnostics: [{ kind: 'unmatched-line', level: 'warning' as const, message: 'sshd line matched no template', where: 'auth.log:12', count: 2, lastAt: NOW - 1000 }],
  };
}

describe('views', () => {
  it('1-4 switch between alerts, events, blocks and diagnostics, named in the header', async () => {
    const r = renderApp({ state: state() });
    await r.waitFor('threatwatch ▸ alerts');
    let f = await r.pressAndWait('2', 'threatwatch ▸ events');
    expect(f).toMatch(/Events \(2\)/);
    expect(f).toMatch(/FAIL\s+203\.0\.113\.45\s+root/);
    f = await r.pressAndWait('3', 'threatwatch ▸ blocks');
    expect(f).toContain('Blocks (1)');
    expect(f).toMatch(/192\.0\.2\.66\s+.*in 30m 00s\s+simulate\*/);
    f = await r.pressAndWait('4', 'threatwatch ▸ diagnostics');
    expect(f).toMatch(/warning\s+unmatched-line\s+2\s+.*auth\.log:12\s+sshd line matched no/);
    expect(f).toContain('Diagnostics');
    f = await r.pressAndWait('1', 'threatwatch ▸ alerts');
    expect(f).toContain('Alerts (2)');
  });

  it('5 says there is no hosts view when the runtime lists no hosts, and shows them when it does', async () => {
    const r = renderApp({ state: state() });
    await r.waitFor('threatwatch ▸ alerts');
    await r.pressAndWait('5', 'No hosts view');
    r.fake.update({
      hosts: [
        { name: 'web1', lastEventAt: NOW - 5000, eventsPerSecond: 12.5, openAlerts: 1, quiet: false },
        { name: 'db2', lastEventAt: NOW - 3_600_000, eventsPerSecond: 0, openAlerts: 1, quiet: true },
      ],
    });
    const f = await r.pressAndWait('5', 'threatwatch ▸ hosts');
    expect(f).toMatch(/db2\s+.*0\.0\s+1\s+quiet: no events lately/);
    expect(f).toMatch(/web1\s+.*13\s+1\s+reporting/);
    // Enter on a host: its alerts
    const alerts = await r.pressAndWait(KEYS.ENTER, 'threatwatch ▸ alerts');
    expect(alerts).toContain('search "host:db2"');
    expect(listRows(alerts)).toContain('198.51.100.7');
    expect(listRows(alerts)).not.toContain('203.0.113.45');
  });

  it(': opens a command line: :blocks, :events IP, :host NAME, :diag, unknown commands explained', async () => {
    const r = renderApp({ state: state() });
    await r.waitFor('threatwatch ▸ alerts');
    r.press(':');
    await r.waitFor((f) => f.split('\n').some((l) => l.startsWith(':')));
    r.press(...'blocks');
    await r.pressAndWait(KEYS.ENTER, 'threatwatch ▸ blocks');
    r.press(':', ...'events 198.51.100.7');
    let f = await r.pressAndWait(KEYS.ENTER, 'threatwatch ▸ events');
    expect(f).toContain('IP 198.51.100.7');
    expect(f).not.toMatch(/FAIL\s+203\.0\.113\.45/);
    r.press(':', ...'host web1');
    f = await r.pressAndWait(KEYS.ENTER, 'threatwatch ▸ alerts');
    expect(listRows(f)).toContain('203.0.113.45');
    expect(listRows(f)).not.toContain('198.51.100.7');
    r.press(':', ...'diag');
    await r.pressAndWait(KEYS.ENTER, 'threatwatch ▸ diagnostics');
    r.press(':', ...'nonsense');
    await r.pressAndWait(KEYS.ENTER, 'Unknown command :nonsense');
    r.press(':', ...'alerts');
    await r.pressAndWait(KEYS.ESCAPE, (fr) => !fr.split('\n').some((l) => l.startsWith(':alerts')));
    expect(r.frame()).toContain('threatwatch ▸ diagnostics');
  });

  it('the diagnostics view shows the runtime channel when there is one', async () => {
    const r = renderApp({
      state: {
        ...state(),
        diagnostics: [{ kind: 'source', level: 'error', message: 'permission denied', where: '/var/log/secure', count: 3, lastAt: NOW - 60_000 }],
      },
    });
    const f = await r.pressAndWait('4', 'Diagnostics (1)');
    expect(f).toMatch(/error\s+source\s+3\s+\d\d:\d\d:\d\d\s+\/var\/log\/secure\s+permission denied/);
    expect(f).not.toContain('from the engine');
  });

  it('in the blocks view: y copies the IP, u unblocks it, Enter opens its alert', async () => {
    const b2: BlockRecord = { ...block, ip: '203.0.113.45', alertId: alert.id, at: '2024-03-10T11:40:00Z', until: null };
    const copied: string[] = [];
    const r = renderApp({ state: { ...state(), blocks: [block, b2] }, copy: (t) => copied.push(t) });
    await r.pressAndWait('3', 'Blocks (2)');
    await r.pressAndWait('y', 'Copied 203.0.113.45');
    expect(copied).toEqual(['203.0.113.45']);
    await r.pressAndWait('u', 'Unblocked 203.0.113.45');
    expect(r.fake.actions.unblock).toHaveBeenCalledWith('203.0.113.45');
    const f = await r.pressAndWait(KEYS.ENTER, 'Summary');
    expect(f).toContain('BRUTE_FORCE from 203.0.113.45');
    await r.pressAndWait('3', 'Blocks (2)');
    await r.pressAndWait('j', (fr) => /▶ .*192\.0\.2\.66/.test(fr));
    await r.pressAndWait(KEYS.ENTER, 'No alert of 192.0.2.66');
  });
});
