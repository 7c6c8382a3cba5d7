import { memo } from 'react';
import { Text } from 'ink';
import type { ConsoleStore } from '../console/types.js';
import type { ViewState } from '../state/view-reducer.js';
import { useConsoleSlice } from '../hooks/use-console-slice.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafe, terminalSafeTruncate } from '../engine/text/terminal-safe.js';

export interface MessageLineProps {
  readonly view: ViewState;
  /** The store, whose wall clock (`now`) ends a message after `MESSAGE_MS`. */
  readonly store: ConsoleStore;
  readonly width: number;
}

/** How long an action result stays on screen. */
export const MESSAGE_MS = 8000;

/** One line: the search input while searching, else the latest action result, else the applied search. */
export const MessageLine = memo(function MessageLine({ view, store, width }: MessageLineProps): React.JSX.Element {
  const theme = useTheme();
  // re-rendered by the clock only when the message's time runs out, not on every tick
  const message = view.message;
  const showMessage = useConsoleSlice(store, (s) => message !== null && s.now - message.at < MESSAGE_MS);
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
  if (view.message && showMessage) {
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
});
