import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';
import type { Alert } from '../../src/engine/model/alert.js';
import type { ConsoleState } from '../../src/console/types.js';
import { initialState } from '../../src/state/view-reducer.js';

afterEach(() => cleanup());

function withAlerts(alerts: Alert[], extra: Partial<ConsoleState> = {}) {
  return { state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }), ...extra } };
}

const rich = makeAlert({
  ip: '203.0.113.45',
  severity: 'CRITICAL',
  count: 42,
  firstSeen: '2024-03-10T11:50:00.000Z',
  lastSeen: '2024-03-10T11:53:20.000Z',
  hosts: ['web1', 'web2'],
  users: ['root', 'admin', 'oracle'],
  flags: ['KNOWN_THREAT'],
  intel: [{ file: 'blocklist.txt', entry: '203.0.113.0/24', reason: 'ssh scanner', source: 'example feed' }],
  history: [
    { status: 'new', at: '2024-03-10T11:51:00.000Z' },
    { status: 'acknowledged', at: '2024-03-10T11:52:00.000Z', note: 'looking' },
  ],
  status: 'acknowledged',
  evidence: [
    { time: '2024-03-10T11:50:00.000Z', file: '/var/log/auth.log', line: 1201, text: 'Failed password for root from 203.0.113.45 port 4242 ssh2' },
    { time: '2024-03-10T11:53:20.000Z', file: '/var/log/auth.log', line: 1299, text: 'Failed password for oracle from 203.0.113.45 port 4243 ssh2' },
  ],
  summary: '42 failed SSH logins from 203.0.113.45 (known threat)',
});

describe('alert detail', () => {
  it('Enter opens everything about the alert and Esc goes back', async () => {
    const block = { ip: '203.0.113.45', backend: 'nftables', at: '2024-03-10T11:54:00Z', until: null, alertId: rich.id, simulated: false };
    // blocked: a closed alert, listed with every status
    const r = renderApp({ ...withAlerts([rich]), size: { columns: 100, rows: 40 }, initialView: { ...initialState, statusFilter: 'all' } });
    r.fake.update({ blocks: [block] });
    await r.waitFor('203.0.113.45');
    const f = await r.pressAndWait(KEYS.ENTER, 'Summary');
    expect(f).toContain('42 failed SSH logins from 203.0.113.45 (known threat)');
    expect(f).toContain('╭─ BRUTE_FORCE from 203.0.113.45 · Esc back to the list');
    const title = f.split('\n').find((l) => l.startsWith('╭─ BRUTE_FORCE')) ?? '';
    expect(title).not.toContain(rich.id); // the rule and IP are not repeated through the id…
    expect(f).toContain(`Alert ID   ${rich.id}`); // …which is a field instead
    expect(f).toMatch(/Severity\s+CRITICAL · 42 attempts · known threat/);
    expect(f).toMatch(/When\s+2024-03-10 \d\d:50:00 → \d\d:53:20 \(3m 20s\)/);
    expect(f).toMatch(/Users \(3\)\s+root, admin, oracle/);
    expect(f).toMatch(/Hosts\s+web1, web2/);
    expect(f).toMatch(/Intel\s+203\.0\.113\.0\/24 in blocklist\.txt — ssh scanner \[example feed\]/);
    expect(f).toMatch(/Blocked\s+yes, permanently, via nftables/);
    expect(f).toMatch(/History\s+2024-03-10 \d\d:51:00  new/);
    expect(f).toContain('acknowledged — looking');
    expect(f).toMatch(/Evidence\s+2 raw log lines/);
    expect(f).toContain('/var/log/auth.log:1201  Failed password for root');
    expect(f).toContain('/var/log/auth.log:1299  Failed password for oracle');
    expect(f).toContain('Esc back');
    const back = await r.pressAndWait(KEYS.ESCAPE, 'Alerts (1)');
    expect(back).not.toContain('Summary');
  });

  it('says when the IP is not blocked, and acts on the detail alert', async () => {
    const r = renderApp(withAlerts([rich, makeAlert({ ip: '192.0.2.1', lastSeen: '2024-03-10T11:00:00Z' })]));
    await r.waitFor('203.0.113.45');
    const f = await r.pressAndWait(KEYS.ENTER, 'Summary');
    expect(f).toMatch(/Blocked\s+no \(b blocks it\)/);
    await r.pressAndWait('r', 'Resolved');
    expect(r.fake.actions.setStatus).toHaveBeenCalledWith(rich.id, 'resolved');
    await r.pressAndWait('b', 'Confirm block');
    await r.pressAndWait('y', 'Blocked 203.0.113.45');
    expect(r.fake.actions.block).toHaveBeenCalledWith('203.0.113.45', rich.id);
  });

  it('scrolls long evidence within the screen', async () => {
    const evidence = Array.from({ length: 20 }, (_, i) => ({
      time: '2024-03-10T11:50:00.000Z',
      file: 'auth.log',
      line: 100 + i,
      text: `line number ${i}`,
    }));
    const r = renderApp({ ...withAlerts([{ ...rich, evidence }]), size: { columns: 100, rows: 24 } });
    await r.waitFor('203.0.113.45');
    let f = await r.pressAndWait(KEYS.ENTER, 'Summary');
    expect(f).not.toContain('auth.log:119');
    expect(f).toMatch(/↓ \d+ more/);
    for (let i = 0; i < 30; i++) r.press(KEYS.DOWN);
    f = await r.waitFor('auth.log:119');
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
  });

  it('escapes control characters in users, evidence and intel text', async () => {
    const hostile = makeAlert({
      users: ['root\u001b[2J', 'x\u001b]8;;http://evil.example\u0007y'],
      evidence: [{ time: '2024-03-10T11:50:00.000Z', file: 'auth.log', line: 7, text: 'Invalid user \u001b[31mred\u001b[0m from 192.0.2.9' }],
      intel: [{ file: 'f.txt', entry: '192.0.2.0/24', reason: 'bad\u009b2J', source: null }],
    });
    const r = renderApp(withAlerts([hostile]));
    await r.waitFor('BRUTE_FORCE');
    await r.pressAndWait(KEYS.ENTER, 'Summary');
    const raw = r.instance.lastFrame() ?? '';
    expect(raw).not.toContain('\u001b[2J');
    expect(raw).not.toContain('\u001b]8');
    expect(raw).not.toContain('\u009b');
    expect(raw).not.toContain('\u001b[31mred');
    expect(raw).toContain('root\\x1b[2J');
    expect(raw).toContain('x\\x1b]8;;http://evil.example\\ay');
    expect(raw).toContain('Invalid user \\x1b[31mred\\x1b[0m');
  });
});
