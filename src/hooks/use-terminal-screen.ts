import { useEffect, useState } from 'react';
import { useStdout } from 'ink';
import { createFrameWriter } from '../terminal/frame-writer.js';

/** Switch to the alternate screen (saving the cursor) and clear it; and back. */
export const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h\u001b[H\u001b[2J';
export const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';
/**
 * Mouse reporting on (`--mouse`): presses, releases and the wheel (mode 1000), in the SGR encoding
 * (1006: no limit on coordinates, a press told from a release). Not motion (1002/1003): the console
 * has no use for the pointer moving. And off again.
 */
export const ENABLE_MOUSE = '\u001b[?1000h\u001b[?1006h';
export const DISABLE_MOUSE = '\u001b[?1006l\u001b[?1000l';

type Write = NodeJS.WriteStream['write'];

interface Installed {
  /** Mouse reporting on or off (the terminal is told only when it changes). */
  mouse(on: boolean): void;
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
 * Mouse reporting goes with it: on with the alternate screen when asked for, and off before the
 * screen is left, on every way out (quit, a signal, an uncaught exception: each unmounts the console
 * or exits the process), so the shell never gets the terminal back in mouse mode.
 */
function install(stdout: NodeJS.WriteStream, withMouse: boolean): Installed {
  const own = Object.prototype.hasOwnProperty.call(stdout, 'write');
  const previous = stdout.write;
  const original = previous.bind(stdout) as (chunk: string, ...rest: unknown[]) => boolean;
  const writer = createFrameWriter();
  let mouseOn = withMouse;
  let done = false;
  original(ENTER_ALTERNATE_SCREEN + (mouseOn ? ENABLE_MOUSE : ''));
  const mouse = (on: boolean): void => {
    if (on === mouseOn || done) return;
    mouseOn = on;
    original(on ? ENABLE_MOUSE : DISABLE_MOUSE);
  };
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
  const restore = (): void => {
    if (done) return;
    done = true;
    stdout.off('resize', onResize);
    process.off('exit', restore);
    if (stdout.write === (wrapped as Write)) {
      if (own) stdout.write = previous;
      else delete (stdout as { write?: Write }).write;
    }
    original((mouseOn ? DISABLE_MOUSE : '') + LEAVE_ALTERNATE_SCREEN);
  };
  process.on('exit', restore);
  return { mouse, restore };
}

/**
 * Full-screen drawing while `enabled` at the first render (a real terminal, by default), with mouse
 * reporting while `mouse` (it can only be had with the alternate screen, whose top line is row 1).
 */
export function useTerminalScreen(enabled: boolean, mouse = false): void {
  const { stdout } = useStdout();
  const [installed] = useState<Installed | null>(() => (enabled ? install(stdout, mouse) : null));
  useEffect(() => () => installed?.restore(), [installed]);
  useEffect(() => installed?.mouse(mouse), [installed, mouse]);
}
