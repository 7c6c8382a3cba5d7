import { memo, useMemo } from 'react';
import type { Counters, TimelineBucket } from '../engine/snapshot/types.js';
import { useTheme } from '../hooks/use-theme.js';
import { Panel } from './Panel.js';
import { EventCounts, SeverityCounts } from './Counters.js';
import { RuleBars, ruleLineCount, series, Spark, SPARK_LABEL_WIDTH } from './Chart.js';

export interface StatsPanelProps {
  readonly counters: Counters;
  /** Per-minute buckets of event time, oldest first. */
  readonly timeline: readonly TimelineBucket[];
  readonly width: number;
  readonly height: number;
  /** Content lines available. */
  readonly lines: number;
  readonly sparkWidth: number;
}

export interface StatsPlan {
  readonly severity: number;
  readonly events: number;
  /** Lines per sparkline: 2 (label above) on narrow panels, else 1; 0 when they do not fit. */
  readonly spark: number;
  readonly sparks: number;
  readonly rules: number;
}

/**
 * Which parts of the stats fit in `lines` lines of `inner` columns, by priority: alert counts, the
 * failed-logins and alerts sparklines, the rule bars, then event counts (up to 3 lines).
 */
export function planStats(lines: number, inner: number, ruleCount: number): StatsPlan {
  let left = Math.max(0, lines);
  const take = (n: number) => {
    const got = Math.min(n, left);
    left -= got;
    return got;
  };
  const severity = take(1);
  const narrow = inner - SPARK_LABEL_WIDTH < 20;
  let spark = narrow ? 2 : 1;
  if (narrow && left < 4) spark = 1;
  const sparks = Math.min(2, Math.floor(left / spark));
  left -= sparks * spark;
  const rules = take(Math.min(ruleCount, 3));
  const events = take(3);
  return { severity, events, spark: sparks > 0 ? spark : 0, sparks, rules };
}

/** Alert counts, events by type, failed logins and alerts per minute, and alerts by rule. */
export const StatsPanel = memo(function StatsPanel({ counters, timeline, width, height, lines, sparkWidth }: StatsPanelProps): React.JSX.Element {
  const theme = useTheme();
  const inner = width - 4;
  const plan = planStats(lines, inner, ruleLineCount(counters.alertsByRule));
  const { failures, alerts } = useMemo(() => series(timeline), [timeline]);
  const twoLines = plan.spark === 2;
  return (
    <Panel title="Stats" badge="· event time" width={width} height={height} clip={false}>
      {plan.severity > 0 ? <SeverityCounts counters={counters} width={inner} /> : null}
      <EventCounts counters={counters} width={inner} lines={plan.events} />
      {plan.sparks >= 1 ? (
        <Spark label="Failed logins" values={failures} style={theme.chart.failures} width={inner} maxWidth={sparkWidth} twoLines={twoLines} />
      ) : null}
      {plan.sparks >= 2 ? (
        <Spark label="Alerts" values={alerts} style={theme.chart.alerts} width={inner} maxWidth={sparkWidth} twoLines={twoLines} />
      ) : null}
      <RuleBars alertsByRule={counters.alertsByRule} width={inner} lines={plan.rules} />
    </Panel>
  );
});
