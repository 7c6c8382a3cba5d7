/**
 * What a mouse report means where the analyst is (`--mouse`). Pure. The wheel issues the command
 * that ↑ or ↓ issues in the same place (the keymap says which); a left click on a row of a list
 * selects that row. Everything else does nothing: other buttons, releases, motion, a report with a
 * modifier held (the terminal or the analyst may mean something else by it), a click beside the
 * rows, and any click or wheel while a text box or a confirmation is open (the help scrolls).
 */
import type { MouseReport } from '../keys/mouse.js';
import { commandForKey, type Command, type KeyContext } from '../keys/keymap.js';
import { firstRowLine, type Layout } from './layout.js';

/** The rows a list drew last: the index of the first in its list, and the key of each (an alert's id). */
export interface ShownRows {
  readonly start: number;
  readonly keys: readonly string[];
}

/** What the lists on screen drew last: the alert list, and the table of a table view. */
export interface ShownLists {
  alerts: ShownRows | null;
  table: ShownRows | null;
}

export type MouseTarget =
  /** Issue `command` `times` times. */
  | { readonly kind: 'command'; readonly command: Command; readonly times: number }
  /** Select this alert of the alert list. */
  | { readonly kind: 'alert'; readonly id: string }
  /** Select this row (index in the table) of the table view. */
  | { readonly kind: 'row'; readonly index: number };

/**
 * Lines one notch of the wheel moves: text (the detail, the event log, the help) scrolls 3 lines a
 * notch, as in most terminals; a list's selection moves one row, so that it stops on the row aimed
 * at. Nothing in a text box or a confirmation.
 */
export const WHEEL_STEPS: Readonly<Record<KeyContext, number>> = {
  list: 1,
  blocks: 1,
  diagnostics: 1,
  hosts: 1,
  detail: 3,
  events: 3,
  help: 3,
  input: 0,
  confirm: 0,
};

/** The help overlay's mouse section: what the mouse does (and how to select text while it is on). */
export const MOUSE_HELP: readonly { readonly keys: string; readonly label: string }[] = [
  { keys: 'wheel', label: 'Scroll the detail, the event log, the help (3 lines a notch); move the selection of a list (a row)' },
  { keys: 'click', label: 'Select the row: an alert, a block, a diagnostic, a host' },
  { keys: 'Shift+drag', label: "The terminal's own text selection (in most terminals)" },
];

const TABLE_CONTEXTS: ReadonlySet<KeyContext> = new Set(['blocks', 'diagnostics', 'hosts']);

/** The row of `rows` drawn at the report's screen line (between the panel's side borders), or -1. */
function rowAt(report: MouseReport, layout: Layout, rows: ShownRows): number {
  const offset = report.row - 1 - firstRowLine(layout);
  const inside = report.column > 1 && report.column < layout.columns;
  return inside && offset >= 0 && offset < rows.keys.length ? offset : -1;
}

export function mouseTarget(report: MouseReport, context: KeyContext, layout: Layout, shown: Readonly<ShownLists>): MouseTarget | null {
  if (layout.tooSmall || report.action !== 'press' || report.shift || report.meta || report.ctrl) return null;
  if (report.button === 'wheelUp' || report.button === 'wheelDown') {
    const times = WHEEL_STEPS[context];
    const command = times > 0 ? commandForKey(context, report.button === 'wheelUp' ? 'up' : 'down') : null;
    return command ? { kind: 'command', command, times } : null;
  }
  if (report.button !== 'left') return null;
  if (context === 'list' && shown.alerts) {
    const at = rowAt(report, layout, shown.alerts);
    return at < 0 ? null : { kind: 'alert', id: shown.alerts.keys[at]! };
  }
  if (TABLE_CONTEXTS.has(context) && shown.table) {
    const at = rowAt(report, layout, shown.table);
    return at < 0 ? null : { kind: 'row', index: shown.table.start + at };
  }
  return null;
}
