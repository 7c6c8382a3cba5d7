// What a mouse report means where the analyst is: the wheel issues ↑/↓'s command, a left click on a
// drawn row selects it; everything else (other buttons, releases, modifiers, dialogs) does nothing.
import { describe, expect, it } from 'vitest';
import { calculateLayout, firstRowLine } from '../../src/state/layout.js';
import { mouseTarget, WHEEL_STEPS, type ShownLists } from '../../src/state/mouse-target.js';
import { parseMouseReport, type MouseReport } from '../../src/keys/mouse.js';
import type { KeyContext } from '../../src/keys/keymap.js';

const layout = calculateLayout(100, 30);
const report = (text: string): MouseReport => parseMouseReport(text)!;
const shown: ShownLists = { alerts: { start: 7, keys: ['a7', 'a8', 'a9'] }, table: { start: 3, keys: ['b3', 'b4'] } };
/** The screen row (1-based) of the `n`th drawn row. */
const rowOf = (n: number, l = layout) => firstRowLine(l) + n + 1;

describe('mouseTarget', () => {
  it('turns the wheel into the command ↑ or ↓ issues: one row in lists, three lines in text, nothing in dialogs', () => {
    const expected: Record<KeyContext, [string | null, string | null]> = {
      list: ['selection.up', 'selection.down'],
      blocks: ['table.up', 'table.down'],
      diagnostics: ['table.up', 'table.down'],
      hosts: ['table.up', 'table.down'],
      detail: ['detail.scrollUp', 'detail.scrollDown'],
      events: ['log.up', 'log.down'],
      help: ['help.scrollUp', 'help.scrollDown'],
      input: [null, null],
      confirm: [null, null],
    };
    for (const [context, [up, down]] of Object.entries(expected) as [KeyContext, [string | null, string | null]][]) {
      const times = WHEEL_STEPS[context];
      expect(mouseTarget(report('[<64;5;5M'), context, layout, shown), context).toEqual(up ? { kind: 'command', command: up, times } : null);
      expect(mouseTarget(report('[<65;5;5M'), context, layout, shown), context).toEqual(down ? { kind: 'command', command: down, times } : null);
    }
    expect(WHEEL_STEPS.list).toBe(1);
    expect(WHEEL_STEPS.events).toBe(3);
  });

  it('maps a left click to the drawn row under it, from the layout (a warning banner pushes the rows down)', () => {
    expect(mouseTarget(report(`[<0;10;${rowOf(0)}M`), 'list', layout, shown)).toEqual({ kind: 'alert', id: 'a7' });
    expect(mouseTarget(report(`[<0;10;${rowOf(2)}M`), 'list', layout, shown)).toEqual({ kind: 'alert', id: 'a9' });
    expect(mouseTarget(report(`[<0;10;${rowOf(1)}M`), 'hosts', layout, shown)).toEqual({ kind: 'row', index: 4 });
    const banner = calculateLayout(100, 30, { bannerLines: 2 });
    expect(firstRowLine(banner)).toBe(firstRowLine(layout) + 2);
    expect(mouseTarget(report(`[<0;10;${rowOf(0, banner)}M`), 'list', banner, shown)).toEqual({ kind: 'alert', id: 'a7' });
  });

  it('does nothing for a click beside the rows: above, below, on the side borders, or in a view without rows to pick', () => {
    for (const at of [`2;${rowOf(-1)}`, `10;${rowOf(3)}`, `1;${rowOf(0)}`, `100;${rowOf(0)}`, `10;1`]) {
      expect(mouseTarget(report(`[<0;${at}M`), 'list', layout, shown), at).toBeNull();
    }
    expect(mouseTarget(report(`[<0;10;${rowOf(2)}M`), 'blocks', layout, shown)).toBeNull(); // the table has two rows
    for (const context of ['detail', 'events', 'help', 'input', 'confirm'] as const) {
      expect(mouseTarget(report(`[<0;10;${rowOf(0)}M`), context, layout, shown), context).toBeNull();
    }
    expect(mouseTarget(report(`[<0;10;${rowOf(0)}M`), 'list', layout, { alerts: null, table: null })).toBeNull();
  });

  it('does nothing for releases, motion, other buttons, modifiers, or a terminal too small to draw in', () => {
    const row = rowOf(0);
    for (const text of [`[<0;10;${row}m`, `[<32;10;${row}M`, `[<1;10;${row}M`, `[<2;10;${row}M`, `[<4;10;${row}M`, `[<8;10;${row}M`, `[<16;10;${row}M`, '[<80;5;5M', '[<66;5;5M']) {
      expect(mouseTarget(report(text), 'list', layout, shown), text).toBeNull();
    }
    expect(mouseTarget(report(`[<0;10;${row}M`), 'list', calculateLayout(60, 15), shown)).toBeNull();
    expect(mouseTarget(report('[<65;10;10M'), 'list', calculateLayout(60, 15), shown)).toBeNull();
  });
});
