/**
 * The help overlay laid out: every section of the keymap and the legend of the screen's words, in
 * as many columns as the width allows, each section whole in one column (a heading is never left
 * apart from its keys). What does not fit in the height scrolls, with a "more" line, so nothing is
 * ever cut without saying so.
 */
import { helpSections, type HelpSection } from '../keys/keymap.js';
import { EVENT_TYPES } from '../engine/model/event.js';
import { EVENT_LABEL, EVENT_MEANING } from './format/event-labels.js';

export type HelpLine =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'key'; readonly keys: string; readonly label: string }
  | { readonly kind: 'blank' };

/** What the screen's words mean (the last section of the help). */
export const LEGEND: readonly { readonly word: string; readonly meaning: string }[] = [
  { word: 'known', meaning: 'INTEL: the IP is on a threat-intel feed' },
  { word: 'ack', meaning: 'STATUS: acknowledged' },
  ...EVENT_TYPES.map((t) => ({ word: EVENT_LABEL[t], meaning: EVENT_MEANING[t] })),
  { word: 'same attempt', meaning: 'an echo of a failure already counted' },
];

export const LEGEND_TITLE = 'Words on the screen';

/** Widest keys cell (`PgUp/Dn g/G`); longer key texts are cut. */
const MAX_KEY_WIDTH = 15;
/** Narrowest useful column: keys and a label of a few words. */
const MIN_COLUMN_WIDTH = 40;

export interface HelpLayout {
  /** The columns' lines, all columns scrolled together. */
  readonly columns: readonly (readonly HelpLine[])[];
  readonly columnWidth: number;
  readonly keyWidth: number;
  /** Lines of the tallest column. */
  readonly height: number;
}

function sectionLines(sections: readonly HelpSection[]): HelpLine[][] {
  const out: HelpLine[][] = sections
    .filter((s) => s.entries.length > 0)
    .map((s) => [{ kind: 'title', text: s.title }, ...s.entries.map((e) => ({ kind: 'key' as const, keys: e.keys, label: e.label }))]);
  out.push([{ kind: 'title', text: LEGEND_TITLE }, ...LEGEND.map((l) => ({ kind: 'key' as const, keys: l.word, label: l.meaning }))]);
  return out;
}

/**
 * Sections packed in order into at most `maxColumns` columns: a column takes whole sections while
 * they fit in `target` lines (a blank line between two), a section taller than that gets a column
 * of its own.
 */
function pack(sections: readonly HelpLine[][], target: number): HelpLine[][] {
  const columns: HelpLine[][] = [[]];
  for (const s of sections) {
    let col = columns[columns.length - 1]!;
    const need = s.length + (col.length > 0 ? 1 : 0);
    if (col.length > 0 && col.length + need > target) {
      col = [];
      columns.push(col);
    }
    if (col.length > 0) col.push({ kind: 'blank' });
    col.push(...s);
  }
  return columns;
}

/** The help for a panel with `width` × `rows` of room for lines. */
export function helpLayout(width: number, rows: number, sections: readonly HelpSection[] = helpSections()): HelpLayout {
  const all = sectionLines(sections);
  const keyWidth = Math.min(MAX_KEY_WIDTH, Math.max(...all.flat().map((l) => (l.kind === 'key' ? [...l.keys].length : 0))) + 1);
  const maxColumns = Math.max(1, Math.floor(width / MIN_COLUMN_WIDTH));
  const total = all.reduce((n, s) => n + s.length + 1, -1);
  // Everything on one screen when it fits (full columns: fewer, wider columns read better), else
  // the lowest columns of whole sections that the width allows, scrolled together.
  let columns = pack(all, Math.max(1, rows));
  if (columns.length > maxColumns || Math.max(...columns.map((c) => c.length)) > rows) {
    let target = Math.max(1, Math.ceil(total / maxColumns));
    columns = pack(all, target);
    while (columns.length > maxColumns) columns = pack(all, ++target);
  }
  const height = Math.max(...columns.map((c) => c.length));
  return { columns, columnWidth: Math.floor(width / columns.length), keyWidth, height };
}

/** Lines the help shows at once in a panel of `height` (border, and the last line for "more"). */
export function helpVisibleRows(height: number): number {
  return Math.max(1, height - 3);
}

/** How far the help scrolls in a panel of `width` × `height`. */
export function helpScrollMax(width: number, height: number): number {
  const rows = helpVisibleRows(height);
  return Math.max(0, helpLayout(width - 4, rows).height - rows);
}
