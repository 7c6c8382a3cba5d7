import { useMemo } from 'react';
import { Box } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import type { ConsoleState } from '../console/types.js';
import type { FeedItem } from '../engine/snapshot/types.js';
import type { Layout } from '../state/layout.js';
import { AlertList } from './AlertList.js';
import { EventFeed } from './EventFeed.js';
import { StatsPanel } from './StatsPanel.js';
import { emptyAlertsText } from './format/empty-text.js';

export interface DashboardProps {
  readonly state: ConsoleState;
  readonly layout: Layout;
  readonly alerts: readonly Alert[];
  readonly selectedIndex: number;
  readonly alertBadge: string;
  /** Severity filters or a search are narrowing the list. */
  readonly filtered: boolean;
  readonly feed: readonly FeedItem[];
  readonly paused: boolean;
}

/** The main screen: the alert table on top, the live feed and the stats side by side below. */
export function Dashboard(props: DashboardProps): React.JSX.Element {
  const { state, layout, alerts, selectedIndex, alertBadge, feed, paused } = props;
  const blockedIps = useMemo(() => new Set(state.blocks.map((b) => b.ip)), [state.blocks]);
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.body.height}>
      <AlertList
        alerts={alerts}
        selectedIndex={selectedIndex}
        badge={alertBadge}
        emptyText={emptyAlertsText(state.snapshot.alerts.length, state.sources, props.filtered)}
        blockedIps={blockedIps}
        width={layout.alerts.width}
        height={layout.alerts.height}
        rows={layout.alerts.rows}
        columns={layout.alerts.columns}
      />
      {layout.feed.height > 2 ? (
        <Box flexDirection="row" height={layout.feed.height}>
          <EventFeed
            feed={feed}
            paused={paused}
            sources={state.sources}
            width={layout.feed.width}
            height={layout.feed.height}
            rows={layout.feed.rows}
          />
          <StatsPanel
            state={state}
            width={layout.stats.width}
            height={layout.stats.height}
            lines={layout.stats.lines}
            sparkWidth={layout.stats.chartWidth}
          />
        </Box>
      ) : null}
    </Box>
  );
}
