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
  | 'selection.pageUp'
  | 'selection.pageDown'
  | 'selection.first'
  | 'selection.last'
  | 'detail.open'
  | 'detail.scrollUp'
  | 'detail.scrollDown'
  | 'detail.pageUp'
  | 'detail.pageDown'
  | 'detail.top'
  | 'detail.bottom'
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
  | 'help.scrollUp'
  | 'help.scrollDown'
  | 'help.pageUp'
  | 'help.pageDown'
  | 'help.close';

/**
 * A key: a named key (`up`, `down`, `pageup`, `pagedown`, `return`, `escape`, `backspace`,
 * `ctrl+c`), `any` (any key not matched by an earlier binding of the same context), or a literal
 * character (`j`, `G`, `1`).
 */
export type KeySpec = string;

/** The help overlay's sections, in display order. */
export type HelpGroup = 'list' | 'detail' | 'alert' | 'app' | 'search' | 'confirm';

export const HELP_GROUP_TITLE: Record<HelpGroup, string> = {
  list: 'Alert list',
  detail: 'Alert detail (Enter)',
  confirm: 'Block dialog (b)',
  alert: 'Act on the alert (list or detail)',
  app: 'Console',
  search: 'Search box (/)',
};

export interface KeyBinding {
  readonly command: Command;
  readonly keys: readonly KeySpec[];
  /** Help overlay text. Bindings of a group with the same label share one help row. */
  readonly label: string;
  /** Short status-bar text. */
  readonly hint: string;
  readonly when: readonly KeyContext[];
  /** Help overlay section. */
  readonly group: HelpGroup;
  /** How the help row writes the keys, when the generated form would read badly (`↑↓ j k`). */
  readonly helpKeys?: string;
}

const LIST: readonly KeyContext[] = ['list'];
const ALERT_VIEWS: readonly KeyContext[] = ['list', 'detail'];
const MODALS: readonly KeyContext[] = ['search', 'confirm', 'help'];

export const KEYMAP: readonly KeyBinding[] = [
  { command: 'selection.up', keys: ['up', 'k'], label: 'Move the selection', hint: 'move', when: LIST, group: 'list', helpKeys: '↑↓ k j' },
  { command: 'selection.down', keys: ['down', 'j'], label: 'Move the selection', hint: 'move', when: LIST, group: 'list' },
  { command: 'detail.open', keys: ['return'], label: 'Open the alert detail', hint: 'details', when: LIST, group: 'list' },
  { command: 'detail.scrollUp', keys: ['up', 'k'], label: 'Scroll', hint: 'scroll', when: ['detail'], group: 'detail', helpKeys: '↑↓ k j' },
  { command: 'detail.scrollDown', keys: ['down', 'j'], label: 'Scroll', hint: 'scroll', when: ['detail'], group: 'detail' },
  { command: 'view.back', keys: ['escape'], label: 'Back to the list', hint: 'back', when: ['detail'], group: 'detail' },
  { command: 'ip.block', keys: ['b'], label: 'Block the IP (asks first)', hint: 'block', when: ALERT_VIEWS, group: 'alert' },
  { command: 'alert.acknowledge', keys: ['a'], label: 'Acknowledge (seen it)', hint: 'ack', when: ALERT_VIEWS, group: 'alert' },
  { command: 'alert.resolve', keys: ['r'], label: 'Resolve (dealt with)', hint: 'resolve', when: ALERT_VIEWS, group: 'alert' },
  { command: 'search.open', keys: ['/'], label: 'Search (IP, user, text)', hint: 'search', when: LIST, group: 'list' },
  { command: 'alert.falsePositive', keys: ['f'], label: 'Mark as false positive', hint: 'false-pos', when: ALERT_VIEWS, group: 'alert' },
  { command: 'ip.unblock', keys: ['u'], label: 'Unblock the IP', hint: 'unblock', when: ALERT_VIEWS, group: 'alert' },
  { command: 'filter.severity', keys: ['1', '2', '3', '4'], label: 'Toggle LOW MED HIGH CRIT', hint: 'severity', when: LIST, group: 'list' },
  { command: 'search.clearApplied', keys: ['escape'], label: 'Clear the search', hint: 'clear search', when: LIST, group: 'list' },
  { command: 'sort.toggle', keys: ['s'], label: 'Sort: newest / severity', hint: 'sort', when: LIST, group: 'list' },
  { command: 'selection.pageUp', keys: ['pageup'], label: 'Page up/down, first/last', hint: 'page', when: LIST, group: 'list', helpKeys: 'PgUp/Dn g/G' },
  { command: 'selection.pageDown', keys: ['pagedown'], label: 'Page up/down, first/last', hint: 'page', when: LIST, group: 'list' },
  { command: 'selection.first', keys: ['g'], label: 'Page up/down, first/last', hint: 'first', when: LIST, group: 'list' },
  { command: 'selection.last', keys: ['G'], label: 'Page up/down, first/last', hint: 'last', when: LIST, group: 'list' },
  { command: 'detail.pageUp', keys: ['pageup'], label: 'Page up/down, top/bottom', hint: 'page', when: ['detail'], group: 'detail', helpKeys: 'PgUp/Dn g/G' },
  { command: 'detail.pageDown', keys: ['pagedown'], label: 'Page up/down, top/bottom', hint: 'page', when: ['detail'], group: 'detail' },
  { command: 'detail.top', keys: ['g'], label: 'Page up/down, top/bottom', hint: 'top', when: ['detail'], group: 'detail' },
  { command: 'detail.bottom', keys: ['G'], label: 'Page up/down, top/bottom', hint: 'bottom', when: ['detail'], group: 'detail' },
  { command: 'feed.pause', keys: ['p'], label: 'Pause/resume live events', hint: 'pause', when: ALERT_VIEWS, group: 'app' },
  { command: 'help.open', keys: ['?'], label: 'Help (↑↓ scroll, any other key closes)', hint: 'help', when: ALERT_VIEWS, group: 'app', helpKeys: '?' },
  { command: 'app.quit', keys: ['q', 'ctrl+c'], label: 'Quit (saves alerts first)', hint: 'quit', when: ALERT_VIEWS, group: 'app' },
  { command: 'search.apply', keys: ['return'], label: 'Keep the search', hint: 'keep', when: ['search'], group: 'search' },
  { command: 'search.clear', keys: ['escape'], label: 'Clear it and close', hint: 'clear', when: ['search'], group: 'search' },
  { command: 'search.erase', keys: ['backspace'], label: 'Erase a character', hint: 'erase', when: ['search'], group: 'search' },
  { command: 'search.type', keys: ['any'], label: 'Type to filter the list', hint: 'type', when: ['search'], group: 'search', helpKeys: 'text' },
  { command: 'confirm.yes', keys: ['y'], label: 'Block', hint: 'block', when: ['confirm'], group: 'confirm' },
  { command: 'confirm.cancel', keys: ['any'], label: 'Cancel', hint: 'cancel', when: ['confirm'], group: 'confirm', helpKeys: 'other' },
  { command: 'help.scrollUp', keys: ['up', 'k'], label: 'Help (↑↓ scroll, any other key closes)', hint: 'scroll', when: ['help'], group: 'app' },
  { command: 'help.scrollDown', keys: ['down', 'j'], label: 'Help (↑↓ scroll, any other key closes)', hint: 'scroll', when: ['help'], group: 'app' },
  { command: 'help.pageUp', keys: ['pageup'], label: 'Help (↑↓ scroll, any other key closes)', hint: 'page', when: ['help'], group: 'app' },
  { command: 'help.pageDown', keys: ['pagedown'], label: 'Help (↑↓ scroll, any other key closes)', hint: 'page', when: ['help'], group: 'app' },
  { command: 'help.close', keys: ['any'], label: 'Help (↑↓ scroll, any other key closes)', hint: 'close', when: ['help'], group: 'app' },
  { command: 'app.quit', keys: ['ctrl+c'], label: 'Quit (saves alerts first)', hint: 'quit', when: MODALS, group: 'app' },
];

const KEY_NAMES: Record<string, string> = {
  up: '↑',
  down: '↓',
  pageup: 'PgUp',
  pagedown: 'PgDn',
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
    case 'pageup':
      return key.pageUp;
    case 'pagedown':
      return key.pageDown;
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

export interface KeyHint {
  readonly keys: string;
  readonly hint: string;
}

/** Status-bar hints for a context, one per hint text in table order (`↑↓ move`, `1-4 severity`). */
export function hintsFor(context: KeyContext): KeyHint[] {
  const out: Array<{ keys: string; hint: string; first: string[] }> = [];
  for (const b of bindingsFor(context)) {
    const first = b.keys[0] ?? '';
    const same = out.find((h) => h.hint === b.hint);
    if (same) {
      same.first.push(first);
      const names = same.first.map(formatKey);
      same.keys = names.every((n) => [...n].length === 1) ? names.join('') : names.join('/');
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

export interface HelpSection {
  readonly title: string;
  readonly entries: readonly HelpEntry[];
}

/** The help overlay: one section per group, one row per label (keys merged), in table order. */
export function helpSections(): HelpSection[] {
  const order = Object.keys(HELP_GROUP_TITLE) as HelpGroup[];
  return order.map((group) => {
    const rows: Array<{ keys: KeySpec[]; label: string; helpKeys?: string }> = [];
    for (const b of KEYMAP) {
      if (b.group !== group) continue;
      const same = rows.find((e) => e.label === b.label);
      if (same) {
        for (const k of b.keys) if (!same.keys.includes(k)) same.keys.push(k);
      } else rows.push({ keys: [...b.keys], label: b.label, helpKeys: b.helpKeys });
    }
    return {
      title: HELP_GROUP_TITLE[group],
      entries: rows.map((e) => ({ keys: e.helpKeys ?? formatKeys(e.keys), label: e.label })),
    };
  });
}

/** Every help row, all sections flattened. */
export function helpEntries(): HelpEntry[] {
  return helpSections().flatMap((s) => s.entries);
}
