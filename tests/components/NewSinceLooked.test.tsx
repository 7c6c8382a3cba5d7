// New since you looked: alerts arriving above the selection are marked ● until the selection reaches
// them; the title says how many.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';

afterEach(() => cleanup());

const a = makeAlert({ ip: '192.0.2.10', lastSeen: '2024-03-10T10:00:02Z' });
const b = makeAlert({ ip: '192.0.2.11', lastSeen: '2024-03-10T10:00:01Z' });
const row = (f: string, ip: string) => f.split('\n').find((l) => l.includes(`${ip} `)) ?? '';
/** The alert rows (the sources line has a ● of its own). */
const rows = (f: string) => f.split('\n').filter((l) => /^│ [▶ ]. +\d\d:\d\d/.test(l)).join('\n');

describe('new since you looked', () => {
  it('marks alerts that arrive above the selection, counts them in the title, and clears them as you move up', async () => {
    const r = renderApp({ state: { snapshot: makeSnapshot({ alerts: [a, b], counters: countersFor([a, b]) }) } });
    await r.waitFor('192.0.2.10');
    await r.pressAndWait('j', (f) => row(f, '192.0.2.11').startsWith('│ ▶'));
    expect(rows(r.frame())).not.toContain('●');
    r.fake.addAlerts(makeAlert({ ip: '192.0.2.99', lastSeen: '2024-03-10T10:00:09Z' }), makeAlert({ ip: '192.0.2.98', lastSeen: '2024-03-10T10:00:08Z' }));
    let f = await r.waitFor('2 new ↑');
    expect(row(f, '192.0.2.99')).toMatch(/^│  ●/);
    expect(row(f, '192.0.2.98')).toMatch(/^│  ●/);
    expect(row(f, '192.0.2.10')).not.toContain('●'); // was there before
    f = await r.pressAndWait('k', (fr) => row(fr, '192.0.2.10').startsWith('│ ▶'));
    expect(f).toContain('2 new ↑');
    f = await r.pressAndWait('k', (fr) => row(fr, '192.0.2.98').startsWith('│ ▶'));
    expect(f).toContain('1 new ↑');
    f = await r.pressAndWait('g', (fr) => !fr.includes('new ↑'));
    expect(rows(f)).not.toContain('●');
  });

  it('does not mark what arrives while the selection is on the newest and the new one lands below', async () => {
    const r = renderApp({ state: { snapshot: makeSnapshot({ alerts: [a], counters: countersFor([a]) }) } });
    await r.waitFor('192.0.2.10');
    r.fake.addAlerts(makeAlert({ ip: '192.0.2.50', lastSeen: '2024-03-10T09:00:00Z' })); // older: sorts below
    const f = await r.waitFor('192.0.2.50');
    expect(f).not.toContain('new ↑');
  });
});
