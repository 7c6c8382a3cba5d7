import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useRef } from 'react';
import { useTheme } from '../hooks/use-theme.js';
import { useShownRows } from '../hooks/use-shown-rows.js';
import { visibleWindow } from '../state/selectors.js';
import { tableRowsFor } from '../state/layout.js';
import type { TextStyle } from '../theme/theme.js';
import { Panel } from './Panel.js';
import { cell } from './format/text.js';

export interface TableColumn<Row> {
  readonly heading: string;
  /** Fixed width; the column marked `flex` takes what is left. */
  readonly width: number;
  readonly flex?: boolean;
  readonly align?: 'left' | 'right';
  /** The cell's text (already terminal-safe) and style. */
  readonly cell: (row: Row) => { readonly text: string; readonly style?: TextStyle };
}

export interface TableProps<Row> {
  readonly title: string;
  readonly badge?: string;
  readonly columns: readonly TableColumn<Row>[];
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row, index: number) => string;
  /** Selected row (clamped). */
  readonly selected: number;
  /** What the table says when it has no rows. */
  readonly empty: ReactNode;
  readonly width: number;
  readonly height: number;
}

/** A view's table: a header, the visible slice of rows with the selection bar, "↑/↓ N more". */
export function Table<Row>(props: TableProps<Row>): React.JSX.Element {
  const theme = useTheme();
  const inner = props.width - 4;
  const fixed = props.columns.filter((c) => !c.flex).reduce((n, c) => n + c.width + 1, 0);
  const widths = props.columns.map((c) => (c.flex ? Math.max(8, inner - 2 - fixed) : c.width));
  const rows = tableRowsFor(props.height);
  const selected = Math.max(0, Math.min(props.selected, props.rows.length - 1));
  const startRef = useRef(0);
  const win = visibleWindow(props.rows.length, props.rows.length === 0 ? -1 : selected, rows, startRef.current);
  startRef.current = win.start;
  const shown = props.rows.slice(win.start, win.end);
  useShownRows('table', () => ({ start: win.start, keys: shown.map((row, k) => props.rowKey(row, win.start + k)) }));
  return (
    <Panel title={props.title} badge={props.badge} width={props.width} height={props.height} clip={false}>
      <Text {...theme.muted} bold wrap="truncate">
        {'  '}
        {props.columns.map((c, i) => cell(c.heading, widths[i] ?? 0, c.align)).join(' ')}
      </Text>
      <Box flexDirection="column" height={rows} overflow="hidden">
        {props.rows.length === 0 ? (
          <Text {...theme.muted} wrap="wrap">
            {props.empty}
          </Text>
        ) : null}
        {shown.map((row, k) => {
          const isSel = win.start + k === selected;
          const sel = isSel ? theme.selected : {};
          return (
            <Text key={props.rowKey(row, win.start + k)} wrap="truncate">
              <Text {...theme.accent} bold>
                {isSel ? '▶' : ' '}
              </Text>{' '}
              <Text {...sel}>
                {props.columns.map((c, i) => {
                  const v = c.cell(row);
                  return (
                    <Text key={c.heading}>
                      {i > 0 ? ' ' : ''}
                      <Text {...(v.style ?? {})} {...sel}>
                        {cell(v.text, widths[i] ?? 0, c.align)}
                      </Text>
                    </Text>
                  );
                })}
              </Text>
            </Text>
          );
        })}
      </Box>
      <Text {...theme.muted} wrap="truncate">
        {win.above > 0 ? `↑ ${win.above} more` : ''}
        {win.above > 0 && win.below > 0 ? '   ' : ''}
        {win.below > 0 ? `↓ ${win.below} more` : ''}
      </Text>
    </Panel>
  );
}
