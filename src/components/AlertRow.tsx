import { memo } from 'react';
import { Text } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import type { AlertColumns } from '../state/layout.js';
import { useTheme } from '../hooks/use-theme.js';
import { cell, safeCell } from './format/text.js';
import { clockTime } from './format/time.js';
import { intelMark, statusShown } from './format/alert-labels.js';

export interface AlertRowProps {
  readonly alert: Alert;
  readonly selected: boolean;
  /** The alert's IP is blocked right now. */
  readonly blocked: boolean;
  readonly columns: AlertColumns;
}

/** The selection marker: visible with or without colours. */
export const SELECTED_MARK = '▶';

/** One line of the alert table, columns aligned to the widths from the layout. */
export const AlertRow = memo(function AlertRow({ alert, selected, blocked, columns: c }: AlertRowProps): React.JSX.Element {
  const theme = useTheme();
  const sel = selected ? theme.selected : {};
  const status = statusShown(alert, blocked);
  return (
    <Text wrap="truncate">
      <Text {...theme.accent} bold>{selected ? SELECTED_MARK : ' '}</Text>
      <Text {...sel}>
        {' '}
        <Text {...theme.muted} {...sel}>{cell(clockTime(alert.lastSeen), c.time)}</Text>{' '}
        <Text {...theme.severity[alert.severity]} {...sel}>{cell(alert.severity, c.severity)}</Text>{' '}
        {safeCell(alert.rule, c.rule)}{' '}
        {safeCell(alert.ip, c.ip)}{' '}
        {cell(String(alert.count), c.count, 'right')}{' '}
        <Text {...theme.intel} {...sel}>{cell(intelMark(alert), c.intel)}</Text>{' '}
        <Text {...theme.status[status.status]} {...sel}>{cell(status.label, c.status)}</Text>
        {c.summary > 0 ? ' ' + safeCell(alert.summary, c.summary) : ''}
      </Text>
    </Text>
  );
});
