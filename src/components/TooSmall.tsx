import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

export interface TooSmallProps {
  readonly need: { readonly columns: number; readonly rows: number };
  readonly have: { readonly columns: number; readonly rows: number };
}

/** Shown instead of the console when the terminal is below the minimum size. */
export function TooSmall({ need, have }: TooSmallProps): React.JSX.Element {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text {...theme.warning} wrap="wrap">
        Terminal too small: need {need.columns}×{need.rows}, have {have.columns}×{have.rows}.
      </Text>
      <Text {...theme.muted} wrap="wrap">
        Enlarge the window, or press q to quit.
      </Text>
    </Box>
  );
}
