import { memo } from 'react';
import { Text } from 'ink';
import type { ConsoleState, ConsoleStore } from '../console/types.js';
import { useConsoleSlice } from '../hooks/use-console-slice.js';
import { useTheme } from '../hooks/use-theme.js';
import { clockMinutes, clockTime, uptime, uptimeMinutes } from './format/time.js';

export interface ClockProps {
  /** The store whose `now` (1 Hz tick), `startedAt` and events/s it reads. */
  readonly store: ConsoleStore;
  /** Wall-clock ms (the store's `now`) of the analyst's last key press. */
  readonly keyedAt: number;
}

/**
 * The clock shows seconds while events arrive (the header's events/s is above 0, i.e. events in the
 * last few seconds) and for this long after a key press; otherwise hours and minutes. Every change
 * of the screen costs ink a full frame (≈5–10 ms for 120×40), so a clock ticking every second was
 * most of what an idle console spent; to the minute, a quiet console draws once a minute.
 */
export const QUIET_AFTER_MS = 5000;

/** What the clock shows: `01:02:03` and `12:34:56` while active, `1h 02m` and `12:34` when quiet. */
export function clockText(s: Pick<ConsoleState, 'now' | 'startedAt' | 'eventsPerSecond'>, keyedAt: number): string {
  const active = s.eventsPerSecond > 0 || s.now - keyedAt < QUIET_AFTER_MS;
  const up = s.now - s.startedAt;
  return active ? `${uptime(up)}\t${clockTime(s.now)}` : `${uptimeMinutes(up)}\t${clockMinutes(s.now)}`;
}

/**
 * ` │ up 01:02:03 │ 12:34:56`, for inside the header's line. The only part of the screen that
 * changes every second, so it reads the store itself and re-renders only when its text changes: a
 * tick re-renders this, not the panels around it, and a quiet console not even this.
 */
export const Clock = memo(function Clock({ store, keyedAt }: ClockProps): React.JSX.Element {
  const theme = useTheme();
  // a string, so that the store's tick re-renders only when the text changes
  const text = useConsoleSlice(store, (s) => clockText(s, keyedAt));
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
