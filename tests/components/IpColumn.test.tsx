// Issue 12, bug 3: addresses are readable. A full IPv6 address is whole in the list at 120 columns;
// at 80 the middle is shortened (never the tail), and two different addresses never read the same.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';
import { fitIps, fitIpsApart, minimumIpWidth, shortForms } from '../../src/components/format/ip-fit.js';
import { createRandom } from '../../src/engine/sim/prng.js';

afterEach(() => cleanup());

const FULL = '2001:db8:85a3:1234:5678:8a2e:3707:c177'; // 38 characters
const LONGEST = 'fd12:3456:789a:bcde:f012:3456:789a:bcde'; // 39 characters
const TWIN = '2001:db8:85a3:1234:9999:8a2e:3707:c177'; // differs from FULL only in the middle

function withAlerts(ips: string[]) {
  const alerts = ips.map((ip, i) => makeAlert({ ip, lastSeen: `2024-03-10T11:5${i}:00.000Z` }));
  return { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }) };
}

const rowsOf = (f: string) => f.split('\n').filter((l) => /^│ [▶ ]. +\d\d:\d\d:\d\d .*BRUTE_F/.test(l));

describe('the SOURCE IP column', () => {
  it('shows a full IPv6 address whole at 120 columns', async () => {
    const r = renderApp({ size: { columns: 120, rows: 30 }, state: withAlerts([LONGEST, '203.0.113.9']) });
    const f = await r.waitFor('203.0.113.9');
    expect(f).toContain(`${LONGEST} `);
    expect(f).toContain('SUMMARY'); // and there is still room for more
  });

  it('shortens the middle at 80 columns, keeps the tail, and never shows two addresses alike', async () => {
    const r = renderApp({ size: { columns: 80, rows: 24 }, state: withAlerts([FULL, TWIN, '203.0.113.9']) });
    const f = await r.waitFor('203.0.113.9');
    const rows = rowsOf(f);
    expect(rows).toHaveLength(3);
    const shown = rows.filter((row) => row.includes('2001:')).map((row) => /BRUTE_F\S*\s+(\S+)/.exec(row)?.[1] ?? '');
    for (const s of shown) {
      expect(s).toContain('…');
      expect(s.startsWith('2001:')).toBe(true);
      expect(s.endsWith('c177')).toBe(true);
    }
    expect(shown).toHaveLength(2);
    expect(shown[0]).not.toBe(shown[1]);
    expect(f).toContain('203.0.113.9 ');
  });
});

describe('fitIps', () => {
  it('leaves addresses that fit alone and shortens the rest between whole groups when it can', () => {
    const m = fitIps([FULL, '192.0.2.1'], 20);
    // too narrow to tell two look-alikes apart: no shortened form is offered for them
    expect(fitIpsApart([FULL, TWIN], 15)).toBeNull();
    expect(minimumIpWidth([FULL, TWIN], 15)).toBeGreaterThan(15);
    expect(m.has('192.0.2.1')).toBe(false);
    expect(m.get(FULL)).toMatch(/^2001:db8:[0-9a-f:]*…:[0-9a-f:]*c177$/);
    expect([...(m.get(FULL) ?? '')].length).toBeLessThanOrEqual(20);
    expect(shortForms(FULL, 15)[0]).toBe('2001:db8:…:c177');
  });

  it('never maps two different addresses to the same text (random sets of look-alikes)', () => {
    const rng = createRandom(7).next;
    const hex = () => Math.floor(rng() * 0x10000).toString(16);
    for (let round = 0; round < 200; round++) {
      const base = Array.from({ length: 8 }, hex);
      const ips = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const g = [...base];
        g[Math.floor(rng() * 8)] = hex(); // differ from the others in one random group
        ips.add(g.join(':'));
      }
      const list = [...ips];
      const width = minimumIpWidth(list, 12 + Math.floor(rng() * 20));
      const m = fitIpsApart(list, width);
      expect(m).not.toBeNull();
      if (!m) continue;
      const shown = [...ips].map((ip) => m.get(ip) ?? ip);
      expect(new Set(shown).size, `${[...ips].join(' ')} at ${width}`).toBe(ips.size);
      for (const s of shown) expect([...s].length).toBeLessThanOrEqual(width);
    }
  });
});
