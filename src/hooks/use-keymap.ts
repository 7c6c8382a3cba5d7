import { useCallback, useRef } from 'react';
import { useInput, type Key } from 'ink';
import { matchCommand, type Command, type KeyContext } from '../keys/keymap.js';
import { splitKeys } from '../keys/split-keys.js';

/**
 * The single key dispatcher: maps each key press, in `context`, to a keymap command and calls
 * `onCommand(command, input, key)`. The context follows the screen and the open modal, so a modal
 * takes the keys over; `isActive` switches the dispatcher off altogether (while quitting). Pass the
 * context as a function to read it at key time (keys typed faster than a re-render). Several keys
 * delivered in one chunk (`jjj`) are handled one by one, each in the context the previous one left.
 * The handler given to ink stays the same across renders (the latest callbacks are read at key
 * time), so a render never re-subscribes to the input.
 */
export function useKeymap(
  context: KeyContext | (() => KeyContext),
  onCommand: (command: Command, input: string, key: Key) => void,
  isActive = true,
): void {
  const latest = useRef({ context, onCommand });
  latest.current = { context, onCommand };
  const handler = useCallback((input: string, key: Key) => {
    for (const press of splitKeys(input, key)) {
      const { context: ctx, onCommand: run } = latest.current;
      const command = matchCommand(typeof ctx === 'function' ? ctx() : ctx, press.input, press.key);
      if (command !== null) run(command, press.input, press.key);
    }
  }, []);
  useInput(handler, { isActive });
}
