import { memo, useRef } from 'react';
import { Box, Text } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import { alertColumnsFor, type AlertColumns } from '../state/layout.js';
import { visibleWindow } from '../state/selectors.js';
import { useTheme } from '../hooks/use-theme.js';
import { Panel } from './Panel.js';
import { AlertRow } from './AlertRow.js';
import { cell } from './format/text.js';
import { fitIps, minimumIpWidth } from './format/ip-fit.js';
import { stampWidth, type Today } from './format/time.js';

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
  /** The local day and year, so stamps show a date when it is not today. */
  readonly today: Today;
  readonly width: number;
  readonly height: number;
  /** Data rows that fit. */
  readonly rows: number;
}

/** The column header line of the alert table. */
export function alertHeader(c: AlertColumns): string {
  return (
    '   ' +
    [
      cell('LAST SEEN', c.time),
      cell(c.severity >= 8 ? 'SEVERITY' : 'SEV', c.severity),
      cell('RULE', c.rule),
      cell('SOURCE IP', c.ip),
      cell('COUNT', c.count, 'right'),
      cell('INTEL', c.intel),
      cell('STATUS', c.status),
    ].join(' ') +
    (c.summary > 0 ? ' ' + cell('SUMMARY', c.summary) : '')
  );
}

/**
 * The column widths the alerts need in a panel of `inner` characters; `shown` are the rows on
 * screen, whose addresses must read differently however narrow the column.
 */
export function columnsForAlerts(alerts: readonly Alert[], shown: readonly Alert[], inner: number, today: Today): AlertColumns {
  let rule = 4;
  let ip = 9;
  for (const a of alerts) {
    if (a.rule.length > rule) rule = a.rule.length;
    if (a.ip.length > ip) ip = a.ip.length;
  }
  const time = stampWidth(
    alerts.map((a) => a.lastSeen),
    today,
  );
  const ipMin = minimumIpWidth(
    shown.map((a) => a.ip),
    15,
  );
  return alertColumnsFor(inner, { time, rule, ip, ipMin });
}

/** The alert table: only the visible slice is rendered, with "↑ N more" / "↓ N more". */
export const AlertList = memo(function AlertList(props: AlertListProps): React.JSX.Element {
  const { alerts, selectedIndex, rows, today } = props;
  const theme = useTheme();
  const startRef = useRef(0);
  const win = visibleWindow(alerts.length, selectedIndex, rows, startRef.current);
  startRef.current = win.start;
  const slice = alerts.slice(win.start, win.end);
  const c = columnsForAlerts(alerts, slice, props.width - 4, today);
  // addresses shortened so that no two rows on screen read the same
  const shortIps = fitIps(
    slice.map((a) => a.ip),
    c.ip,
  );
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
            blocked={props.blockedIps.has(a.ip)}
            ipText={shortIps.get(a.ip) ?? a.ip}
            today={today}
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
