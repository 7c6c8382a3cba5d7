/**
 * The help overlay laid out: every section of the keymap and the legend of the screen's words, in
 * as many columns as the width allows, each section whole in one column (a heading is never left
 * apart from its keys). What does not fit in the height scrolls, with a "more" line, so nothing is
 * ever cut without saying so.
 */
import { helpSections, type HelpSection } from '../keys/keymap.js';
import { EVENT_TYPES } from '../engine/model/event.js';
import { EVENT_LABEL, EVENT_MEANING } from './format/event-labels.js';
import { LINE_COMMANDS } from '../state/command-line.js';
import { wrapWords } from './detail-lines.js';
import { MOUSE_HELP } from '../state/mouse-target.js';

export type HelpLine =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'key'; readonly keys: string; readonly label: string; readonly keyWidth: number }
  | { readonly kind: 'blank' };

/** What the screen's words mean (the last section of the help). */
export const LEGEND: readonly { readonly word: string; readonly meaning: string }[] = [
  { word: 'known', meaning: 'INTEL: the IP is on a threat-intel feed' },
  { word: 'ack', meaning: 'STATUS: acknowledged' },
  { word: '✓', meaning: 'marked for a bulk action (Space)' },
  { word: '●', meaning: 'new since you looked (move up to it)' },
  { word: 'open', meaning: 'new, acknowledged or unblocked: needs you' },
  ...EVENT_TYPES.map((t) => ({ word: EVENT_LABEL[t], meaning: EVENT_MEANING[t] })),
  { word: 'same attempt', meaning: 'an echo of a failure already counted' },
];

export const LEGEND_TITLE = 'Words on the screen';
export const COMMANDS_TITLE = 'Commands (:)';
/** The mouse section's title, on (`--mouse`) or off. */
export const MOUSE_TITLE = { on: 'Mouse (on)', off: 'Mouse (off: start with --mouse)' } as const;

/** Widest keys cell of a key section (`PgUp/Dn g/G`), and of the commands (`:sort count [asc|desc]`). */
const MAX_KEY_WIDTH = 15;
const MAX_COMMAND_WIDTH = 24;
/** Narrowest useful column: keys and a label of a few words. */
const MIN_COLUMN_WIDTH = 40;

export interface HelpLayout {
  /** The columns' lines, all columns scrolled together. */
  readonly columns: readonly (readonly HelpLine[])[];
  readonly columnWidth: number;
  /** Lines of the tallest column. */
  readonly height: number;
}

interface Row {
  readonly keys: string;
  readonly label: string;
}

interface Section {
  readonly title: string;
  readonly rows: readonly Row[];
  readonly maxKeyWidth: number;
}

function allSections(sections: readonly HelpSection[], mouse: boolean): Section[] {
  const out: Section[] = sections.filter((s) => s.entries.length > 0).map((s) => ({ title: s.title, rows: s.entries, maxKeyWidth: MAX_KEY_WIDTH }));
  out.push({ title: mouse ? MOUSE_TITLE.on : MOUSE_TITLE.off, rows: MOUSE_HELP, maxKeyWidth: MAX_KEY_WIDTH });
  out.push({ title: COMMANDS_TITLE, rows: LINE_COMMANDS.map((c) => ({ keys: c.usage, label: c.meaning })), maxKeyWidth: MAX_COMMAND_WIDTH });
  out.push({ title: LEGEND_TITLE, rows: LEGEND.map((l) => ({ keys: l.word, label: l.meaning })), maxKeyWidth: MAX_KEY_WIDTH });
  return out;
}

/** A section's lines in a column `width` wide: labels longer than the room wrap between words. */
function sectionLines(section: Section, width: number): HelpLine[] {
  const keyWidth = Math.min(section.maxKeyWidth, Math.max(0, ...section.rows.map((r) => [...r.keys].length)) + 1);
  const room = Math.max(8, width - keyWidth - 1);
  const lines: HelpLine[] = [{ kind: 'title', text: section.title }];
  for (const r of section.rows) {
    wrapWords(r.label, room).forEach((piece, i) => lines.push({ kind: 'key', keys: i === 0 ? r.keys : '', label: piece, keyWidth }));
  }
  return lines;
}

/**
 * Sections packed in order into columns: a column takes whole sections while they fit in `target`
 * lines (a blank line between two); a section taller than that gets a column of its own.
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

const tallest = (columns: readonly (readonly HelpLine[])[]): number => Math.max(0, ...columns.map((c) => c.length));

/**
 * The help for a panel with `width` × `rows` of room for lines; `mouse`: the mouse is on (only the
 * mouse section's title says so, so the help is as tall either way).
 */
export function helpLayout(width: number, rows: number, sections: readonly HelpSection[] = helpSections(), mouse = false): HelpLayout {
  const all = allSections(sections, mouse);
  const maxColumns = Math.max(1, Math.floor(width / MIN_COLUMN_WIDTH));
  // Everything on one screen when it fits, in as few (wide) columns as that takes …
  for (let n = 1; n <= maxColumns; n++) {
    const columnWidth = Math.floor(width / n) - 1;
    const columns = pack(
      all.map((s) => sectionLines(s, columnWidth)),
      Math.max(1, rows),
    );
    if (columns.length <= n && tallest(columns) <= rows) return { columns, columnWidth: Math.floor(width / n), height: tallest(columns) };
  }
  // … else as many columns of whole sections as the width allows, of even height, scrolled together
  const columnWidth = Math.floor(width / maxColumns) - 1;
  const lines = all.map((s) => sectionLines(s, columnWidth));
  const total = lines.reduce((n, s) => n + s.length + 1, -1);
  let target = Math.max(1, Math.ceil(total / maxColumns));
  let columns = pack(lines, target);
  while (columns.length > maxColumns) columns = pack(lines, ++target);
  return { columns, columnWidth: Math.floor(width / maxColumns), height: tallest(columns) };
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
