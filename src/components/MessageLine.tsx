import { Text } from 'ink';
import type { ViewState } from '../state/view-reducer.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafe, terminalSafeTruncate } from '../engine/text/terminal-safe.js';

export interface MessageLineProps {
  readonly view: ViewState;
  /** The store's wall clock, for message expiry. */
  readonly now: number;
  readonly width: number;
}

/** How long an action result stays on screen. */
export const MESSAGE_MS = 8000;

/** One line: the search input while searching, else the latest action result, else the applied search. */
export function MessageLine({ view, now, width }: MessageLineProps): React.JSX.Element {
  const theme = useTheme();
  if (view.modal.kind === 'search') {
    const draft = terminalSafe(view.modal.draft);
    const room = Math.max(4, width - 32);
    const shown = [...draft].length > room ? '…' + [...draft].slice(-(room - 1)).join('') : draft;
    return (
      <Text wrap="truncate">
        <Text {...theme.key}>Search: </Text>
        <Text>{shown}</Text>
        <Text inverse> </Text>
        <Text {...theme.muted}>  the list filters as you type · Enter keeps it · Esc clears</Text>
      </Text>
    );
  }
  if (view.quitting) return <Text {...theme.message.info}>Shutting down: flushing alerts…</Text>;
  if (view.message && now - view.message.at < MESSAGE_MS) {
    return (
      <Text wrap="truncate" {...theme.message[view.message.tone]}>
        {terminalSafeTruncate(view.message.text, width)}
      </Text>
    );
  }
  if (view.search !== '') {
    return (
      <Text wrap="truncate" {...theme.muted}>
        Filtered by search "{terminalSafeTruncate(view.search, 40)}" (Esc clears, / edits)
      </Text>
    );
  }
  return <Text> </Text>;
}
