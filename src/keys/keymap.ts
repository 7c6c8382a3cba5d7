/**
 * The one keymap table. The global dispatcher (hooks/use-keymap.ts), the modal handlers, the status
 * bar hints and the help overlay all read it, so what the screen says and what the keys do cannot
 * drift apart.
 */
import type { Key } from 'ink';
import { HELP_GROUP_TITLE, KEYMAP, type Command, type HelpGroup, type KeyBinding, type KeyContext, type KeySpec } from './bindings.js';

export { HELP_GROUP_TITLE, KEYMAP };
export type { Command, HelpGroup, KeyBinding, KeyContext, KeySpec };

const KEY_NAMES: Record<string, string> = {
  up: '↑',
  down: '↓',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  return: 'Enter',
  escape: 'Esc',
  space: 'Space',
  home: 'Home',
  end: 'End',
  backspace: 'Backspace',
  'ctrl+c': 'Ctrl-C',
  any: 'any key',
};

/** How a key is written on screen (`↑`, `Enter`, `Ctrl-C`, `j`). */
export function formatKey(spec: KeySpec): string {
  return KEY_NAMES[spec] ?? spec;
}

/** The keys of a binding as shown in hints and help (`↑/k`). */
export function formatKeys(keys: readonly KeySpec[]): string {
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
    case 'home':
      return key.home;
    case 'end':
      return key.end;
    case 'space':
      return !key.ctrl && !key.meta && input === ' ';
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

/**
 * The command that names `spec` among its keys in `context` (`up` in the event log: `log.up`), or
 * null; never an `any` binding (in a dialog, an arrow would otherwise mean "cancel").
 */
export function commandForKey(context: KeyContext, spec: KeySpec): Command | null {
  return bindingsFor(context).find((b) => b.keys.includes(spec))?.command ?? null;
}

export interface KeyHint {
  readonly keys: string;
  readonly hint: string;
}

/** `12345` → `1-5`: a run of consecutive digits in a hint. */
function digitRun(names: readonly string[]): string | null {
  if (names.length < 3 || !names.every((n, i) => /^\d$/.test(n) && (i === 0 || Number(n) === Number(names[i - 1]) + 1))) return null;
  return `${names[0]}-${names[names.length - 1]}`;
}

/** Status-bar hints for a context, one per hint text in table order (`↑↓ move`, `1-5 views`). */
export function hintsFor(context: KeyContext): KeyHint[] {
  const out: Array<{ keys: string; hint: string; first: string[] }> = [];
  for (const b of bindingsFor(context)) {
    const first = b.keys[0] ?? '';
    const same = out.find((h) => h.hint === b.hint);
    if (same) {
      same.first.push(first);
      const names = same.first.map(formatKey);
      same.keys = digitRun(names) ?? (names.every((n) => [...n].length === 1) ? names.join('') : names.join('/'));
    } else {
      out.push({ keys: formatKey(first), hint: b.hint, first: [first] });
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
