/**
 * The one keymap table. The global dispatcher (hooks/use-keymap.ts), the modal handlers, the status
 * bar hints and the help overlay all read it, so what the screen says and what the keys do cannot
 * drift apart.
 */
import type { Key } from 'ink';

/** Where the user is: the dashboard list, the alert detail, or one of the modals. */
export type KeyContext = 'list' | 'detail' | 'search' | 'confirm' | 'help';

export type Command =
  | 'selection.up'
  | 'selection.down'
  | 'selection.first'
  | 'selection.last'
  | 'detail.open'
  | 'detail.scrollUp'
  | 'detail.scrollDown'
  | 'view.back'
  | 'search.clearApplied'
  | 'ip.block'
  | 'ip.unblock'
  | 'alert.acknowledge'
  | 'alert.resolve'
  | 'alert.falsePositive'
  | 'filter.severity'
  | 'search.open'
  | 'sort.toggle'
  | 'feed.pause'
  | 'help.open'
  | 'app.quit'
  | 'search.apply'
  | 'search.clear'
  | 'search.erase'
  | 'search.type'
  | 'confirm.yes'
  | 'confirm.cancel'
  | 'help.close';

/**
 * A key: a named key (`up`, `down`, `return`, `escape`, `backspace`, `ctrl+c`), `any` (any key not
 * matched by an earlier binding of the same context), or a literal character (`j`, `G`, `1`).
 */
export type KeySpec = string;

export interface KeyBinding {
  readonly command: Command;
  readonly keys: readonly KeySpec[];
  /** Help overlay text. */
  readonly label: string;
  /** Short status-bar text. */
  readonly hint: string;
  readonly when: readonly KeyContext[];
}

const MOVE: readonly KeyContext[] = ['list'];
const ALERT_VIEWS: readonly KeyContext[] = ['list', 'detail'];

export const KEYMAP: readonly KeyBinding[] = [
  { command: 'selection.up', keys: ['up', 'k'], label: 'Select the previous alert', hint: 'move', when: MOVE },
  { command: 'selection.down', keys: ['down', 'j'], label: 'Select the next alert', hint: 'move', when: MOVE },
  { command: 'detail.scrollUp', keys: ['up', 'k'], label: 'Detail: scroll up', hint: 'scroll', when: ['detail'] },
  { command: 'detail.scrollDown', keys: ['down', 'j'], label: 'Detail: scroll down', hint: 'scroll', when: ['detail'] },
  { command: 'detail.open', keys: ['return'], label: 'Open the alert detail', hint: 'details', when: MOVE },
  { command: 'view.back', keys: ['escape'], label: 'Detail: back to the list', hint: 'back', when: ['detail'] },
  { command: 'ip.block', keys: ['b'], label: 'Block the IP (asks first)', hint: 'block', when: ALERT_VIEWS },
  { command: 'ip.unblock', keys: ['u'], label: 'Unblock the selected IP', hint: 'unblock', when: ALERT_VIEWS },
  { command: 'alert.acknowledge', keys: ['a'], label: 'Acknowledge the alert', hint: 'ack', when: ALERT_VIEWS },
  { command: 'alert.resolve', keys: ['r'], label: 'Resolve the alert', hint: 'resolve', when: ALERT_VIEWS },
  { command: 'alert.falsePositive', keys: ['f'], label: 'Mark as false positive', hint: 'false-pos', when: ALERT_VIEWS },
  { command: 'filter.severity', keys: ['1', '2', '3', '4'], label: 'Toggle LOW/MED/HIGH/CRIT', hint: 'severity', when: MOVE },
  { command: 'search.open', keys: ['/'], label: 'Search alerts by IP or text', hint: 'search', when: MOVE },
  { command: 'search.clearApplied', keys: ['escape'], label: 'Clear the applied search', hint: 'clear search', when: MOVE },
  { command: 'sort.toggle', keys: ['s'], label: 'Sort by newest / by severity', hint: 'sort', when: MOVE },
  { command: 'feed.pause', keys: ['p'], label: 'Pause/resume the event feed', hint: 'pause', when: ALERT_VIEWS },
  { command: 'selection.first', keys: ['g'], label: 'Select the first alert', hint: 'first', when: MOVE },
  { command: 'selection.last', keys: ['G'], label: 'Select the last alert', hint: 'last', when: MOVE },
  { command: 'help.open', keys: ['?'], label: 'Show this help', hint: 'help', when: ALERT_VIEWS },
  { command: 'app.quit', keys: ['q', 'ctrl+c'], label: 'Quit (flushes alerts)', hint: 'quit', when: ALERT_VIEWS },
  { command: 'search.apply', keys: ['return'], label: 'Search box: apply', hint: 'apply', when: ['search'] },
  { command: 'search.clear', keys: ['escape'], label: 'Search box: clear, close', hint: 'clear', when: ['search'] },
  { command: 'search.erase', keys: ['backspace'], label: 'Search box: erase', hint: 'erase', when: ['search'] },
  { command: 'search.type', keys: ['any'], label: 'Search box: type text', hint: 'type', when: ['search'] },
  { command: 'confirm.yes', keys: ['y'], label: 'Block dialog: confirm', hint: 'confirm', when: ['confirm'] },
  { command: 'confirm.cancel', keys: ['any'], label: 'Block dialog: cancel', hint: 'cancel', when: ['confirm'] },
  { command: 'help.close', keys: ['any'], label: 'Help: close', hint: 'close', when: ['help'] },
  { command: 'app.quit', keys: ['ctrl+c'], label: 'Quit (flushes alerts)', hint: 'quit', when: ['search', 'confirm', 'help'] },
];

const KEY_NAMES: Record<string, string> = {
  up: '↑',
  down: '↓',
  return: 'Enter',
  escape: 'Esc',
  backspace: 'Backspace',
  'ctrl+c': 'Ctrl-C',
  any: 'any key',
};

/** How a key is written on screen (`↑`, `Enter`, `Ctrl-C`, `j`). */
export function formatKey(spec: KeySpec): string {
  return KEY_NAMES[spec] ?? spec;
}

/** The keys of a binding as shown in hints and help (`↑/k`, `1-4`). */
export function formatKeys(keys: readonly KeySpec[]): string {
  if (keys.length === 4 && keys.join('') === '1234') return '1-4';
  return keys.map(formatKey).join('/');
}

function specMatches(spec: KeySpec, input: string, key: Key): boolean {
  switch (spec) {
    case 'up':
      return key.upArrow;
    case 'down':
      return key.downArrow;
    case 'return':
      return key.return;
    case 'escape':
      return key.escape;
    case 'backspace':
      return key.backspace || key.delete;
    case 'ctrl+c':
      return key.ctrl && input === 'c';
    case 'any':
      return true;
    default:
      return !key.ctrl && !key.meta && input === spec;
  }
}

/** The bindings active in `context`, in table order. */
export function bindingsFor(context: KeyContext): readonly KeyBinding[] {
  return KEYMAP.filter((b) => b.when.includes(context));
}

/** The command a key press means in `context`, or null. Named keys win over `any`. */
export function matchCommand(context: KeyContext, input: string, key: Key): Command | null {
  const bindings = bindingsFor(context);
  for (const b of bindings) {
    if (b.keys.some((k) => k !== 'any' && specMatches(k, input, key))) return b.command;
  }
  for (const b of bindings) if (b.keys.includes('any')) return b.command;
  return null;
}

/** Status-bar hints for a context, one per hint text in table order (`↑↓ move`, `1-4 severity`). */
export function hintsFor(context: KeyContext): Array<{ keys: string; hint: string }> {
  const out: Array<{ keys: string; hint: string; first: string[] }> = [];
  for (const b of bindingsFor(context)) {
    const first = b.keys[0] ?? '';
    const same = out.find((h) => h.hint === b.hint);
    if (same) {
      same.first.push(first);
      same.keys = same.first.map(formatKey).join('');
    } else {
      out.push({ keys: b.keys.length > 1 && b.keys.join('') === '1234' ? '1-4' : formatKey(first), hint: b.hint, first: [first] });
    }
  }
  return out.map(({ keys, hint }) => ({ keys, hint }));
}

export interface HelpEntry {
  readonly keys: string;
  readonly label: string;
}

/** Every binding once (same label merged, keys joined), in table order: the help overlay's rows. */
export function helpEntries(): HelpEntry[] {
  const out: Array<{ keys: KeySpec[]; label: string }> = [];
  for (const b of KEYMAP) {
    const same = out.find((e) => e.label === b.label);
    if (same) {
      for (const k of b.keys) if (!same.keys.includes(k)) same.keys.push(k);
    } else out.push({ keys: [...b.keys], label: b.label });
  }
  return out.map((e) => ({ keys: formatKeys(e.keys), label: e.label }));
}
