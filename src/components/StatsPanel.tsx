import type { ConsoleState } from '../console/types.js';
import { Panel } from './Panel.js';
import { Counters } from './Counters.js';
import { Chart } from './Chart.js';

export interface StatsPanelProps {
  readonly state: ConsoleState;
  readonly width: number;
  readonly height: number;
  /** Content lines available. */
  readonly lines: number;
  readonly sparkWidth: number;
}

/** Counters on top, charts below, sharing the panel's lines. */
export function StatsPanel({ state, width, height, lines, sparkWidth }: StatsPanelProps): React.JSX.Element {
  const { counters, timeline } = state.snapshot;
  const counterLines = Math.min(2, lines);
  return (
    <Panel title="Stats" badge="per minute, event time" width={width} height={height}>
      <Counters counters={counters} blocked={state.blocks.length} lines={counterLines} />
      <Chart
        timeline={timeline}
        alertsByRule={counters.alertsByRule}
        sparkWidth={sparkWidth}
        width={width - 4}
        lines={lines - counterLines}
      />
    </Panel>
  );
}
