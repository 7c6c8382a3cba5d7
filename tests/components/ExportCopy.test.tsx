// Export the alerts the filter shows to JSON or CSV (x, a path prompt), and copy the selected IP
// with OSC 52 (y).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';

afterEach(() => cleanup());

const alerts = [makeAlert({ ip: '203.0.113.45', severity: 'CRITICAL' }), makeAlert({ ip: '198.51.100.7', severity: 'LOW' })];
const state = { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }) };

describe('export', () => {
  it('x asks for a path (a stamped name in the current directory) and writes the alerts shown as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-export-'));
    const r = renderApp({ state, cwd: dir });
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('v', 'MEDIUM+'); // the filter shows one of the two
    const prompt = await r.pressAndWait('x', 'Export to:');
    expect(prompt).toMatch(/Export to: threatwatch-alerts-\d{8}-\d{6}\.json/);
    expect(prompt).toContain('1 alert shown');
    const f = await r.pressAndWait(KEYS.ENTER, 'Wrote 1 alert to');
    const path = /Wrote 1 alert to (\S+) \(JSON\)/.exec(f)?.[1] ?? '';
    expect(path.startsWith(dir)).toBe(true);
    const written = JSON.parse(readFileSync(path, 'utf8')) as Array<{ ip: string }>;
    expect(written.map((a) => a.ip)).toEqual(['203.0.113.45']);
  });

  it('writes CSV for a .csv path typed over the default, and never overwrites a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-export-'));
    writeFileSync(join(dir, 'taken.csv'), 'keep me');
    const r = renderApp({ state, cwd: dir });
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('x', 'Export to:');
    for (let i = 0; i < 45; i++) r.press(KEYS.BACKSPACE);
    r.press(...'out.csv');
    await r.waitFor('Export to: out.csv');
    await r.pressAndWait(KEYS.ENTER, 'Wrote 2 alerts to');
    const csv = readFileSync(join(dir, 'out.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^id,rule,severity,status,ip,/);
    r.press(':', ...'export taken.csv');
    await r.pressAndWait(KEYS.ENTER, 'Not exported');
    expect(r.frame()).toContain('the file exists');
    expect(readFileSync(join(dir, 'taken.csv'), 'utf8')).toBe('keep me');
  });

  it('Esc cancels the export', async () => {
    const written: string[] = [];
    const r = renderApp({ state, writeFile: async (p) => void written.push(p) });
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('x', 'Export to:');
    await r.pressAndWait(KEYS.ESCAPE, (f) => !f.includes('Export to:'));
    expect(written).toEqual([]);
  });
});

describe('copy', () => {
  it('y puts the selected IP on the clipboard with OSC 52, written to the terminal', async () => {
    const r = renderApp({ state });
    await r.waitFor('203.0.113.45');
    const selected = (r.frame().split('\n').find((l) => l.startsWith('│ ▶')) ?? '').includes('198.51.100.7') ? '198.51.100.7' : '203.0.113.45';
    await r.pressAndWait('y', `Copied ${selected} to the clipboard`);
    const osc = `\u001b]52;c;${Buffer.from(selected).toString('base64')}\u0007`;
    expect(r.instance.frames.some((f) => f.includes(osc))).toBe(true);
  });
});
