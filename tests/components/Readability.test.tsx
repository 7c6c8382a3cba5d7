// What a first-time user under attack sees: states spelled out, blocked IPs visible, echoes of an
// attempt told apart, keys that work however fast they are typed.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { HELP_GROUP_TITLE } from '../../src/keys/keymap.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeFeedItem, makeSnapshot, makeTimeline } from '../helpers/fake-console.js';
import type { Alert } from '../../src/engine/model/alert.js';
import type { BlockRecord, ConsoleState } from '../../src/console/types.js';
import { initialState } from '../../src/state/view-reducer.js';

afterEach(() => cleanup());

function withAlerts(alerts: Alert[], extra: Partial<ConsoleState> = {}) {
  return { state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }), ...extra } };
}

const selected = (f: string): string => f.split('\n').find((l) => l.startsWith('│ ▶')) ?? '';

function block(ip: string, alertId: string | null = null): BlockRecord {
  return { ip, backend: 'simulate', at: '2024-03-10T11:00:00Z', until: null, alertId, simulated: true };
}

describe('sources that cannot be read', () => {
  it('says a missing file is awaited, once, and why the list and feed are empty', async () => {
    const r = renderApp({ state: { sources: [{ name: '/var/log/missing.log', state: 'waiting', detail: 'waiting for file' }] } });
    const f = await r.waitFor('waiting for file');
    expect(f).toContain('◌ /var/log/missing.log waiting for file');
    expect(f.match(/waiting for file/g)).toHaveLength(1);
    expect(f).toContain('/var/log/missing.log does not exist yet: it will be read as soon as it appears.');
    expect(f).not.toContain('Watching the logs');
  });

  it('says permission denied and what to do about it', async () => {
    const r = renderApp({
      state: { sources: [{ name: '/var/log/auth.log', state: 'denied', detail: "permission denied: EACCES: permission denied, open '/var/log/auth.log'" }] },
    });
    const f = await r.waitFor('permission denied');
    expect(f).toContain('✖ /var/log/auth.log permission denied');
    expect(f).not.toContain('EACCES');
    expect(f).toContain('run with sudo or join the adm group');
  });

  it('says opening rather than waiting while a file is first opened', async () => {
    const r = renderApp({ state: { sources: [{ name: 'auth.log', state: 'waiting', detail: 'opening' }] } });
    const f = await r.waitFor('auth.log opening');
    expect(f).not.toContain('waiting for file');
  });
});

describe('blocked IPs in the list', () => {
  it('shows an IP blocked right now as blocked, whatever the status of its alert', async () => {
    const acked = makeAlert({ ip: '203.0.113.9', status: 'acknowledged' });
    const r = renderApp({ ...withAlerts([acked], { blocks: [block('203.0.113.9', acked.id)] }), initialView: { ...initialState, statusFilter: 'all' } });
    const f = await r.waitFor('203.0.113.9');
    expect(selected(f)).toMatch(/203\.0\.113\.9\s+6\s+blocked/);
    r.fake.update({ blocks: [] });
    const after = await r.waitFor((fr) => /203\.0\.113\.9\s+6\s+ack/.test(selected(fr)));
    expect(selected(after)).not.toContain('blocked');
  });

  it('says unblocked for an alert whose block has ended', async () => {
    const r = renderApp(withAlerts([makeAlert({ ip: '203.0.113.10', status: 'blocked' })]));
    const f = await r.waitFor('203.0.113.10');
    expect(selected(f)).toMatch(/203\.0\.113\.10\s+6\s+unblocked/);
  });

  it('shows the status change made with a, in the list, once the store reports it', async () => {
    const alert = makeAlert({ ip: '203.0.113.11' });
    const r = renderApp(withAlerts([alert]));
    await r.waitFor((f) => /203\.0\.113\.11\s+6\s+new/.test(f));
    r.fake.actions.setStatus.mockImplementation((id, status) => r.fake.setAlerts([{ ...alert, id, status }]));
    const f = await r.pressAndWait('a', (fr) => /203\.0\.113\.11\s+6\s+ack/.test(fr));
    expect(f).toContain('Acknowledged BRUTE_FORCE from 203.0.113.11');
  });

  it('marks the selection with ▶ also without colours', async () => {
    const r = renderApp({ ...withAlerts([makeAlert({ ip: '192.0.2.5' }), makeAlert({ ip: '192.0.2.6' })]), noColor: true });
    const f = await r.waitFor('192.0.2.5');
    expect(f.split('\n').filter((l) => l.startsWith('│ ▶'))).toHaveLength(1);
  });
});

describe('live events', () => {
  it('dims the PAM/sshd echo of an attempt and says it is the same attempt', async () => {
    const r = renderApp({
      state: {
        snapshot: makeSnapshot({
          feed: [
            makeFeedItem({ ip: '198.51.100.9', user: 'root', method: 'password' }),
            makeFeedItem({ ip: '198.51.100.9', user: null, method: null, program: 'sshd', weight: 'corroboration' }),
          ],
        }),
      },
    });
    const f = await r.waitFor('same attempt');
    expect(f).toMatch(/FAIL\s+198\.51\.100\.9\s+root password/);
    expect(f).toMatch(/FAIL\s+198\.51\.100\.9\s+same attempt/);
  });

  it('names the host once in the title when one host logs, on every row when several do', async () => {
    const r = renderApp({ state: { snapshot: makeSnapshot({ feed: [makeFeedItem({ host: 'web1', user: 'alice' })] }) } });
    let f = await r.waitFor('Live events · web1');
    expect(f).not.toContain('@web1');
    r.fake.addFeed(makeFeedItem({ host: 'db2', user: 'bob' }));
    f = await r.waitFor('@db2');
    expect(f).toContain('alice password @web1');
    expect(f).not.toContain('Live events · web1');
  });
});

describe('stats at 80×24', () => {
  it('shows the per-minute peaks whole, with both sparklines ending at the same column', async () => {
    const r = renderApp({
      size: { columns: 80, rows: 24 },
      state: { snapshot: makeSnapshot({ timeline: makeTimeline([[0, 10], [3, 12_345], [12, 900]]) }) },
    });
    const f = await r.waitFor('Stats');
    expect(f).toContain('Failed logins per minute');
    expect(f).toContain('Alerts per minute');
    const sparks = f.split('\n').filter((l) => / max \d/.test(l));
    expect(sparks).toHaveLength(2);
    expect(sparks[0]).toMatch(/▂█▂ max 12\.3k /);
    expect(sparks[1]).toMatch(/▁▃█ max 12 /);
    expect(sparks[0]!.indexOf(' max')).toBe(sparks[1]!.indexOf(' max'));
  });
});

describe('keys', () => {
  it('handles several keys that arrive in one read (key repeat, fast typing)', async () => {
    const alerts = [1, 2, 3, 4, 5].map((n) => makeAlert({ ip: `192.0.2.${n}`, lastSeen: `2024-03-10T10:00:0${9 - n}Z` }));
    const r = renderApp(withAlerts(alerts));
    await r.waitFor((f) => selected(f).includes('192.0.2.1 '));
    r.press('jjj');
    await r.waitFor((f) => selected(f).includes('192.0.2.4 '));
    r.press('/203\r');
    await r.waitFor('search "203"');
  });

  it('filters the list while the search is typed, and Esc brings everything back', async () => {
    const r = renderApp(withAlerts([makeAlert({ ip: '203.0.113.45' }), makeAlert({ ip: '198.51.100.7' })]));
    await r.waitFor('198.51.100.7');
    await r.pressAndWait('/', 'Search:');
    r.press('1', '9', '8');
    const typing = await r.waitFor('Alerts (1)');
    expect(typing).toContain('198.51.100.7');
    expect(typing).not.toContain('203.0.113.45');
    const cleared = await r.pressAndWait(KEYS.ESCAPE, 'Alerts (2)');
    expect(cleared).toContain('203.0.113.45');
  });

  it('PgDn/PgUp move the selection a page; in the detail g and G jump to the top and the bottom', async () => {
    const alerts = Array.from({ length: 30 }, (_, i) =>
      makeAlert({ ip: `10.0.1.${i}`, lastSeen: new Date(Date.parse('2024-03-10T10:00:00Z') - i * 1000).toISOString() }),
    );
    const r = renderApp(withAlerts(alerts));
    await r.waitFor((f) => selected(f).includes('10.0.1.0 '));
    await r.pressAndWait('\u001B[6~', (f) => !selected(f).includes('10.0.1.0 ') && selected(f) !== '');
    const down = Number(/10\.0\.1\.(\d+)/.exec(selected(r.frame()))?.[1]);
    expect(down).toBeGreaterThan(5);
    await r.pressAndWait('\u001B[5~', (f) => selected(f).includes('10.0.1.0 '));
    const evidence = Array.from({ length: 20 }, (_, i) => ({ time: '2024-03-10T11:50:00.000Z', file: 'auth.log', line: 500 + i, text: `line ${i}` }));
    r.fake.setAlerts([{ ...alerts[0]!, evidence }, ...alerts.slice(1)]);
    await r.pressAndWait(KEYS.ENTER, 'Severity');
    let f = await r.pressAndWait('G', 'Alert ID');
    expect(f).toContain('auth.log:519');
    expect(f).not.toContain('Summary');
    f = await r.pressAndWait('g', 'Summary');
    expect(f).not.toContain('auth.log:519');
  });

  it('says what S and p did', async () => {
    const r = renderApp(withAlerts([makeAlert()]));
    await r.waitFor('newest first');
    await r.pressAndWait('S', 'Sorted by severity, descending (again: reverse).');
    await r.pressAndWait('p', 'Live events paused (alerts still update); p resumes.');
    await r.pressAndWait('p', 'Live events resumed.');
  });

  it('the help at 80×24 groups the keys by where they work and cuts no label', async () => {
    const r = renderApp({ size: { columns: 80, rows: 24 } });
    await r.waitFor('? help');
    let f = await r.pressAndWait('?', 'any other key closes');
    let seen = '';
    for (let i = 0; i < 40; i++) {
      expect(f.split('\n').length).toBeLessThanOrEqual(23);
      seen += f.split('\n').slice(3, -4).join('\n') + '\n';
      if (!/↓ \d+ more lines/.test(f)) break;
      const before = f;
      f = await r.pressAndWait('\u001B[6~', (fr) => fr !== before);
    }
    for (const title of Object.values(HELP_GROUP_TITLE)) expect(seen).toContain(title);
    expect(seen).not.toContain('…');
  });
});
