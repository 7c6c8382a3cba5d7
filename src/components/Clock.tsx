import { memo } from 'react';
import { Text } from 'ink';
import type { ConsoleState, ConsoleStore } from '../console/types.js';
import { useConsoleSlice } from '../hooks/use-console-slice.js';
import { useTheme } from '../hooks/use-theme.js';
import { clockMinutes, uptimeMinutes } from './format/time.js';

export interface ClockProps {
  /** The store whose `now` (1 Hz tick) and `startedAt` it reads. */
  readonly store: ConsoleStore;
}

/**
 * What the clock shows, always in the same form: uptime and local time to the minute (`1h 02m`,
 * `12:34`). Seconds are left to what changes by the second (ev/s, the time of the last event): a
 * clock that switched between `12:34:56` and `12:34` with the activity read as a glitch, and one
 * that ticked every second would cost a frame a second on an idle console.
 */
export function clockText(s: Pick<ConsoleState, 'now' | 'startedAt'>): string {
  return `${uptimeMinutes(s.now - s.startedAt)}\t${clockMinutes(s.now)}`;
}

/**
 * ` │ up 1h 02m │ 12:34`, for inside the header's line. The only part of the screen driven by the
 * clock, so it reads the store itself and re-renders only when its text changes: once a minute.
 */
export const Clock = memo(function Clock({ store }: ClockProps): React.JSX.Element {
  const theme = useTheme();
  const text = useConsoleSlice(store, clockText);
  const [up, time] = text.split('\t');
  return (
    <>
      <Text {...theme.muted}> │ up </Text>
      <Text>{up}</Text>
      <Text {...theme.muted}> │ </Text>
      <Text {...theme.accent}>{time}</Text>
    </>
  );
});
