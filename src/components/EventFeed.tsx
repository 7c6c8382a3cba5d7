import { memo } from 'react';
import { Box, Text } from 'ink';
import type { EventType } from '../engine/model/event.js';
import type { FeedItem } from '../engine/snapshot/types.js';
import { useTheme } from '../hooks/use-theme.js';
import { Panel } from './Panel.js';
import { cell, safeCell } from './format/text.js';
import { clockTime } from './format/time.js';

export interface EventFeedProps {
  /** Events, oldest first (the engine's ring or the frozen copy while paused). */
  readonly feed: readonly FeedItem[];
  readonly paused: boolean;
  readonly width: number;
  readonly height: number;
  /** Lines that fit. */
  readonly rows: number;
}

const TYPE_LABEL: Record<EventType, string> = {
  auth_failure: 'FAIL',
  auth_success: 'LOGIN',
  invalid_user: 'INVALID',
  not_allowed: 'DENIED',
  preauth_disconnect: 'DISCONN',
  protocol_error: 'PROTO',
  firewall_block: 'FW-BLOCK',
  flow: 'FLOW',
};

function detailOf(item: FeedItem): string {
  const parts: string[] = [];
  if (item.user !== null) parts.push(item.user);
  if (item.count > 1) parts.push(`×${item.count}`);
  if (item.dport !== null) parts.push(`→ port ${item.dport}`);
  if (item.method) parts.push(item.method);
  if (item.host !== null) parts.push(`@${item.host}`);
  return parts.join(' ');
}

const FeedRow = memo(function FeedRow({ item, width }: { item: FeedItem; width: number }): React.JSX.Element {
  const theme = useTheme();
  const ipWidth = width >= 60 ? 22 : 15;
  const rest = Math.max(0, width - 8 - 1 - 8 - 1 - ipWidth - 1);
  return (
    <Text wrap="truncate">
      <Text {...theme.muted}>{clockTime(item.time)}</Text>{' '}
      <Text {...theme.eventType[item.type]}>{cell(TYPE_LABEL[item.type], 8)}</Text>{' '}
      {safeCell(item.ip ?? item.rhost ?? '-', ipWidth)}{' '}
      {safeCell(detailOf(item), rest)}
    </Text>
  );
});

/** The newest events, newest at the bottom, each line coloured by event type. */
export function EventFeed({ feed, paused, width, height, rows }: EventFeedProps): React.JSX.Element {
  const theme = useTheme();
  const visible = rows > 0 ? feed.slice(-rows) : [];
  return (
    <Panel title="Live events" badge={paused ? 'PAUSED (p resumes)' : undefined} width={width} height={height}>
      <Box flexDirection="column">
        {visible.length === 0 ? <Text {...theme.muted}>{paused ? 'Paused.' : 'Waiting for events…'}</Text> : null}
        {visible.map((item) => (
          <FeedRow key={item.seq} item={item} width={width - 4} />
        ))}
      </Box>
    </Panel>
  );
}
