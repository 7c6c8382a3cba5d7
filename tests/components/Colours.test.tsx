import { vi, afterAll, afterEach, describe, expect, it } from 'vitest';

const previous = vi.hoisted(() => {
  // Colours on for this file (chalk reads it when first imported), so noColor has something to remove.
  const before = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = '1';
  return before;
});

afterAll(() => {
  if (previous === undefined) delete process.env.FORCE_COLOR;
  else process.env.FORCE_COLOR = previous;
});

import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { countersFor, makeAlert, makeFeedItem, makeSnapshot } from '../helpers/fake-console.js';

afterEach(() => cleanup());

// SGR foreground/background colours: 30–37, 39, 40–47, 49, 90–97, 100–107, 38;5/38;2 forms.
// eslint-disable-next-line no-control-regex
const COLOUR = /\u001B\[(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

function state() {
  const alerts = [makeAlert({ severity: 'CRITICAL' }), makeAlert({ severity: 'LOW' })];
  return { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts), feed: [makeFeedItem()] }) };
}

describe('colours', () => {
  it('colours severities by default (CRITICAL red bold)', async () => {
    const r = renderApp({ state: state() });
    await r.waitFor('CRITICAL');
    const raw = r.instance.lastFrame() ?? '';
    expect(raw).toMatch(COLOUR);
    expect(raw).toMatch(/\u001B\[31m\u001B\[1mCRITICAL|\u001B\[1m\u001B\[31mCRITICAL/);
  });

  it('uses no colour at all with noColor', async () => {
    const r = renderApp({ state: state(), noColor: true });
    await r.waitFor('CRITICAL');
    const raw = r.instance.lastFrame() ?? '';
    expect(raw).not.toMatch(COLOUR);
  });

  it('underlines the sort key letter of each column heading', async () => {
    const r = renderApp({ state: { snapshot: makeSnapshot({ alerts: [makeAlert({ ip: '192.0.2.1' })], counters: countersFor([makeAlert()]) }) } });
    await r.waitFor('192.0.2.1');
    const raw = r.instance.lastFrame() ?? '';
    // \u001b[4m = underline
    for (const [before, letter] of [['', 'L'], ['', 'S'], ['', 'R'], ['SOURCE ', 'I'], ['', 'C'], ['I', 'N'], ['STAT', 'U']]) {
      expect(raw, letter).toMatch(new RegExp(`${before}(\\u001b\\[[0-9;]*m)*\\u001b\\[4m(\\u001b\\[[0-9;]*m)*${letter}`));
    }
  });


  it('the light theme draws `new` in the terminal\'s own colour (bold), readable on white, and no bright white', async () => {
    const r = renderApp({ state: state(), theme: 'light' });
    await r.waitFor('CRITICAL');
    const raw = r.instance.lastFrame() ?? '';
    expect(raw).not.toMatch(/\u001B\[97m/); // whiteBright
    expect(raw).not.toMatch(/\u001B\[96m/); // cyanBright
    expect(raw).toMatch(/\u001B\[1mnew/);
    const dark = renderApp({ state: state(), theme: 'dark' });
    await dark.waitFor('CRITICAL');
    expect(dark.instance.lastFrame() ?? '').toMatch(/\u001B\[97m/);
  });
});
