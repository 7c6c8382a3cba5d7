import { Box, Text } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import type { BlockRecord } from '../console/types.js';
import { useTheme } from '../hooks/use-theme.js';
import type { Theme, TextStyle } from '../theme/theme.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { Panel } from './Panel.js';
import { buildDetailLines, detailVisibleRows, LABEL_WIDTH, type DetailLine, type IpContextSource } from './detail-lines.js';
import { cell } from './format/text.js';
import { statusShown } from './format/alert-labels.js';

export interface AlertDetailProps {
  /** The alert, or null when the engine no longer retains it. */
  readonly alert: Alert | null;
  readonly block: BlockRecord | undefined;
  /** Where the IP's other alerts and blocks come from (the "This IP" lines). @default none */
  readonly context?: IpContextSource;
  /** First line shown (clamped). */
  readonly scroll: number;
  readonly width: number;
  readonly height: number;
}

function toneStyle(theme: Theme, alert: Alert, blocked: boolean, line: DetailLine): TextStyle {
  switch (line.tone) {
    case 'muted':
      return theme.muted;
    case 'intel':
      return theme.intel;
    case 'blocked':
      return theme.status.blocked;
    case 'severity':
      return theme.severity[alert.severity];
    case 'status':
      return theme.status[statusShown(alert, blocked).status];
    default:
      return {};
  }
}

/** Everything about one alert: severity, status, block, summary, users, hosts, intel, history, evidence. */
export function AlertDetail({ alert, block, context, scroll, width, height }: AlertDetailProps): React.JSX.Element {
  const theme = useTheme();
  if (alert === null) {
    return (
      <Panel title="Alert" width={width} height={height}>
        <Text {...theme.muted}>This alert is no longer retained. Press Esc to go back.</Text>
      </Panel>
    );
  }
  const lines = buildDetailLines(alert, block, width - 4, context);
  const rows = detailVisibleRows(height);
  const start = Math.max(0, Math.min(scroll, Math.max(0, lines.length - rows)));
  const visible = lines.slice(start, start + rows);
  const below = lines.length - start - visible.length;
  return (
    <Panel title={`${terminalSafe(alert.rule)} ${alert.ip === null ? `on ${alert.subject.kind} ${terminalSafe(alert.subject.value)}` : `from ${terminalSafe(alert.ip)}`}`} badge="· Esc back to the list" width={width} height={height}>
      <Box flexDirection="column" height={rows}>
        {visible.map((l) =>
          l.full ? (
            <Text key={l.key} wrap="truncate">
              <Text {...theme.muted}>{l.prefix ?? ''}</Text>
              <Text>{l.text}</Text>
            </Text>
          ) : (
            <Text key={l.key} wrap="truncate">
              <Text {...theme.label}>{cell(l.label, LABEL_WIDTH)}</Text>
              <Text {...toneStyle(theme, alert, block !== undefined, l)}>{l.text}</Text>
            </Text>
          ),
        )}
      </Box>
      <Text {...theme.muted} wrap="truncate">
        {start > 0 ? `↑ ${start} more  ` : ''}
        {below > 0 ? `↓ ${below} more (↓/j, PgDn)` : ''}
      </Text>
    </Panel>
  );
}
