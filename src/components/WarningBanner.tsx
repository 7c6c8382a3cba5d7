import { memo } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafeTruncate } from '../engine/text/terminal-safe.js';

export interface WarningBannerProps {
  readonly warnings: readonly string[];
  /** Lines available (from the layout). */
  readonly lines: number;
  readonly width: number;
}

/** Recoverable problems, one per line, the last line counting the ones that do not fit. */
export const WarningBanner = memo(function WarningBanner({ warnings, lines, width }: WarningBannerProps): React.JSX.Element | null {
  const theme = useTheme();
  if (lines <= 0 || warnings.length === 0) return null;
  const shown = warnings.slice(0, lines);
  const hidden = warnings.length - shown.length;
  return (
    <Box flexDirection="column" width={width} height={lines}>
      {shown.map((w, i) => {
        const more = i === shown.length - 1 && hidden > 0 ? ` (+${hidden} more)` : '';
        return (
          <Text key={i} wrap="truncate" {...theme.warning}>
            ⚠ {terminalSafeTruncate(w, Math.max(10, width - 3 - more.length))}
            {more}
          </Text>
        );
      })}
    </Box>
  );
});

/** Banner lines the layout should reserve for `count` warnings. */
export function bannerLinesFor(count: number): number {
  return Math.min(2, count);
}
