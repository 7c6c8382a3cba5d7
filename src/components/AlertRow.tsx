import { memo } from 'react';
import { Text } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import type { AlertColumns } from '../state/layout.js';
import { useTheme } from '../hooks/use-theme.js';
import { cell, safeCell } from './format/text.js';
import { hostText } from './format/alert-labels.js';
import { stamp, type Today } from './format/time.js';
import { intelMark, SEVERITY_SHORT, statusShown } from './format/alert-labels.js';

export interface AlertRowProps {
  readonly alert: Alert;
  readonly selected: boolean;
  /** The alert's IP is blocked right now. */
  readonly blocked: boolean;
  /** `marked` for a bulk action (`✓`), `unseen`: new since the analyst looked (`●`). */
  readonly flag: 'marked' | 'unseen' | null;
  /** The IP as the column shows it (shortened in the middle when it does not fit). */
  readonly ipText: string;
  readonly today: Today;
  readonly columns: AlertColumns;
}

/** The selection marker: visible with or without colours. */
export const SELECTED_MARK = '▶';
export const MARKED_MARK = '✓';
export const UNSEEN_MARK = '●';

/** One line of the alert table, columns aligned to the widths from the layout. */
export const AlertRow = memo(function AlertRow({ alert, selected, blocked, flag, ipText, today, columns: c }: AlertRowProps): React.JSX.Element {
  const theme = useTheme();
  const sel = selected ? theme.selected : {};
  const status = statusShown(alert, blocked);
  const severity = c.severity >= alert.severity.length ? alert.severity : SEVERITY_SHORT[alert.severity];
  return (
    <Text wrap="truncate">
      <Text {...theme.accent} bold>{selected ? SELECTED_MARK : ' '}</Text>
      {flag === 'marked' ? <Text {...theme.marked}>{MARKED_MARK}</Text> : flag === 'unseen' ? <Text {...theme.unseen}>{UNSEEN_MARK}</Text> : ' '}
      <Text {...sel}>
        {' '}
        <Text {...theme.muted} {...sel}>{cell(stamp(alert.lastSeen, today), c.time)}</Text>{' '}
        <Text {...theme.severity[alert.severity]} {...sel}>{cell(severity, c.severity)}</Text>{' '}
        {safeCell(alert.rule, c.rule)}{' '}
        {safeCell(ipText, c.ip)}{' '}
        {c.host > 0 ? safeCell(hostText(alert), c.host) + ' ' : ''}
        {cell(String(alert.count), c.count, 'right')}{' '}
        <Text {...theme.intel} {...sel}>{cell(intelMark(alert), c.intel)}</Text>{' '}
        <Text {...theme.status[status.status]} {...sel}>{cell(status.label, c.status)}</Text>
        {c.summary > 0 ? ' ' + safeCell(alert.summary, c.summary) : ''}
      </Text>
    </Text>
  );
});
