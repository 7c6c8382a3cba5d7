import { Box, Text } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import type { BlockRecord } from '../console/types.js';
import { useTheme } from '../hooks/use-theme.js';
import type { Theme, TextStyle } from '../theme/theme.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { Panel } from './Panel.js';
import { buildDetailLines, type DetailTone } from './detail-lines.js';
import { cell } from './format/text.js';

export interface AlertDetailProps {
  /** The alert, or null when the engine no longer retains it. */
  readonly alert: Alert | null;
  readonly block: BlockRecord | undefined;
  /** First line shown (clamped). */
  readonly scroll: number;
  readonly width: number;
  readonly height: number;
}

function toneStyle(theme: Theme, tone: DetailTone): TextStyle {
  switch (tone) {
    case 'heading':
      return theme.title;
    case 'muted':
      return theme.muted;
    case 'intel':
      return theme.intel;
    case 'blocked':
      return theme.message.error;
    default:
      return {};
  }
}

/** Everything about one alert: summary, timeline, users, hosts, intel, history, evidence. */
export function AlertDetail({ alert, block, scroll, width, height }: AlertDetailProps): React.JSX.Element {
  const theme = useTheme();
  if (alert === null) {
    return (
      <Panel title="Alert" width={width} height={height}>
        <Text {...theme.muted}>This alert is no longer retained. Press Esc to go back.</Text>
      </Panel>
    );
  }
  const inner = width - 4;
  const lines = buildDetailLines(alert, block, inner);
  const rows = Math.max(1, height - 4);
  const start = Math.max(0, Math.min(scroll, Math.max(0, lines.length - rows)));
  const visible = lines.slice(start, start + rows);
  const below = lines.length - start - visible.length;
  return (
    <Panel title={`Alert ${terminalSafe(alert.rule)} ${terminalSafe(alert.ip)}`} badge={alert.id} width={width} height={height}>
      <Text wrap="truncate">
        <Text {...theme.severity[alert.severity]}>{alert.severity}</Text>
        <Text> {terminalSafe(alert.rule)} from </Text>
        <Text bold>{terminalSafe(alert.ip)}</Text>
        <Text {...theme.muted}> · {alert.count} attempts</Text>
      </Text>
      <Box flexDirection="column" height={rows}>
        {visible.map((l) => (
          <Text key={l.key} wrap="truncate">
            <Text {...theme.muted}>{cell(l.label, 11)}</Text>
            <Text {...toneStyle(theme, l.tone)}>{l.text}</Text>
          </Text>
        ))}
      </Box>
      <Text {...theme.muted} wrap="truncate">
        {start > 0 ? `↑ ${start} more  ` : ''}
        {below > 0 ? `↓ ${below} more` : ''}
      </Text>
    </Panel>
  );
}
