import { memo } from 'react';
import { Box, Text } from 'ink';
import type { ConsoleState, ConsoleStore, SourceState, SourceStatus } from '../console/types.js';
import { useConsoleSlice } from '../hooks/use-console-slice.js';
import { useTheme } from '../hooks/use-theme.js';
import type { ViewName } from '../state/view-reducer.js';
import { HEADER_LINES } from '../state/layout.js';
import { terminalSafe, terminalSafeTruncate } from '../engine/text/terminal-safe.js';
import { stamp, type Today } from './format/time.js';
import { Clock } from './Clock.js';

export interface HeaderProps {
  /** For the events/s and the clock, which it reads itself. */
  readonly store: ConsoleStore;
  /** The view on screen, named after the title. */
  readonly view: ViewName;
  /** Open alerts (new, acknowledged, unblocked: what the default status filter shows). */
  readonly open: number;
  /** Why the console may not change anything, or null. */
  readonly readOnly: string | null;
  /** Latest event time seen, or null. */
  readonly lastEventTime: number | null;
  readonly sources: readonly SourceStatus[];
  /** IPs blocked right now. */
  readonly blocked: number;
  /** The local day and year (the last event's stamp shows a date when it is not today). */
  readonly today: Today;
  readonly width: number;
}

const rateOf = (s: ConsoleState): number => s.eventsPerSecond;
const hostCountOf = (s: ConsoleState): number => s.hosts?.length ?? 0;

const VIEW_TITLE: Record<ViewName, string> = { alerts: 'alerts', events: 'events', blocks: 'blocks', diagnostics: 'diagnostics', hosts: 'hosts' };

const SOURCE_LABEL: Record<SourceState, string> = {
  tailing: 'tailing',
  waiting: 'waiting for file',
  denied: 'permission denied',
  error: 'error',
  done: 'done',
};

const SOURCE_ICON: Record<SourceState, string> = { tailing: '●', waiting: '◌', denied: '✖', error: '✖', done: '○' };

/** Source names fitted into `budget` columns: short names whole, long paths cut from the left. */
export function fitNames(names: readonly string[], budget: number): string[] {
  const safe = names.map((n) => terminalSafe(n));
  const widths = new Array<number>(safe.length).fill(0);
  let remaining = Math.max(0, budget);
  let left = safe.length;
  const order = safe.map((n, i) => i).sort((a, b) => (safe[a] ?? '').length - (safe[b] ?? '').length);
  for (const i of order) {
    const share = Math.floor(remaining / left);
    const give = Math.max(6, Math.min((safe[i] ?? '').length, share));
    widths[i] = give;
    remaining -= give;
    left--;
  }
  return safe.map((n, i) => {
    const w = widths[i] ?? 6;
    return n.length <= w ? n : '…' + n.slice(n.length - (w - 1));
  });
}

/** The state word for a source (`tailing`, `waiting for file`, `opening`, `permission denied`). */
export function sourceLabel(s: SourceStatus): string {
  if (s.state === 'waiting' && s.detail === 'opening') return 'opening';
  return SOURCE_LABEL[s.state];
}

/** Extra words after the state, only when they add something (the error text). */
function sourceDetail(s: SourceStatus): string {
  if (!s.detail || s.state === 'tailing' || s.state === 'denied') return '';
  const label = sourceLabel(s);
  if (s.detail === label || s.detail === 'opening' || label.includes(s.detail)) return '';
  return ` (${terminalSafeTruncate(s.detail, 24)})`;
}

/** Two lines: title and view, rate, open alerts, blocks, uptime and clock; then every source with its state. */
export const Header = memo(function Header({ store, view, open, readOnly, lastEventTime, sources, blocked, today, width }: HeaderProps): React.JSX.Element {
  const theme = useTheme();
  const eventsPerSecond = useConsoleSlice(store, rateOf);
  const hostCount = useConsoleSlice(store, hostCountOf);
  const rate = eventsPerSecond >= 10 ? eventsPerSecond.toFixed(0) : eventsPerSecond.toFixed(1);
  const details = sources.map(sourceDetail);
  const last = lastEventTime;
  const sourcesWidth = sources.reduce(
    (sum, s, i) => sum + sourceLabel(s).length + 3 + (details[i] ?? '').length + (i > 0 ? 3 : 0),
    8,
  );
  const full = sources.reduce((sum, s) => sum + terminalSafe(s.name).length, 0);
  // the time of the last event goes first when the sources need the room
  const lastFull = last === null ? ' · no events yet' : ` · last event ${stamp(last, today)}`;
  const lastText = sourcesWidth + full + lastFull.length <= width ? lastFull : '';
  const fixed = sourcesWidth + lastText.length;
  const names = fitNames(
    sources.map((s) => s.name),
    width - fixed,
  );
  return (
    <Box flexDirection="column" width={width} height={HEADER_LINES}>
      <Box width={width}>
        <Text wrap="truncate">
          <Text {...theme.title}>threatwatch</Text>
          <Text {...theme.muted}> ▸ </Text>
          <Text {...theme.accent} bold>
            {VIEW_TITLE[view]}
          </Text>
          {readOnly !== null ? <Text {...theme.warning}> READ-ONLY</Text> : null}
          <Text {...theme.muted}> │ </Text>
          <Text>{rate} ev/s</Text>
          <Text {...theme.muted}> │ </Text>
          <Text {...(open > 0 ? theme.warning : {})}>{open} open {open === 1 ? 'alert' : 'alerts'}</Text>
          <Text {...theme.muted}> │ </Text>
          <Text {...(blocked > 0 ? theme.status.blocked : {})}>{blocked} blocked</Text>
          {hostCount > 1 ? (
            <>
              <Text {...theme.muted}> │ </Text>
              <Text>{hostCount} hosts</Text>
            </>
          ) : null}
          <Clock store={store} />
        </Text>
      </Box>
      <Box width={width}>
        <Text wrap="truncate">
          <Text {...theme.muted}>sources </Text>
          {sources.length === 0 ? <Text {...theme.muted}>none</Text> : null}
          {sources.map((s, i) => {
            const name = names[i] ?? '';
            const detail = details[i] ?? '';
            return (
              <Text key={`${i}:${s.name}`}>
                {i > 0 ? <Text {...theme.muted}> · </Text> : null}
                <Text {...theme.source[s.state]}>{SOURCE_ICON[s.state]} </Text>
                <Text>{name} </Text>
                <Text {...theme.source[s.state]}>{sourceLabel(s)}</Text>
                <Text {...theme.muted}>{detail}</Text>
              </Text>
            );
          })}
          <Text {...theme.muted}>{lastText}</Text>
        </Text>
      </Box>
    </Box>
  );
});
