import { memo } from 'react';
import { Text } from 'ink';
import { hintsFor, type KeyContext, type KeyHint } from '../keys/keymap.js';
import { useTheme } from '../hooks/use-theme.js';

export interface StatusBarProps {
  readonly context: KeyContext;
  readonly width: number;
}

/** Hints always kept, at the right end, when the context has them. */
const KEPT = ['help', 'quit'];

const hintWidth = (h: KeyHint): number => [...h.keys].length + 1 + [...h.hint].length + 2;

/** The hints that fit in `width`, in keymap order, `? help` and `q quit` always kept. */
export function fitHints(context: KeyContext, width: number): KeyHint[] {
  const hints = hintsFor(context);
  const kept = hints.filter((h) => KEPT.includes(h.hint));
  let used = kept.reduce((sum, h) => sum + hintWidth(h), 0);
  const shown: KeyHint[] = [];
  for (const h of hints) {
    if (kept.includes(h)) continue;
    if (used + hintWidth(h) > width + 2) break;
    shown.push(h);
    used += hintWidth(h);
  }
  return [...shown, ...kept];
}

/** The keys that work right now, from the keymap. */
export const StatusBar = memo(function StatusBar({ context, width }: StatusBarProps): React.JSX.Element {
  const theme = useTheme();
  const shown = fitHints(context, width);
  return (
    <Text wrap="truncate">
      {shown.map((h, i) => (
        <Text key={h.hint}>
          {i > 0 ? '  ' : ''}
          <Text {...theme.key}>{h.keys}</Text> <Text {...theme.muted}>{h.hint}</Text>
        </Text>
      ))}
    </Text>
  );
});
