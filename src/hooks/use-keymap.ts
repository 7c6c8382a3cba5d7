import { useInput, type Key } from 'ink';
import { matchCommand, type Command, type KeyContext } from '../keys/keymap.js';

/**
 * The single key dispatcher: maps each key press, in `context`, to a keymap command and calls
 * `onCommand(command, input, key)`. The context follows the screen and the open modal, so a modal
 * takes the keys over; `isActive` switches the dispatcher off altogether (while quitting). Pass the
 * context as a function to read it at key time (keys typed faster than a re-render).
 */
export function useKeymap(
  context: KeyContext | (() => KeyContext),
  onCommand: (command: Command, input: string, key: Key) => void,
  isActive = true,
): void {
  useInput(
    (input, key) => {
      const command = matchCommand(typeof context === 'function' ? context() : context, input, key);
      if (command !== null) onCommand(command, input, key);
    },
    { isActive },
  );
}
