// Issue 12: the mouse, optional (--mouse) and off by default. With it, a click on a row selects it and
// the wheel does what ↑/↓ do where the analyst is (the selection moves one row a notch, text scrolls
// three lines); without it, whatever mouse reports a terminal sends do nothing at all — their digits
// never switch views.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp, type RenderedApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeFeedItem, makeSnapshot } from '../helpers/fake-console.js';
import type { BlockRecord } from '../../src/console/types.js';
import { MOUSE_HELP } from '../../src/state/mouse-target.js';
import { MOUSE_TITLE } from '../../src/components/help-layout.js';

afterEach(() => cleanup());

/** An SGR mouse report as the terminal sends it; column and row count from 1. */
const press = (button: number, column: number, row: number) => `\u001b[<${button};${column};${row}M`;
const release = (button: number, column: number, row: number) => `\u001b[<${button};${column};${row}m`;
const click = (column: number, row: number) => press(0, column, row);
const WHEEL_UP = 64;
const WHEEL_DOWN = 65;

// evidence enough for the detail to scroll
const evidence = Array.from({ length: 40 }, (_, i) => ({ time: '2024-03-10T11:58:00.000Z', file: '/var/log/auth.log', line: i + 1, text: `line ${i + 1}` }));
const alerts = Array.from({ length: 20 }, (_, i) => makeAlert({ ip: `203.0.113.${100 + i}`, evidence }));
/** The IP of the `i`th alert (the list shows the newest, the 19th, first). */
const ip = (i: number): string => `203.0.113.${100 + i}`;
const blocks: BlockRecord[] = Array.from({ length: 4 }, (_, i) => ({
  ip: `192.0.2.${10 + i}`,
  backend: 'simulate',
  at: `2024-03-10T11:3${i}:00Z`,
  until: null,
  alertId: null,
  simulated: true,
}));

const feed = Array.from({ length: 60 }, (_, i) => makeFeedItem({ user: `user${i}` }));

function state() {
  return { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts), feed }), blocks };
}

/** The screen row (1-based, as the mouse counts) of the line that contains `text`. */
function rowOf(frame: string, text: string): number {
  const i = frame.split('\n').findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${text} is not on screen:\n${frame}`);
  return i + 1;
}

/** The IP on the selected row of the alert list or a table. */
function selectedIp(frame: string): string | null {
  const line = frame.split('\n').find((l) => /^│ ▶/.test(l));
  return line?.match(/\d+\.\d+\.\d+\.\d+/)?.[0] ?? null;
}

async function openConsole(mouse: boolean): Promise<RenderedApp> {
  const r = renderApp({ state: state(), mouse });
  await r.waitFor('Alerts (20)');
  return r;
}

/** Writes `input` and waits until the frame changes (or, for `unchanged`, lets the console settle and expects none). */
async function send(r: RenderedApp, input: string): Promise<string> {
  const before = r.frame();
  return r.pressAndWait(input, (f) => f !== before);
}

async function settle(r: RenderedApp, input: string): Promise<string> {
  const before = r.frame();
  r.press(input);
  // a key written after the report shows when the console has read both
  const marker = await r.pressAndWait('?', 'any other key closes');
  expect(marker).toContain('Help');
  await r.pressAndWait(KEYS.ESCAPE, (f) => !f.includes('any other key closes'));
  expect(r.frame()).toBe(before);
  return r.frame();
}

describe('the mouse, with --mouse', () => {
  it('a left click on a row of the alert list selects that alert', async () => {
    const r = await openConsole(true);
    const first = r.frame();
    expect(selectedIp(first)).toBe(ip(19)); // newest first
    const target = ip(15);
    const f = await send(r, click(10, rowOf(first, target)));
    expect(selectedIp(f)).toBe(target);
    // the release that follows changes nothing
    await settle(r, release(0, 10, rowOf(first, target)));
  });

  it('maps the click through the list as scrolled: after G, the top row on screen is not the first alert', async () => {
    const r = await openConsole(true);
    const bottom = await send(r, 'G');
    expect(selectedIp(bottom)).toBe(ip(0));
    expect(bottom).toMatch(/↑ \d+ more/);
    const topRow = bottom.split('\n').find((l) => /^│ {2}. +\d\d:\d\d/.test(l))!;
    const top = topRow.match(/\d+\.\d+\.\d+\.\d+/)![0];
    expect(top).not.toBe(ip(19));
    const f = await send(r, click(30, rowOf(bottom, topRow)));
    expect(selectedIp(f)).toBe(top);
  });

  it('a click beside the rows (header, column headings, border, the feed below) selects nothing', async () => {
    const r = await openConsole(true);
    const f = r.frame();
    const row = rowOf(f, ip(15));
    for (const report of [click(10, 1), click(10, rowOf(f, 'LAST SEEN')), click(1, row), click(100, row), click(10, rowOf(f, 'Live events') + 2), click(10, 29)]) {
      await settle(r, report);
    }
  });

  it('the wheel moves the selection one row a notch, down and up', async () => {
    const r = await openConsole(true);
    let f = await send(r, press(WHEEL_DOWN, 40, 10));
    expect(selectedIp(f)).toBe(ip(18));
    f = await send(r, press(WHEEL_DOWN, 40, 25));
    expect(selectedIp(f)).toBe(ip(17));
    f = await send(r, press(WHEEL_UP, 5, 5));
    expect(selectedIp(f)).toBe(ip(18));
  });

  it('the wheel scrolls the event log, the detail and the help three lines a notch, as k or j pressed three times', async () => {
    const scrolls: Array<[string, string, string[]]> = [
      ['events', '2', []],
      ['detail', KEYS.ENTER, []],
      ['help', '?', [KEYS.DOWN, KEYS.DOWN, KEYS.DOWN, KEYS.DOWN]],
    ];
    for (const [what, open, before] of scrolls) {
      const keyed = await openConsole(true);
      await send(keyed, open);
      for (const k of before) await send(keyed, k);
      const wheeled = await openConsole(true);
      await send(wheeled, open);
      for (const k of before) await send(wheeled, k);
      expect(wheeled.frame(), what).toBe(keyed.frame());
      const key = what === 'events' ? 'k' : 'j';
      keyed.press(key, key);
      await send(keyed, key);
      const f = await send(wheeled, press(what === 'events' ? WHEEL_UP : WHEEL_DOWN, 40, 12));
      expect(f, what).toBe(keyed.frame());
      cleanup();
    }
  });

  it('in the blocks view, a click selects a block and the wheel moves the selection', async () => {
    const r = await openConsole(true);
    const f = await send(r, '3');
    expect(selectedIp(f)).toBe('192.0.2.13'); // the most recent first
    let g = await send(r, click(20, rowOf(f, '192.0.2.11')));
    expect(selectedIp(g)).toBe('192.0.2.11');
    g = await send(r, press(WHEEL_DOWN, 20, 10));
    expect(selectedIp(g)).toBe('192.0.2.10');
    await settle(r, click(20, rowOf(g, '192.0.2.10') + 1)); // below the last row
  });

  it('ignores clicks and the wheel while a dialog or a text box is open', async () => {
    const r = await openConsole(true);
    const row = rowOf(r.frame(), ip(15));
    await send(r, 'b');
    await r.waitFor('Confirm block');
    r.press(click(10, row), press(WHEEL_DOWN, 10, row), press(WHEEL_UP, 10, row));
    // d steps the duration: the dialog is still open, for the alert it was opened on
    const stepped = await send(r, 'd');
    expect(stepped).toContain('Confirm block');
    expect(stepped).toContain(`Block ${ip(19)} with simulate`);
    const list = await send(r, 'n'); // cancels
    expect(selectedIp(list)).toBe(ip(19));
    await send(r, '/');
    const box = r.frame();
    r.press(press(WHEEL_DOWN, 10, row), click(10, row));
    await send(r, '9');
    expect(r.frame()).toContain('search "9"'); // the reports typed nothing into the search box
    expect(selectedIp(box)).toBe(selectedIp(r.frame()));
  });

  it('reads a report split across two reads as one', async () => {
    const r = await openConsole(true);
    const report = click(10, rowOf(r.frame(), ip(12)));
    r.press(report.slice(0, 6));
    await new Promise((resolve) => setTimeout(resolve, 20)); // ink hands the first part over on its own
    const f = await send(r, report.slice(6));
    expect(selectedIp(f)).toBe(ip(12));
    expect(f).toContain('threatwatch ▸ alerts');
  });
});

/** Every line of the help, paged through to its end. */
async function wholeHelp(mouse: boolean): Promise<string> {
  const r = renderApp({ state: state(), mouse, size: { columns: 120, rows: 40 } });
  await r.waitFor('Alerts (20)');
  let frame = await send(r, '?');
  let seen = frame;
  for (let i = 0; i < 20 && /↓ \d+ more lines/.test(frame); i++) {
    frame = await send(r, '\u001B[6~'); // PgDn
    seen += '\n' + frame;
  }
  return seen;
}

describe('the help', () => {
  it('says what the mouse does, and whether it is on', async () => {
    const on = await wholeHelp(true);
    expect(on).toContain(MOUSE_TITLE.on);
    for (const row of MOUSE_HELP) expect(on).toMatch(new RegExp(`${row.keys.replace('+', '\\+')}\\s+${row.label.slice(0, 20)}`));
    cleanup();
    const off = await wholeHelp(false);
    expect(off).toContain(MOUSE_TITLE.off);
    expect(off).not.toContain(MOUSE_TITLE.on);
  });
});

describe('the mouse, without --mouse (the default)', () => {
  it('ignores mouse reports, and their digits and letters are never read as keys', async () => {
    const r = await openConsole(false);
    const row = rowOf(r.frame(), ip(15));
    // 3;5: blocks and hosts views if read as keys; M, m and the wheel's 6s too
    for (const report of [click(3, row), release(0, 3, 5), press(WHEEL_DOWN, 3, 5), press(WHEEL_UP, 35, 2)]) await settle(r, report);
    // split in two: the rest (5;5M) is not read as keys either
    const split = click(35, 5);
    r.press(split.slice(0, 6));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await settle(r, split.slice(6));
  });
});
