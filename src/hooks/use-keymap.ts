import { useCallback, useRef, useState } from 'react';
import { useInput, type Key } from 'ink';
import { matchCommand, type Command, type KeyContext } from '../keys/keymap.js';
import { plainKey, splitKeys } from '../keys/split-keys.js';
import { createMouseReader, type MouseReport } from '../keys/mouse.js';

/**
 * The single key dispatcher: maps each key press, in `context`, to a keymap command and calls
 * `onCommand(command, input, key)`. The context follows the screen and the open modal, so a modal
 * takes the keys over; `isActive` switches the dispatcher off altogether (while quitting). Pass the
 * context as a function to read it at key time (keys typed faster than a re-render). Several keys
 * delivered in one chunk (`jjj`) are handled one by one, each in the context the previous one left.
 * The handler given to ink stays the same across renders (the latest callbacks are read at key
 * time), so a render never re-subscribes to the input.
 *
 * Mouse reports (keys/mouse.ts) are taken out of the input first, always: they go to `onMouse` when
 * it is given (`--mouse`), with a key that has no flag set, and are dropped otherwise; never are
 * they read as keys.
 */
export function useKeymap(
  context: KeyContext | (() => KeyContext),
  onCommand: (command: Command, input: string, key: Key) => void,
  isActive = true,
  onMouse?: (report: MouseReport, key: Key) => void,
): void {
  const latest = useRef({ context, onCommand, onMouse });
  latest.current = { context, onCommand, onMouse };
  const [readMouse] = useState(createMouseReader);
  const handler = useCallback((input: string, key: Key) => {
    const { reports, keys } = readMouse(input);
    for (const report of reports) latest.current.onMouse?.(report, plainKey(key));
    if (keys === null) return;
    for (const press of splitKeys(keys, key)) {
      const { context: ctx, onCommand: run } = latest.current;
      const command = matchCommand(typeof ctx === 'function' ? ctx() : ctx, press.input, press.key);
      if (command !== null) run(command, press.input, press.key);
    }
  }, [readMouse]);
  useInput(handler, { isActive });
}
