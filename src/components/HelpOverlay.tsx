import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { Panel } from './Panel.js';
import { cell } from './format/text.js';
import { helpLayout, helpVisibleRows } from './help-layout.js';

export interface HelpOverlayProps {
  readonly width: number;
  readonly height: number;
  /** First line shown (clamped). @default 0 */
  readonly scroll?: number;
  /** The mouse is on (`--mouse`). @default false */
  readonly mouse?: boolean;
}

/**
 * Every key binding from the keymap and the words of the screen, by section, in as many columns as
 * the width allows. It scrolls (↑↓ j k, PgUp/PgDn) when it is taller than the screen, and says how
 * much more there is; any other key closes it.
 */
export function HelpOverlay({ width, height, scroll = 0, mouse = false }: HelpOverlayProps): React.JSX.Element {
  const theme = useTheme();
  const rows = helpVisibleRows(height);
  const layout = helpLayout(width - 4, rows, undefined, mouse);
  const start = Math.max(0, Math.min(scroll, layout.height - rows));
  const below = Math.max(0, layout.height - start - rows);
  return (
    <Panel title="Help" badge="· any other key closes" width={width} height={height}>
      <Box flexDirection="row" height={rows}>
        {layout.columns.map((col, i) => (
          <Box key={i} flexDirection="column" width={layout.columnWidth} paddingRight={1}>
            {col.slice(start, start + rows).map((l, j) =>
              l.kind === 'title' ? (
                <Text key={j} {...theme.title} wrap="truncate">
                  {l.text}
                </Text>
              ) : l.kind === 'blank' ? (
                <Text key={j}> </Text>
              ) : (
                <Text key={j} wrap="truncate">
                  <Text {...theme.key}>{cell(l.keys, l.keyWidth)}</Text>
                  {l.label}
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
      <Text {...theme.muted} wrap="truncate">
        {start > 0 ? `↑ ${start} more  ` : ''}
        {below > 0 ? `↓ ${below} more lines (↓ j PgDn)` : ''}
      </Text>
    </Panel>
  );
}
