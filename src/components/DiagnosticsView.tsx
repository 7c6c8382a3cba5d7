import { Text } from 'ink';
import type { ConsoleDiagnostic, ConsoleState } from '../console/types.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { diagnosticRows } from '../state/tables.js';
import { compactNumber } from './format/event-labels.js';
import { Table, type TableColumn } from './Table.js';
import { stamp, type Today } from './format/time.js';

export interface DiagnosticsViewProps {
  readonly state: Pick<ConsoleState, 'diagnostics' | 'snapshot' | 'warnings'>;
  /** The runtime provides the diagnostics channel (else the engine's diagnostics and the warnings). */
  readonly fromRuntime: boolean;
  readonly selected: number;
  readonly today: Today;
  readonly width: number;
  readonly height: number;
}

/** What went wrong or was lost: failing sources, unparsed lines, store and intel problems. */
export function DiagnosticsView({ state, fromRuntime, selected, today, width, height }: DiagnosticsViewProps): React.JSX.Element {
  const theme = useTheme();
  const rows = diagnosticRows(state);
  const level = { error: theme.message.error, warning: theme.warning, info: theme.muted };
  const columns: TableColumn<ConsoleDiagnostic>[] = [
    { heading: 'LEVEL', width: 7, cell: (d) => ({ text: d.level, style: level[d.level] }) },
    { heading: 'KIND', width: 14, cell: (d) => ({ text: terminalSafe(d.kind) }) },
    { heading: 'COUNT', width: 6, align: 'right', cell: (d) => ({ text: compactNumber(d.count) }) },
    { heading: 'LAST', width: 12, cell: (d) => ({ text: d.lastAt > 0 ? stamp(d.lastAt, today) : '', style: theme.muted }) },
    { heading: 'WHERE', width: 24, cell: (d) => ({ text: terminalSafe(d.where ?? ''), style: theme.muted }) },
    { heading: 'MESSAGE', width: 0, flex: true, cell: (d) => ({ text: terminalSafe(d.message) }) },
  ];
  return (
    <Table
      title={`Diagnostics (${rows.length})`}
      badge={fromRuntime ? undefined : '· warnings only: no diagnostics channel'}
      columns={columns}
      rows={rows}
      rowKey={(d, i) => `${i}:${d.kind}:${d.message}`}
      selected={selected}
      empty={<Text>Nothing to report: every source reads and every line was understood.</Text>}
      width={width}
      height={height}
    />
  );
}
