import { Text } from 'ink';
import type { Counters, TimelineBucket } from '../engine/snapshot/types.js';
import { useTheme } from '../hooks/use-theme.js';
import type { TextStyle } from '../theme/theme.js';
import { bar, percent, sparkline } from './format/sparkline.js';
import { cell, safeCell } from './format/text.js';
import { compactNumber } from './format/event-labels.js';

export interface SparkProps {
  /** `Failed logins` / `Alerts`. */
  readonly label: string;
  readonly values: readonly number[];
  readonly style: TextStyle;
  /** Inner width of the panel. */
  readonly width: number;
  /** Most characters for the sparkline (one per minute, newest at the right). */
  readonly maxWidth: number;
  /** Label on its own line above the sparkline (narrow panels). */
  readonly twoLines: boolean;
}

/** Columns the one-line form gives its label (`Failed logins/min `). */
export const SPARK_LABEL_WIDTH = 19;

const PEAK_WIDTH = 9;

/** A per-minute sparkline with its label and the peak of the minutes shown. */
export function Spark({ label, values, style, width, maxWidth, twoLines }: SparkProps): React.JSX.Element {
  const theme = useTheme();
  const peakOf = (w: number) => `max ${compactNumber(Math.max(0, ...values.slice(-w)))}`;
  // a fixed room for the peak (`max 99.9k`) so that the sparklines of a panel line up
  const room = twoLines ? width - PEAK_WIDTH - 1 : width - SPARK_LABEL_WIDTH - PEAK_WIDTH - 1;
  const w = Math.max(1, Math.min(maxWidth, room, values.length || 1));
  const peak = peakOf(w);
  if (values.length === 0) {
    return (
      <Text wrap="truncate">
        <Text {...theme.label}>{twoLines ? `${label}/min ` : cell(`${label}/min`, SPARK_LABEL_WIDTH)}</Text>
        <Text {...theme.muted}>none yet</Text>
      </Text>
    );
  }
  if (twoLines) {
    return (
      <>
        <Text wrap="truncate" {...theme.label}>
          {`${label} per minute`}
        </Text>
        <Text wrap="truncate">
          <Text {...style}>{sparkline(values, w)}</Text>
          <Text {...theme.muted}> {peak}</Text>
        </Text>
      </>
    );
  }
  return (
    <Text wrap="truncate">
      <Text {...theme.label}>{cell(`${label}/min`, SPARK_LABEL_WIDTH)}</Text>
      <Text {...style}>{sparkline(values, w)}</Text>
      <Text {...theme.muted}> {peak}</Text>
    </Text>
  );
}

/** The alerts by rule as bars, the largest first; the last line counts rules that do not fit. */
export function RuleBars(props: { readonly alertsByRule: Counters['alertsByRule']; readonly width: number; readonly lines: number }): React.JSX.Element | null {
  const theme = useTheme();
  const { alertsByRule, width, lines } = props;
  if (lines <= 0) return null;
  const rules = Object.entries(alertsByRule)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = rules.reduce((sum, [, n]) => sum + n, 0);
  const shown = rules.length > lines ? rules.slice(0, Math.max(0, lines - 1)) : rules;
  const hidden = rules.length - shown.length;
  const longest = Math.max(4, ...shown.map(([rule]) => [...rule].length));
  const nameWidth = Math.max(4, Math.min(longest, 20, width - 12));
  const barWidth = Math.max(3, width - nameWidth - 6);
  return (
    <>
      {shown.map(([rule, n]) => (
        <Text key={rule} wrap="truncate">
          {safeCell(rule, nameWidth)} <Text {...theme.chart.bar}>{bar(n / total, barWidth)}</Text>{' '}
          {cell(percent(n / total), 4, 'right')}
        </Text>
      ))}
      {hidden > 0 ? <Text {...theme.muted}>+{hidden} more rules</Text> : null}
    </>
  );
}

/** How many lines the rule bars want. */
export function ruleLineCount(alertsByRule: Counters['alertsByRule']): number {
  return Object.values(alertsByRule).filter((n) => n > 0).length;
}

/** The per-minute series of a timeline. */
export function series(timeline: readonly TimelineBucket[]): { failures: number[]; alerts: number[] } {
  return { failures: timeline.map((b) => b.failures), alerts: timeline.map((b) => b.alerts) };
}
