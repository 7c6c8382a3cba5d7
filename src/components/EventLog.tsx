import { memo, useMemo } from 'react';
import { Box, Text } from 'ink';
import type { FeedItem } from '../engine/snapshot/types.js';
import type { SourceStatus } from '../console/types.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafeTruncate } from '../engine/text/terminal-safe.js';
import { filterText, logItems, logWindow, matchesLogSearch, type LogState } from '../state/event-log.js';
import { Panel } from './Panel.js';
import { cell, safeCell } from './format/text.js';
import { stamp, stampWidth, type Today } from './format/time.js';
import { EVENT_LABEL, isEcho } from './format/event-labels.js';
import { notReadingReason } from './format/empty-text.js';
import { fitIps } from './format/ip-fit.js';
import { feedDetail, feedIpWidth } from './EventFeed.js';

export interface EventLogProps {
  /** The events, oldest first: the paused copy, or the live buffer. */
  readonly events: readonly FeedItem[];
  /** Following the newest events (not paused). */
  readonly live: boolean;
  readonly log: LogState;
  /** Where the events come from: the runtime's event log, or the snapshot's short feed. */
  readonly bounded: 'log' | 'feed';
  readonly sources: readonly SourceStatus[];
  readonly today: Today;
  readonly width: number;
  readonly height: number;
}

/** Lines the log shows at once in a panel of `height`: border and the "more" line. */
export function eventLogRows(height: number): number {
  return Math.max(1, height - 3);
}

/**
 * The event log (view 2): the latest events, full height, newest at the bottom, lnav-style: it
 * follows new events until paused or scrolled back, then holds still; filtered to one IP or to the
 * users of an alert; the search's matches highlighted, the current one with the selection bar.
 */
export const EventLog = memo(function EventLog({ events, live, log, bounded, sources, today, width, height }: EventLogProps): React.JSX.Element {
  const theme = useTheme();
  const items = useMemo(() => logItems(events, log.filter), [events, log.filter]);
  const rows = eventLogRows(height);
  const win = logWindow(items.length, rows, log.offset);
  const visible = items.slice(win.start, win.end);
  const inner = width - 4;
  const timeWidth = stampWidth(
    visible.map((i) => i.time),
    today,
  );
  const ipWidth = feedIpWidth(visible, inner - (timeWidth - 8));
  const shortIps = fitIps(
    visible.map((i) => i.ip ?? i.rhost ?? '-'),
    ipWidth,
  );
  const rest = Math.max(0, inner - timeWidth - 1 - 8 - 1 - ipWidth - 1);
  const matches = log.search === '' ? 0 : items.reduce((n, i) => n + (matchesLogSearch(i, log.search) ? 1 : 0), 0);
  const badge = [
    live ? 'following' : 'PAUSED (G follows, p resumes)',
    log.filter ? filterText(log.filter) : null,
    log.search ? `search "${terminalSafeTruncate(log.search, 20)}" ${matches} ${matches === 1 ? 'match' : 'matches'}` : null,
    `last ${events.length}${bounded === 'feed' ? ' kept' : ''}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const empty = log.filter
    ? `No event of ${filterText(log.filter)} among the last ${events.length} events (Esc clears the filter).`
    : (notReadingReason(sources) ?? 'Waiting for log lines…');
  const older = win.start;
  const newer = items.length - win.end;
  return (
    <Panel title={`Events (${items.length})`} badge={`· ${badge}`} width={width} height={height} clip={false}>
      <Box flexDirection="column" height={rows} overflow="hidden">
        {visible.length === 0 ? (
          <Text {...theme.muted} wrap="wrap">
            {empty}
          </Text>
        ) : null}
        {visible.map((item) => {
          const current = log.match === item.seq;
          const hit = !current && log.search !== '' && matchesLogSearch(item, log.search);
          const echo = isEcho(item);
          const ip = item.ip ?? item.rhost ?? '-';
          const textStyle = current ? theme.selected : hit ? theme.match : echo ? theme.muted : {};
          return (
            <Text key={item.seq} wrap="truncate">
              <Text {...theme.muted}>{cell(stamp(item.time, today), timeWidth)}</Text>{' '}
              <Text {...(echo ? theme.muted : theme.eventType[item.type])}>{cell(EVENT_LABEL[item.type], 8)}</Text>{' '}
              <Text {...textStyle}>
                {safeCell(shortIps.get(ip) ?? ip, ipWidth)} {safeCell(feedDetail(item, true), rest)}
              </Text>
            </Text>
          );
        })}
      </Box>
      <Text {...theme.muted} wrap="truncate">
        {older > 0 ? `↑ ${older} older` : ''}
        {older > 0 && newer > 0 ? '   ' : ''}
        {newer > 0 ? `↓ ${newer} newer (G: the newest)` : ''}
      </Text>
    </Panel>
  );
});
