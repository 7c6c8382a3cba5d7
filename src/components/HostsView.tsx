import { Text } from 'ink';
import type { HostStatus } from '../console/types.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { hostRows } from '../state/tables.js';
import { Table, type TableColumn } from './Table.js';
import { stamp, type Today } from './format/time.js';

export interface HostsViewProps {
  /** The hosts, or undefined when the runtime does not list them. */
  readonly hosts: readonly HostStatus[] | undefined;
  readonly selected: number;
  readonly today: Today;
  readonly width: number;
  readonly height: number;
}

/** Each host that sends events: its last event, its rate, its open alerts; a quiet one is marked. */
export function HostsView({ hosts, selected, today, width, height }: HostsViewProps): React.JSX.Element {
  const theme = useTheme();
  const columns: TableColumn<HostStatus>[] = [
    { heading: 'HOST', width: 24, cell: (h) => ({ text: terminalSafe(h.name) }) },
    { heading: 'LAST EVENT', width: 16, cell: (h) => ({ text: h.lastEventAt === null ? 'none yet' : stamp(h.lastEventAt, today), style: theme.muted }) },
    { heading: 'EV/S', width: 7, align: 'right', cell: (h) => ({ text: h.eventsPerSecond >= 10 ? h.eventsPerSecond.toFixed(0) : h.eventsPerSecond.toFixed(1) }) },
    { heading: 'OPEN', width: 5, align: 'right', cell: (h) => ({ text: String(h.openAlerts), style: h.openAlerts > 0 ? theme.warning : undefined }) },
    { heading: 'STATE', width: 0, flex: true, cell: (h) => (h.quiet ? { text: 'quiet: no events lately', style: theme.warning } : { text: 'reporting' }) },
  ];
  const rows = hostRows(hosts ?? []);
  return (
    <Table
      title={`Hosts (${rows.length})`}
      badge="· Enter: the host's alerts"
      columns={columns}
      rows={rows}
      rowKey={(h) => h.name}
      selected={selected}
      empty={<Text>{hosts ? 'No host has sent an event yet.' : 'Hosts are listed when several report to this console.'}</Text>}
      width={width}
      height={height}
    />
  );
}
