import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { cell } from './format/text.js';

export interface PanelProps {
  /** Shown in the top border. Must already be terminal-safe. */
  readonly title: string;
  /** Extra title text after the title (filters, PAUSED…), already terminal-safe. */
  readonly badge?: string;
  readonly width: number;
  readonly height: number;
  /**
   * Cut the content at the panel's edges. Clipping costs ink a slice of every line on every frame,
   * so panels whose content fits by construction (one truncated line per row, rows counted from the
   * layout) turn it off. @default true
   */
  readonly clip?: boolean;
  readonly children?: ReactNode;
}

/** A rounded box with its title in the top border; children get `width - 4` columns. */
export function Panel({ title, badge, width, height, clip = true, children }: PanelProps): React.JSX.Element {
  const theme = useTheme();
  const room = Math.max(0, width - 5);
  const head = cell(title, Math.min(room, [...title].length));
  const rest = badge ? cell(` ${badge}`, Math.max(0, Math.min(room - [...head].length, [...badge].length + 1))) : '';
  const fill = Math.max(0, width - 5 - [...head].length - [...rest].length);
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Text wrap="truncate">
        <Text {...theme.borderStyle}>╭─ </Text>
        <Text {...theme.title}>{head}</Text>
        <Text {...theme.accent}>{rest}</Text>
        <Text {...theme.borderStyle}>{' ' + '─'.repeat(fill)}╮</Text>
      </Text>
      <Box
        flexDirection="column"
        borderStyle="round"
        borderTop={false}
        borderColor={theme.border}
        paddingX={1}
        width={width}
        height={Math.max(1, height - 1)}
        overflow={clip ? 'hidden' : 'visible'}
      >
        {children}
      </Box>
    </Box>
  );
}
