import { Text } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import type { BlockRecord, ConsoleStore } from '../console/types.js';
import { useConsoleSlice } from '../hooks/use-console-slice.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { blockRows } from '../state/tables.js';
import { Table, type TableColumn } from './Table.js';
import { shortDuration, stamp, type Today } from './format/time.js';

export interface BlocksViewProps {
  readonly blocks: readonly BlockRecord[];
  /** The runtime's alerts, to name the alert a block came from. */
  readonly alerts: readonly Alert[];
  readonly selected: number;
  /** For the clock (time left until a block expires), to the minute. */
  readonly store: ConsoleStore;
  readonly today: Today;
  readonly width: number;
  readonly height: number;
}

const minuteOf = (s: { now: number }) => Math.floor(s.now / 60_000) * 60_000;

/** Every IP blocked right now: since when, until when, by which backend, from which alert. */
export function BlocksView({ blocks, alerts, selected, store, today, width, height }: BlocksViewProps): React.JSX.Element {
  const theme = useTheme();
  const now = useConsoleSlice(store, minuteOf);
  const byId = new Map(alerts.map((a) => [a.id, a]));
  const columns: TableColumn<BlockRecord>[] = [
    { heading: 'IP', width: 39, cell: (b) => ({ text: terminalSafe(b.ip), style: theme.status.blocked }) },
    { heading: 'SINCE', width: 16, cell: (b) => ({ text: stamp(b.at, today), style: theme.muted }) },
    {
      heading: 'EXPIRES',
      width: 10,
      cell: (b) => ({ text: b.until === null ? 'never' : `in ${shortDuration(Math.max(0, Date.parse(b.until) - now))}` }),
    },
    { heading: 'BACKEND', width: 12, cell: (b) => ({ text: `${terminalSafe(b.backend)}${b.simulated ? '*' : ''}` }) },
    {
      heading: 'ALERT',
      width: 0,
      flex: true,
      cell: (b) => {
        const a = b.alertId ? byId.get(b.alertId) : undefined;
        if (a) return { text: `${a.severity} ${terminalSafe(a.rule)}, ${a.count} attempts (Enter opens it)` };
        return { text: b.alertId ? 'no longer in memory' : 'blocked by hand', style: theme.muted };
      },
    },
  ];
  const simulated = blocks.some((b) => b.simulated);
  return (
    <Table
      title={`Blocks (${blocks.length})`}
      badge={simulated ? '· * simulated: nothing changed on this system' : undefined}
      columns={columns}
      rows={blockRows(blocks)}
      rowKey={(b) => b.ip}
      selected={selected}
      empty={<Text>No IP is blocked. b blocks the IP of the selected alert (1: the alerts).</Text>}
      width={width}
      height={height}
    />
  );
}
