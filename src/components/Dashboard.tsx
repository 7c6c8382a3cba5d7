import { memo } from 'react';
import { Box } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import type { SourceStatus } from '../console/types.js';
import type { SortOrder } from '../state/alert-sort.js';
import type { EngineSnapshot, FeedItem } from '../engine/snapshot/types.js';
import type { Layout } from '../state/layout.js';
import { AlertList } from './AlertList.js';
import { EventFeed } from './EventFeed.js';
import { StatsPanel } from './StatsPanel.js';
import { emptyAlertsText } from './format/empty-text.js';
import type { Today } from './format/time.js';

export interface DashboardProps {
  readonly snapshot: EngineSnapshot;
  readonly sources: readonly SourceStatus[];
  /** IPs blocked right now. */
  readonly blockedIps: ReadonlySet<string>;
  readonly layout: Layout;
  readonly alerts: readonly Alert[];
  readonly selectedIndex: number;
  readonly alertBadge: string;
  /** Filters or a search are narrowing the list. */
  readonly filtered: boolean;
  readonly sort: SortOrder;
  /** Several hosts report: the alert list shows a HOST column. */
  readonly hostColumn?: boolean;
  /** Alerts marked for a bulk action. */
  readonly marked: ReadonlySet<string>;
  /** Alerts new since the analyst looked. */
  readonly unseen: ReadonlySet<string>;
  readonly feed: readonly FeedItem[];
  readonly paused: boolean;
  /** The local day and year (stamps show a date when it is not today). */
  readonly today: Today;
}

/**
 * The main screen: the alert table on top, the live feed and the stats side by side below. Each
 * panel is memoized on its own props, so a change to one (a key moving the selection) does not
 * redraw the others.
 */
export const Dashboard = memo(function Dashboard(props: DashboardProps): React.JSX.Element {
  const { snapshot, sources, blockedIps, layout, alerts, selectedIndex, alertBadge, feed, paused, today } = props;
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.body.height}>
      <AlertList
        alerts={alerts}
        selectedIndex={selectedIndex}
        badge={alertBadge}
        emptyText={emptyAlertsText(snapshot.alerts.length, sources, props.filtered)}
        blockedIps={blockedIps}
        sort={props.sort}
        hostColumn={props.hostColumn ?? false}
        marked={props.marked}
        unseen={props.unseen}
        today={today}
        width={layout.alerts.width}
        height={layout.alerts.height}
        rows={layout.alerts.rows}
      />
      {layout.feed.height > 2 ? (
        <Box flexDirection="row" height={layout.feed.height}>
          <EventFeed
            feed={feed}
            paused={paused}
            sources={sources}
            today={today}
            width={layout.feed.width}
            height={layout.feed.height}
            rows={layout.feed.rows}
          />
          <StatsPanel
            counters={snapshot.counters}
            timeline={snapshot.timeline}
            width={layout.stats.width}
            height={layout.stats.height}
            lines={layout.stats.lines}
            sparkWidth={layout.stats.chartWidth}
          />
        </Box>
      ) : null}
    </Box>
  );
});
