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
  readonly time: number;
  readonly severity: number;
  readonly rule: number;
  readonly ip: number;
  readonly count: number;
  readonly intel: number;
  readonly status: number;
  /** 0 when the terminal is too narrow for a summary column. */
  readonly summary: number;
}

export interface Layout {
  readonly columns: number;
  readonly rows: number;
  readonly tooSmall: boolean;
  readonly minColumns: number;
  readonly minRows: number;
  readonly headerLines: number;
  readonly bannerLines: number;
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

const HEADER_LINES = 2;
const FOOTER_LINES = 2; // message line + status bar
const PANEL_CHROME = 2; // top and bottom border
const PANEL_PADDING = 4; // left/right border + padding

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** Column widths of the alert table for a panel of `inner` usable characters. */
export function alertColumnsFor(inner: number): AlertColumns {
  const fixed = { cursor: 1, time: 9, severity: 8, count: 5, intel: 5, status: 9 };
  const gaps = 7; // one space after the cursor and between the 7 data columns
  const flex = Math.max(0, inner - (fixed.cursor + fixed.time + fixed.severity + fixed.count + fixed.intel + fixed.status) - gaps);
  const rule = clamp(Math.floor(flex * 0.42), 8, 20);
  let ip = Math.max(8, flex - rule);
  let summary = 0;
  if (ip > 28) {
    const extra = ip - 28 - 1;
    if (extra >= 16) {
      summary = extra;
      ip = 28;
    }
  }
  return { ...fixed, rule, ip, summary };
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
    body: { width: columns, height: bodyHeight },
    alerts: {
      width: columns,
      height: alertsHeight,
      // border top/bottom, column header, the "↑ N more / ↓ N more" line
      rows: Math.max(1, alertsHeight - PANEL_CHROME - 2),
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
