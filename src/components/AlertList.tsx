import { useRef } from 'react';
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
  /** Alerts retained by the engine before filtering (tells "none yet" from "none match"). */
  readonly totalAlerts: number;
  readonly width: number;
  readonly height: number;
  /** Data rows that fit. */
  readonly rows: number;
  readonly columns: AlertColumns;
}

/** The alert table: only the visible slice is rendered, with "↑ N more" / "↓ N more". */
export function AlertList(props: AlertListProps): React.JSX.Element {
  const { alerts, selectedIndex, rows, columns: c } = props;
  const theme = useTheme();
  const startRef = useRef(0);
  const win = visibleWindow(alerts.length, selectedIndex, rows, startRef.current);
  startRef.current = win.start;
  const slice = alerts.slice(win.start, win.end);
  const header =
    '  ' +
    [
      cell('TIME', c.time),
      cell('SEVERITY', c.severity),
      cell('RULE', c.rule),
      cell('IP', c.ip),
      cell('COUNT', c.count, 'right'),
      cell('TI', c.intel),
      cell('STATUS', c.status),
    ].join(' ') +
    (c.summary > 0 ? ' ' + cell('SUMMARY', c.summary) : '');
  const empty =
    props.totalAlerts === 0 ? 'No alerts yet. Watching the logs…' : 'No alerts match the severity filters or the search.';
  return (
    <Panel title={`Alerts (${alerts.length})`} badge={`· ${props.badge}`} width={props.width} height={props.height}>
      <Text {...theme.muted} bold wrap="truncate">
        {header}
      </Text>
      <Box flexDirection="column" height={rows}>
        {slice.length === 0 ? <Text {...theme.muted}>{empty}</Text> : null}
        {slice.map((a, i) => (
          <AlertRow key={a.id} alert={a} selected={win.start + i === selectedIndex} columns={c} />
        ))}
      </Box>
      <Text {...theme.muted} wrap="truncate">
        {win.above > 0 ? `↑ ${win.above} more` : ''}
        {win.above > 0 && win.below > 0 ? '   ' : ''}
        {win.below > 0 ? `↓ ${win.below} more` : ''}
      </Text>
    </Panel>
  );
}
