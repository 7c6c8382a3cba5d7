import { memo } from 'react';
import { Text } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import type { AlertColumns } from '../state/layout.js';
import { useTheme } from '../hooks/use-theme.js';
import { cell, safeCell } from './format/text.js';
import { clockTime } from './format/time.js';
import { intelMark, STATUS_LABEL } from './format/alert-labels.js';

export interface AlertRowProps {
  readonly alert: Alert;
  readonly selected: boolean;
  readonly columns: AlertColumns;
}

/** One line of the alert table, columns aligned to the widths from the layout. */
export const AlertRow = memo(function AlertRow({ alert, selected, columns: c }: AlertRowProps): React.JSX.Element {
  const theme = useTheme();
  const sel = selected ? theme.selected : {};
  return (
    <Text wrap="truncate">
      <Text {...theme.accent} bold>{selected ? '›' : ' '}</Text>
      <Text {...sel}>
        {' '}
        <Text {...theme.muted} {...sel}>{cell(clockTime(alert.lastSeen), c.time)}</Text>{' '}
        <Text {...theme.severity[alert.severity]} {...sel}>{cell(alert.severity, c.severity)}</Text>{' '}
        {safeCell(alert.rule, c.rule)}{' '}
        {safeCell(alert.ip, c.ip)}{' '}
        {cell(String(alert.count), c.count, 'right')}{' '}
        <Text {...theme.intel} {...sel}>{cell(intelMark(alert), c.intel)}</Text>{' '}
        <Text {...theme.status[alert.status]} {...sel}>{cell(STATUS_LABEL[alert.status], c.status)}</Text>
        {c.summary > 0 ? ' ' + safeCell(alert.summary, c.summary) : ''}
      </Text>
    </Text>
  );
});
