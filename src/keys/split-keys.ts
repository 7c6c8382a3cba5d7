/**
 * Ink hands a whole chunk of stdin to `useInput` as one "input" when several keys arrive in one
 * read (key repeat, keys typed faster than a frame, `tmux send-keys jjj`, a paste). Without
 * splitting, `jjj` matches no binding and the keys are lost. Escape sequences (arrows, PgUp) are
 * already separate events, so a chunk here is plain characters and C0 controls.
 */
import type { Key } from 'ink';

export interface KeyPress {
  readonly input: string;
  readonly key: Key;
}

/** `key` with no key flag set (no arrow, no Enter, no modifier). */
export function plainKey(key: Key): Key {
  return {
    ...key,
    upArrow: false,
    downArrow: false,
    leftArrow: false,
    rightArrow: false,
    pageDown: false,
    pageUp: false,
    home: false,
    end: false,
    return: false,
    escape: false,
    ctrl: false,
    shift: false,
    tab: false,
    backspace: false,
    delete: false,
    meta: false,
  };
}

function pressOf(ch: string, base: Key): KeyPress {
  if (ch === '\r' || ch === '\n') return { input: '', key: { ...base, return: true } };
  if (ch === '\u007f' || ch === '\b') return { input: '', key: { ...base, backspace: true } };
  if (ch === '\t') return { input: '', key: { ...base, tab: true } };
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), key: { ...base, ctrl: true } };
  return { input: ch, key: { ...base, shift: /^[A-Z]$/.test(ch) } };
}

/** One key press per character of a multi-character chunk; a single key is returned as is. */
export function splitKeys(input: string, key: Key): KeyPress[] {
  const chars = [...input];
  const special = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.ctrl || key.meta;
  if (chars.length <= 1 || special) return [{ input, key }];
  const base = plainKey(key);
  return chars.map((ch) => pressOf(ch, base));
}
