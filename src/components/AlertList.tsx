import { memo, useRef } from 'react';
import { Box, Text } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import type { AlertColumns } from '../state/layout.js';
import { visibleWindow } from '../state/selectors.js';
import { useTheme } from '../hooks/use-theme.js';
import { Panel } from './Panel.js';
import { AlertRow } from './AlertRow.js';
import { cell } from './format/text.js';

export interface AlertListProps {
  /** The filtered, sorted alerts. */
  readonly alerts: readonly Alert[];
  /** Index of the selected alert in `alerts` (-1: none). */
  readonly selectedIndex: number;
  /** Panel title details: sort, severities, search. Already terminal-safe. */
  readonly badge: string;
  /** What the list says when it is empty (already terminal-safe). */
  readonly emptyText: string;
  /** IPs blocked right now. */
  readonly blockedIps: ReadonlySet<string>;
  readonly width: number;
  readonly height: number;
  /** Data rows that fit. */
  readonly rows: number;
  readonly columns: AlertColumns;
}

/** The column header line of the alert table. */
export function alertHeader(c: AlertColumns): string {
  return (
    '  ' +
    [
      cell('LAST SEEN', c.time),
      cell('SEVERITY', c.severity),
      cell('RULE', c.rule),
      cell('SOURCE IP', c.ip),
      cell('COUNT', c.count, 'right'),
      cell('INTEL', c.intel),
      cell('STATUS', c.status),
    ].join(' ') +
    (c.summary > 0 ? ' ' + cell('SUMMARY', c.summary) : '')
  );
}

/** The alert table: only the visible slice is rendered, with "↑ N more" / "↓ N more". */
export const AlertList = memo(function AlertList(props: AlertListProps): React.JSX.Element {
  const { alerts, selectedIndex, rows, columns: c } = props;
  const theme = useTheme();
  const startRef = useRef(0);
  const win = visibleWindow(alerts.length, selectedIndex, rows, startRef.current);
  startRef.current = win.start;
  const slice = alerts.slice(win.start, win.end);
  return (
    <Panel title={`Alerts (${alerts.length})`} badge={`· ${props.badge}`} width={props.width} height={props.height} clip={false}>
      <Text {...theme.muted} bold wrap="truncate">
        {alertHeader(c)}
      </Text>
      <Box flexDirection="column" height={rows} overflow={slice.length === 0 ? 'hidden' : 'visible'}>
        {slice.length === 0 ? (
          <Text {...theme.muted} wrap="wrap">
            {props.emptyText}
          </Text>
        ) : null}
        {slice.map((a, i) => (
          <AlertRow
            key={a.id}
            alert={a}
            selected={win.start + i === selectedIndex}
            blocked={a.ip !== null && props.blockedIps.has(a.ip)}
            columns={c}
          />
        ))}
      </Box>
      <Text {...theme.muted} wrap="truncate">
        {win.above > 0 ? `↑ ${win.above} more` : ''}
        {win.above > 0 && win.below > 0 ? '   ' : ''}
        {win.below > 0 ? `↓ ${win.below} more` : ''}
      </Text>
    </Panel>
  );
});
