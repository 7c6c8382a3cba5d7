import { memo, useMemo } from 'react';
import { Box, Text } from 'ink';
import type { FeedItem } from '../engine/snapshot/types.js';
import type { SourceStatus } from '../console/types.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafeTruncate } from '../engine/text/terminal-safe.js';
import { Panel } from './Panel.js';
import { cell, safeCell } from './format/text.js';
import { stamp, stampWidth, type Today } from './format/time.js';
import { fitIps } from './format/ip-fit.js';
import { EVENT_LABEL, isEcho } from './format/event-labels.js';
import { notReadingReason } from './format/empty-text.js';

export interface EventFeedProps {
  /** Events, oldest first (the engine's ring or the frozen copy while paused). */
  readonly feed: readonly FeedItem[];
  readonly paused: boolean;
  /** The sources, to say why no events come (missing file, permission denied). */
  readonly sources: readonly SourceStatus[];
  /** The local day and year (stamps show a date when it is not today). */
  readonly today: Today;
  readonly width: number;
  readonly height: number;
  /** Lines that fit. */
  readonly rows: number;
}

/** The words after the IP: count, user, method or port, and the host when several hosts log. */
export function feedDetail(item: FeedItem, showHost: boolean): string {
  const parts: string[] = [];
  if (item.count > 1) parts.push(`×${item.count}`);
  if (item.user !== null) parts.push(item.user);
  if (isEcho(item)) parts.push('same attempt');
  else if (item.method) parts.push(item.method);
  if (item.dport !== null) parts.push(`→ port ${item.dport}`);
  if (showHost && item.host !== null) parts.push(`@${item.host}`);
  return parts.join(' ');
}

/** The IP column: as wide as the longest address shown (IPv6 included), within reason. */
export function feedIpWidth(items: readonly FeedItem[], width: number): number {
  const longest = Math.max(0, ...items.map((i) => [...(i.ip ?? i.rhost ?? '-')].length));
  return Math.max(15, Math.min(longest, 39, width - 30));
}

interface FeedRowProps {
  readonly item: FeedItem;
  readonly width: number;
  /** The address as shown (shortened in the middle when it does not fit). */
  readonly ipText: string;
  readonly ipWidth: number;
  readonly timeWidth: number;
  readonly today: Today;
  readonly showHost: boolean;
}

/**
 * Rows are equal when they show the same event (`seq`) the same way: the engine rebuilds the feed's
 * items on every snapshot, but an event never changes, so a row is formatted once, when it appears.
 */
function sameRow(a: FeedRowProps, b: FeedRowProps): boolean {
  return (
    a.item.seq === b.item.seq &&
    a.width === b.width &&
    a.ipText === b.ipText &&
    a.ipWidth === b.ipWidth &&
    a.timeWidth === b.timeWidth &&
    a.today === b.today &&
    a.showHost === b.showHost
  );
}

const FeedRow = memo(function FeedRow(props: FeedRowProps): React.JSX.Element {
  const { item, width, ipText, ipWidth, timeWidth, today, showHost } = props;
  const theme = useTheme();
  const rest = Math.max(0, width - timeWidth - 1 - 8 - 1 - ipWidth - 1);
  const echo = isEcho(item);
  const row = (
    <>
      {safeCell(ipText, ipWidth)} {safeCell(feedDetail(item, showHost), rest)}
    </>
  );
  return (
    <Text wrap="truncate">
      <Text {...theme.muted}>{cell(stamp(item.time, today), timeWidth)}</Text>{' '}
      <Text {...(echo ? theme.muted : theme.eventType[item.type])}>{cell(EVENT_LABEL[item.type], 8)}</Text>{' '}
      {echo ? <Text {...theme.muted}>{row}</Text> : row}
    </Text>
  );
}, sameRow);

/** The newest events, newest at the bottom, each line coloured by event type. */
export const EventFeed = memo(function EventFeed({ feed, paused, sources, today, width, height, rows }: EventFeedProps): React.JSX.Element {
  const theme = useTheme();
  const visible = rows > 0 ? feed.slice(-rows) : [];
  const hosts = useMemo(() => {
    const set = new Set<string>();
    for (const f of feed) if (f.host !== null) set.add(f.host);
    return set;
  }, [feed]);
  const single = hosts.size === 1 ? [...hosts][0] : undefined;
  const badge = paused ? 'PAUSED (p resumes)' : single !== undefined ? `· ${terminalSafeTruncate(single, 24)}` : undefined;
  const timeWidth = stampWidth(
    visible.map((i) => i.time),
    today,
  );
  const ipWidth = feedIpWidth(visible, width - 4 - (timeWidth - 8));
  const shortIps = fitIps(
    visible.map((i) => i.ip ?? i.rhost ?? '-'),
    ipWidth,
  );
  const idle = paused ? 'Paused.' : (notReadingReason(sources) ?? 'Waiting for log lines…');
  return (
    <Panel title="Live events" badge={badge} width={width} height={height} clip={false}>
      <Box flexDirection="column" height={Math.max(1, rows)} overflow={visible.length === 0 ? 'hidden' : 'visible'}>
        {visible.length === 0 ? (
          <Text {...theme.muted} wrap="wrap">
            {idle}
          </Text>
        ) : null}
        {visible.map((item) => (
          <FeedRow
            key={item.seq}
            item={item}
            width={width - 4}
            ipText={shortIps.get(item.ip ?? item.rhost ?? '-') ?? item.ip ?? item.rhost ?? '-'}
            ipWidth={ipWidth}
            timeWidth={timeWidth}
            today={today}
            showHost={hosts.size > 1}
          />
        ))}
      </Box>
    </Panel>
  );
});
