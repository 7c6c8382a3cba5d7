import { Box, Text } from 'ink';
import { helpEntries } from '../keys/keymap.js';
import { useTheme } from '../hooks/use-theme.js';
import { Panel } from './Panel.js';
import { cell } from './format/text.js';

export interface HelpOverlayProps {
  readonly width: number;
  readonly height: number;
}

/** Every key binding from the keymap, in as many columns as the height needs. Any key closes it. */
export function HelpOverlay({ width, height }: HelpOverlayProps): React.JSX.Element {
  const theme = useTheme();
  const entries = helpEntries();
  const rows = Math.max(1, height - 3);
  const columnCount = Math.max(1, Math.ceil(entries.length / rows));
  const columnWidth = Math.floor((width - 4) / columnCount);
  const keyWidth = Math.min(12, Math.max(...entries.map((e) => e.keys.length)) + 1);
  const columns = Array.from({ length: columnCount }, (_, i) => entries.slice(i * rows, (i + 1) * rows));
  return (
    <Panel title="Help" badge="any key closes" width={width} height={height}>
      <Box flexDirection="row" height={rows}>
        {columns.map((col, i) => (
          <Box key={i} flexDirection="column" width={columnWidth}>
            {col.map((e) => (
              <Text key={e.label} wrap="truncate">
                <Text {...theme.key}>{cell(e.keys, keyWidth)}</Text>
                {e.label}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
      <Text {...theme.muted} wrap="truncate">
        Severity colours: CRITICAL, HIGH, MEDIUM, LOW · TI column: KT known threat, ★ intel match
      </Text>
    </Panel>
  );
}
