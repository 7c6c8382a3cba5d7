import { Text } from 'ink';
import type { Counters, TimelineBucket } from '../engine/snapshot/types.js';
import { useTheme } from '../hooks/use-theme.js';
import { bar, percent, sparkline } from './format/sparkline.js';
import { cell, safeCell } from './format/text.js';

export interface ChartProps {
  readonly timeline: readonly TimelineBucket[];
  readonly alertsByRule: Counters['alertsByRule'];
  /** Characters for each sparkline (one per minute, newest at the right). */
  readonly sparkWidth: number;
  /** Inner width of the panel. */
  readonly width: number;
  /** Lines available: two sparklines, then one bar per rule. */
  readonly lines: number;
}

/** Failed attempts and alerts per minute as sparklines, then the alert distribution by rule. */
export function Chart({ timeline, alertsByRule, sparkWidth, width, lines }: ChartProps): React.JSX.Element | null {
  const theme = useTheme();
  if (lines <= 0) return null;
  const w = Math.max(1, Math.min(sparkWidth, width - 12));
  const failures = timeline.map((b) => b.failures);
  const alerts = timeline.map((b) => b.alerts);
  const peak = (v: number[]): string => ` ↑${Math.max(0, ...v.slice(-w))}`;
  const rules = Object.entries(alertsByRule)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = rules.reduce((sum, [, n]) => sum + n, 0);
  const ruleLines = Math.max(0, lines - 2);
  const shown = rules.length > ruleLines ? rules.slice(0, Math.max(0, ruleLines - 1)) : rules;
  const hidden = rules.length - shown.length;
  const nameWidth = Math.min(16, Math.max(8, Math.floor(width * 0.4)));
  const barWidth = Math.max(3, width - nameWidth - 6);
  return (
    <>
      <Text wrap="truncate">
        <Text {...theme.muted}>fails/m </Text>
        <Text {...theme.chart.failures}>{sparkline(failures, w)}</Text>
        <Text {...theme.muted}>{peak(failures)}</Text>
      </Text>
      {lines >= 2 ? (
        <Text wrap="truncate">
          <Text {...theme.muted}>alert/m </Text>
          <Text {...theme.chart.alerts}>{sparkline(alerts, w)}</Text>
          <Text {...theme.muted}>{peak(alerts)}</Text>
        </Text>
      ) : null}
      {shown.map(([rule, n]) => (
        <Text key={rule} wrap="truncate">
          {safeCell(rule, nameWidth)} <Text {...theme.chart.bar}>{bar(n / total, barWidth)}</Text>{' '}
          {cell(percent(n / total), 4, 'right')}
        </Text>
      ))}
      {hidden > 0 && ruleLines > 0 ? <Text {...theme.muted}>+{hidden} more rules</Text> : null}
    </>
  );
}
