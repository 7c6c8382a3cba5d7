import { memo } from 'react';
import { Text } from 'ink';
import type { ConsoleStore } from '../console/types.js';
import type { InputPurpose, ViewState } from '../state/view-reducer.js';
import { useConsoleSlice } from '../hooks/use-console-slice.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafe, terminalSafeTruncate } from '../engine/text/terminal-safe.js';

export interface MessageLineProps {
  readonly view: ViewState;
  /** The store, whose wall clock (`now`) ends a message after `MESSAGE_MS`. */
  readonly store: ConsoleStore;
  /** Alerts the list shows (what an export writes). */
  readonly shown: number;
  readonly width: number;
}

/** How long an action result stays on screen. */
export const MESSAGE_MS = 8000;

const PROMPT: Record<InputPurpose, { label: string; help: (shown: number) => string }> = {
  search: { label: 'Search: ', help: () => 'IP prefix, CIDR, user: host: rule: status: sev:, !not · filters as you type · Enter keeps · Esc clears' },
  command: { label: ':', help: () => 'alerts events blocks diag hosts · host NAME · sev · status · sort · export · q · Enter runs · Esc cancels' },
  export: { label: 'Export to: ', help: (n) => `${n} ${n === 1 ? 'alert' : 'alerts'} shown · .csv for CSV, else JSON · Enter writes · Esc cancels` },
  block: { label: 'Block: ', help: () => 'an address or a CIDR range · Enter checks it and asks · Esc cancels' },
  duration: { label: 'Block for: ', help: () => '90s, 10m, 12h, 3d, 2w or permanent · Enter sets it · Esc goes back to the dialog' },
  'log-search': { label: 'Search the log: ', help: () => 'IP, user, host, type · Enter finds the newest (n newer, N older) · Esc cancels' },
};

/** One line: the text box while one is open, else the latest action result, else the applied search. */
export const MessageLine = memo(function MessageLine({ view, store, shown, width }: MessageLineProps): React.JSX.Element {
  const theme = useTheme();
  // re-rendered by the clock only when the message's time runs out, not on every tick
  const message = view.message;
  const showMessage = useConsoleSlice(store, (s) => message !== null && s.now - message.at < MESSAGE_MS);
  if (view.modal.kind === 'input') {
    const prompt = PROMPT[view.modal.purpose];
    const draft = terminalSafe(view.modal.draft);
    const room = Math.max(4, width - prompt.label.length - 24);
    const text = [...draft].length > room ? '…' + [...draft].slice(-(room - 1)).join('') : draft;
    return (
      <Text wrap="truncate">
        <Text {...theme.key}>{prompt.label}</Text>
        <Text>{text}</Text>
        <Text inverse> </Text>
        <Text {...theme.muted}>  {prompt.help(shown)}</Text>
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
  if (view.search !== '' && view.view === 'alerts') {
    return (
      <Text wrap="truncate" {...theme.muted}>
        Filtered by search "{terminalSafeTruncate(view.search, 40)}" (Esc clears, / edits)
      </Text>
    );
  }
  return <Text> </Text>;
});
