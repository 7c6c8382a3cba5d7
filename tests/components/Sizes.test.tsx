// The same console at 80×24 and at 200×60: every column an analyst needs is there at both sizes,
// the larger one only adds room (a summary, whole IPv6 addresses, more rows).
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { countersFor, makeAlert, makeFeedItem, makeSnapshot } from '../helpers/fake-console.js';

afterEach(() => cleanup());

const V6 = '2001:db8:85a3:1234:5678:8a2e:3707:c177';
const alerts = [
  makeAlert({ ip: '203.0.113.45', severity: 'CRITICAL', count: 120, flags: ['KNOWN_THREAT'], status: 'acknowledged', lastSeen: '2024-03-10T11:59:30.000Z' }),
  makeAlert({ ip: V6, severity: 'LOW', rule: 'PASSWORD_SPRAY', count: 9, lastSeen: '2024-03-03T08:00:00.000Z' }),
];
const state = { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts, { auth_failure: 5 }), feed: [makeFeedItem({ ip: '203.0.113.45', user: 'root' })] }) };

describe('every column at 80×24 and 200×60', () => {
  it.each([
    [80, 24],
    [200, 60],
  ])('%i×%i', async (columns, rows) => {
    const r = renderApp({ size: { columns, rows }, state });
    const f = await r.waitFor('Alerts (2)');
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(rows - 1);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
    const header = lines.find((l) => l.includes('LAST SEEN')) ?? '';
    for (const h of ['LAST SEEN', 'SEV', 'RULE', 'SOURCE IP', 'COUNT', 'INTEL', 'STATUS']) expect(header, h).toContain(h);
    const crit = lines.find((l) => l.includes('203.0.113.45 ') && l.includes('CRIT')) ?? '';
    expect(crit).toMatch(/11:59:30\s+CRIT(ICAL)?\s+BRUTE_F\S*\s+203\.0\.113\.45\s+120\s+known\s+ack/);
    const low = lines.find((l) => l.includes('LOW ')) ?? '';
    expect(low).toMatch(/Mar 03 \d\d:00\s+LOW\s+PASSWO\S*\s+2001:\S*c177\s+9\s+new/);
    expect(f).toContain('Live events');
    expect(f).toContain('Stats');
    expect(lines.at(-1)).toContain('? help');
    if (columns >= 200) {
      expect(low).toContain(V6);
      expect(header).toContain('SUMMARY');
    }
  });
});
