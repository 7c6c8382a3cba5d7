import { useEffect, useState } from 'react';
import { useStdout } from 'ink';
import { createFrameWriter } from '../terminal/frame-writer.js';

/** Switch to the alternate screen (saving the cursor) and clear it; and back. */
export const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h\u001b[H\u001b[2J';
export const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';

type Write = NodeJS.WriteStream['write'];

interface Installed {
  restore(): void;
}

/**
 * Takes the terminal over like a full-screen program (k9s, lnav, less): the console draws on the
 * alternate screen, so quitting gives the shell its screen and scrollback back exactly as they were;
 * and each frame rewrites only the lines that changed (see terminal/frame-writer.ts).
 *
 * Ink writes to the stream it was given at `render()`, and the console's caller owns that call, so
 * the hook wraps the stream's `write` for as long as the console is mounted. It is installed during
 * the first render, before Ink writes the first frame, and removed when the console unmounts, after
 * Ink's last frame; the alternate screen is left then (or at process exit, whatever happens first).
 */
function install(stdout: NodeJS.WriteStream): Installed {
  const own = Object.prototype.hasOwnProperty.call(stdout, 'write');
  const previous = stdout.write;
  const original = previous.bind(stdout) as (chunk: string, ...rest: unknown[]) => boolean;
  const writer = createFrameWriter();
  original(ENTER_ALTERNATE_SCREEN);
  const wrapped = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk !== 'string') return original(chunk as string, ...rest);
    const out = writer.transform(chunk);
    if (out === '') {
      const cb = rest.find((r): r is () => void => typeof r === 'function');
      if (cb) queueMicrotask(cb);
      return true;
    }
    return original(out, ...rest);
  };
  stdout.write = wrapped as Write;
  const onResize = (): void => writer.reset();
  stdout.on('resize', onResize);
  let done = false;
  const restore = (): void => {
    if (done) return;
    done = true;
    stdout.off('resize', onResize);
    process.off('exit', restore);
    if (stdout.write === (wrapped as Write)) {
      if (own) stdout.write = previous;
      else delete (stdout as { write?: Write }).write;
    }
    original(LEAVE_ALTERNATE_SCREEN);
  };
  process.on('exit', restore);
  return { restore };
}

/** Full-screen drawing while `enabled` at the first render (a real terminal, by default). */
export function useTerminalScreen(enabled: boolean): void {
  const { stdout } = useStdout();
  const [installed] = useState<Installed | null>(() => (enabled ? install(stdout) : null));
  useEffect(() => () => installed?.restore(), [installed]);
}
