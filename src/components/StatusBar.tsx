import { Text } from 'ink';
import { hintsFor, type KeyContext } from '../keys/keymap.js';
import { useTheme } from '../hooks/use-theme.js';

export interface StatusBarProps {
  readonly context: KeyContext;
  readonly width: number;
}

/** The keys that work right now, from the keymap; `? help` is always kept when it applies. */
export function StatusBar({ context, width }: StatusBarProps): React.JSX.Element {
  const theme = useTheme();
  const hints = hintsFor(context);
  const help = hints.find((h) => h.hint === 'help');
  const reserve = help ? help.keys.length + help.hint.length + 3 : 0;
  const shown: typeof hints = [];
  let used = 0;
  for (const h of hints) {
    if (h === help) continue;
    const w = h.keys.length + 1 + h.hint.length + 2;
    if (used + w + reserve > width) break;
    shown.push(h);
    used += w;
  }
  if (help) shown.push(help);
  return (
    <Text wrap="truncate">
      {shown.map((h) => (
        <Text key={h.hint}>
          <Text {...theme.key}>{h.keys}</Text> <Text {...theme.muted}>{h.hint}</Text>
          {'  '}
        </Text>
      ))}
    </Text>
  );
}
