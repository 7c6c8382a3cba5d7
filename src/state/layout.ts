/**
 * Panel sizes for a terminal of `columns` × `rows`. Pure, so every size can be tested without
 * rendering. The frame uses at most `rows - 1` lines: ink repaints the whole screen (flicker) when
 * its output reaches the terminal height.
 */

export const MIN_COLUMNS = 70;
export const MIN_ROWS = 20;

export interface PanelSize {
  readonly width: number;
  readonly height: number;
}

export interface AlertColumns {
  readonly cursor: number;
  /** The mark column: `✓` marked for a bulk action, `●` new since you looked. */
  readonly flag: number;
  readonly time: number;
  readonly severity: number;
  readonly rule: number;
  readonly ip: number;
  readonly count: number;
  readonly intel: number;
  readonly status: number;
  /** 0 when the terminal is too narrow for a summary column. */
  readonly summary: number;
  /** The HOST column (a fleet: several hosts report); 0 when not shown. */
  readonly host: number;
}

/** What the rows need: the widest time stamp, rule name and IP address among the alerts listed. */
export interface ColumnNeeds {
  /** @default 8 (`14:34:09`) */
  readonly time?: number;
  /** @default 11 (`BRUTE_FORCE`) */
  readonly rule?: number;
  /** @default 15 (an IPv4 address) */
  readonly ip?: number;
  /** The narrowest IP column in which the addresses listed still read differently. @default 9 */
  readonly ipMin?: number;
}

export interface Layout {
  readonly columns: number;
  readonly rows: number;
  readonly tooSmall: boolean;
  readonly minColumns: number;
  readonly minRows: number;
  readonly headerLines: number;
  readonly bannerLines: number;
  /** The screen line (0-based) where the body starts: below the header and the warning banner. */
  readonly bodyTop: number;
  /** The area between header/banner and message/status lines (detail, help, dialogs). */
  readonly body: PanelSize;
  readonly alerts: PanelSize & { readonly rows: number; readonly columns: AlertColumns };
  readonly feed: PanelSize & { readonly rows: number };
  readonly stats: PanelSize & { readonly lines: number; readonly chartWidth: number };
}

export interface LayoutOptions {
  /** Warning banner lines (0 when there are no warnings). @default 0 */
  readonly bannerLines?: number;
}

/** The header: the title line and the sources line. */
export const HEADER_LINES = 2;
const FOOTER_LINES = 2; // message line + status bar
const PANEL_CHROME = 2; // top and bottom border
/** Lines of a table panel (the alert list, the blocks, diagnostics and hosts) above its first row: the top border with the title, the column headings. */
export const TABLE_HEAD_LINES = 2;
/** Lines of a table panel below its rows: the "↑ N more / ↓ N more" line, the bottom border. */
export const TABLE_FOOT_LINES = 2;
const PANEL_PADDING = 4; // left/right border + padding

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** Widest IP address (a full IPv6 address). */
export const MAX_IP_WIDTH = 39;
const MIN_RULE = 8;
const MIN_IP = 15;
const MIN_SUMMARY = 16;

/**
 * Column widths of the alert table for a panel of `inner` usable characters. Each column first gets
 * what its content needs (a full IPv6 address included); when that does not fit, the severity
 * shortens (`CRIT`), then the rule, and only then the IP column (addresses are then shortened in
 * the middle, never cut at the end). Room left over goes to a summary column when it is wide
 * enough to be useful.
 */
export function alertColumnsFor(inner: number, needs: ColumnNeeds = {}): AlertColumns {
  // wide enough for each heading with the sort arrow (`COUNT▼`)
  const fixed = { cursor: 1, flag: 1, count: 6, intel: 6, status: 9 };
  const gaps = 7; // one space after the flag and between the 7 data columns
  const time = Math.max(10, needs.time ?? 8); // at least as wide as the LAST SEEN▼ heading
  let severity = 9;
  let rule = clamp(needs.rule ?? 11, MIN_RULE, 20);
  let ip = clamp(needs.ip ?? MIN_IP, MIN_IP, MAX_IP_WIDTH);
  const base = fixed.cursor + fixed.flag + fixed.count + fixed.intel + fixed.status + time + gaps;
  let over = base + severity + rule + ip - inner;
  const give = (width: number, min: number): number => {
    const cut = Math.max(0, Math.min(over, width - min));
    over -= cut;
    return width - cut;
  };
  if (over > 0) severity = give(severity, 4);
  if (over > 0) rule = give(rule, MIN_RULE);
  if (over > 0) ip = give(ip, Math.max(9, Math.min(ip, needs.ipMin ?? 9)));
  if (over > 0) rule = give(rule, 4);
  let summary = 0;
  const extra = -over;
  if (extra >= MIN_SUMMARY + 1) summary = extra - 1;
  else if (extra > 0) ip += extra;
  return { ...fixed, time, severity, rule, ip, summary, host: 0 };
}

/** Rows a table panel `height` lines tall shows at once (the head and foot lines aside). */
export function tableRowsFor(height: number): number {
  return Math.max(1, height - TABLE_HEAD_LINES - TABLE_FOOT_LINES);
}

/**
 * The screen line (0-based) of a table's first row. The alert list and the table views are each the
 * first panel of the body, so their rows start at the same line.
 */
export function firstRowLine(layout: Pick<Layout, 'bodyTop'>): number {
  return layout.bodyTop + TABLE_HEAD_LINES;
}

export function calculateLayout(columns: number, rows: number, options: LayoutOptions = {}): Layout {
  const bannerLines = Math.max(0, options.bannerLines ?? 0);
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  const usable = Math.max(0, rows - 1);
  const bodyHeight = Math.max(0, usable - HEADER_LINES - FOOTER_LINES - bannerLines);
  const alertsHeight = clamp(Math.round(bodyHeight * 0.55), Math.min(bodyHeight, 7), bodyHeight);
  const bottomHeight = Math.max(0, bodyHeight - alertsHeight);
  const statsWidth = clamp(Math.round(columns * 0.38), 30, 90);
  const feedWidth = Math.max(0, columns - statsWidth);
  const statsInner = statsWidth - PANEL_PADDING;
  return {
    columns,
    rows,
    tooSmall,
    minColumns: MIN_COLUMNS,
    minRows: MIN_ROWS,
    headerLines: HEADER_LINES,
    bannerLines,
    bodyTop: HEADER_LINES + bannerLines,
    body: { width: columns, height: bodyHeight },
    alerts: {
      width: columns,
      height: alertsHeight,
      rows: tableRowsFor(alertsHeight),
      columns: alertColumnsFor(columns - PANEL_PADDING),
    },
    feed: { width: feedWidth, height: bottomHeight, rows: Math.max(0, bottomHeight - PANEL_CHROME) },
    stats: {
      width: statsWidth,
      height: bottomHeight,
      lines: Math.max(0, bottomHeight - PANEL_CHROME),
      chartWidth: clamp(statsInner, 8, 60),
    },
  };
}
