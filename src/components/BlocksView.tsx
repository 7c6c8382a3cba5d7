import { Text } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import type { BlockRecord, ConsoleStore } from '../console/types.js';
import { useConsoleSlice } from '../hooks/use-console-slice.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { blockViewRows } from '../state/tables.js';
import { Table, type TableColumn } from './Table.js';
import { shortDuration, stamp, stampWidth, type Today } from './format/time.js';

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

const nowOf = (s: { now: number }) => s.now;
const recordsOf = (s: { blockRecords?: readonly BlockRecord[] }) => s.blockRecords;

/**
 * Every block in force (with the runtime's records, also the failed ones with their error and the
 * expired ones): its state, since when, the time left (a countdown), the backend, the alert.
 */
export function BlocksView({ blocks, alerts, selected, store, today, width, height }: BlocksViewProps): React.JSX.Element {
  const theme = useTheme();
  const now = useConsoleSlice(store, nowOf);
  const records = useConsoleSlice(store, recordsOf);
  const rows = blockViewRows({ blocks, blockRecords: records });
  const active = rows.filter((b) => (b.state ?? 'active') === 'active').length;
  const byId = new Map(alerts.map((a) => [a.id, a]));
  const columns: TableColumn<BlockRecord>[] = [
    { heading: 'IP', width: 26, cell: (b) => ({ text: terminalSafe(b.ip), style: (b.state ?? 'active') === 'active' ? theme.status.blocked : theme.muted }) },
    {
      heading: 'STATE',
      width: 8,
      cell: (b) => {
        const st = b.state ?? 'active';
        return { text: st, style: st === 'failed' ? theme.message.error : st === 'active' ? theme.status.blocked : theme.muted };
      },
    },
    { heading: 'SINCE', width: stampWidth(rows.map((b) => b.at), today), cell: (b) => ({ text: stamp(b.at, today), style: theme.muted }) },
    {
      heading: 'LEFT',
      width: 10,
      cell: (b) => {
        const st = b.state ?? 'active';
        if (st !== 'active') return { text: '—', style: theme.muted };
        return { text: b.until === null ? 'permanent' : `in ${shortDuration(Math.max(0, Date.parse(b.until) - now))}` };
      },
    },
    { heading: 'BACKEND', width: 10, cell: (b) => ({ text: `${terminalSafe(b.backend)}${b.simulated ? '*' : ''}` }) },
    {
      heading: 'ALERT · ERROR',
      width: 0,
      flex: true,
      cell: (b) => {
        if (b.state === 'failed') return { text: terminalSafe(b.error ?? 'the backend failed'), style: theme.message.error };
        const a = b.alertId ? byId.get(b.alertId) : undefined;
        if (a) return { text: `${a.severity} ${terminalSafe(a.rule)}, ${a.count} attempts (Enter opens it)` };
        return { text: b.alertId ? 'no longer in memory' : 'blocked by hand', style: theme.muted };
      },
    },
  ];
  const simulated = blocks.some((b) => b.simulated);
  return (
    <Table
      title={records ? `Blocks (${active} active)` : `Blocks (${blocks.length})`}
      badge={simulated ? '· * simulated: nothing changed on this system' : undefined}
      columns={columns}
      rows={rows}
      rowKey={(b) => `${b.ip}@${b.at}@${b.state ?? 'active'}`}
      selected={selected}
      empty={<Text>No IP is blocked. b blocks the IP of the selected alert (1: the alerts), B any address or range.</Text>}
      width={width}
      height={height}
    />
  );
}
