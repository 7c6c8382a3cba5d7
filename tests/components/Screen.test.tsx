// On a real terminal the console draws on the alternate screen (the shell's screen and scrollback
// come back as they were on exit) and rewrites only the lines that changed from one frame to the next.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink';
import { App } from '../../src/components/App.js';
import { DISABLE_MOUSE, ENABLE_MOUSE, ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN } from '../../src/hooks/use-terminal-screen.js';
import { countersFor, createFakeConsole, makeAlert, makeSnapshot, NOW } from '../helpers/fake-console.js';
import { waitForCondition } from '../helpers/render.js';

/** A terminal: a TTY of 100×30 that records what is written to it. */
class FakeTty extends EventEmitter {
  readonly isTTY = true;
  columns = 100;
  rows = 30;
  chunks: string[] = [];
  write(chunk: string, ...rest: unknown[]): boolean {
    this.chunks.push(String(chunk));
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  /** Types `data` (ink reads it on 'readable'). */
  write(data: string): void {
    this.data = data;
    this.emit('readable');
  }
  setRawMode(): this {
    return this;
  }
  setEncoding(): this {
    return this;
  }
  read(): string | null {
    const data = this.data;
    this.data = null;
    return data;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
}

let instance: ReturnType<typeof render> | null = null;
afterEach(() => {
  instance?.unmount();
  instance = null;
});

describe('the terminal screen', () => {
  it('enters the alternate screen before the first frame and leaves it after the last', async () => {
    const tty = new FakeTty();
    const fake = createFakeConsole();
    instance = render(<App store={fake.store} />, { stdout: tty as unknown as NodeJS.WriteStream, stdin: new FakeStdin() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false });
    await waitForCondition(() => tty.text.includes('threatwatch'));
    expect(tty.text.startsWith(ENTER_ALTERNATE_SCREEN)).toBe(true);
    expect(tty.text.indexOf(ENTER_ALTERNATE_SCREEN)).toBeLessThan(tty.text.indexOf('threatwatch'));
    instance.unmount();
    instance = null;
    const leave = tty.text.lastIndexOf(LEAVE_ALTERNATE_SCREEN);
    expect(leave).toBeGreaterThan(tty.text.lastIndexOf('threatwatch'));
    // the stream is the terminal's own again
    expect(Object.prototype.hasOwnProperty.call(tty, 'write')).toBe(false);
  });

  it('rewrites only the changed lines: a new minute on the clock is one line, not a screen', async () => {
    const tty = new FakeTty();
    const alerts = Array.from({ length: 12 }, () => makeAlert());
    const fake = createFakeConsole({ snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }), now: NOW });
    instance = render(<App store={fake.store} />, { stdout: tty as unknown as NodeJS.WriteStream, stdin: new FakeStdin() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false, maxFps: 1000 });
    await waitForCondition(() => tty.text.includes('Alerts (12)'));
    const first = tty.text.length;
    expect(first).toBeGreaterThan(2000); // the whole screen, once
    tty.chunks = [];
    fake.update({ now: NOW + 60_000 });
    await waitForCondition(() => tty.text.includes('up 1h 03m'));
    const update = tty.text;
    expect(update).toMatch(/\u001b\[1;1H/); // the header line, at row 1
    expect(update).not.toMatch(/\u001b\[5;1H/); // the alert rows are left alone
    expect(update.length).toBeLessThan(400);
  });

  it('draws inline when asked to (or when the output is not a terminal)', async () => {
    const tty = new FakeTty();
    const fake = createFakeConsole();
    instance = render(<App store={fake.store} screen="inline" />, { stdout: tty as unknown as NodeJS.WriteStream, stdin: new FakeStdin() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false });
    await waitForCondition(() => tty.text.includes('threatwatch'));
    expect(tty.text).not.toContain(ENTER_ALTERNATE_SCREEN);
  });

  describe('mouse reporting (--mouse)', () => {
    /** Mouse modes: any DEC private mode 1000-1006 set or reset. */
    const MOUSE_MODE = /\u001b\[\?100[0-6][hl]/;

    function open(mouse: boolean, onExit?: () => void): { tty: FakeTty; stdin: FakeStdin } {
      const tty = new FakeTty();
      const stdin = new FakeStdin();
      const fake = createFakeConsole();
      instance = render(<App store={fake.store} mouse={mouse} onExit={onExit} />, { stdout: tty as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false });
      return { tty, stdin };
    }

    it('turns on presses and the wheel in SGR encoding (no motion) with the alternate screen, and off before leaving it', async () => {
      const { tty } = open(true);
      await waitForCondition(() => tty.text.includes('threatwatch'));
      expect(tty.text.startsWith(ENTER_ALTERNATE_SCREEN + ENABLE_MOUSE)).toBe(true);
      expect(ENABLE_MOUSE).toBe('\u001b[?1000h\u001b[?1006h');
      expect(tty.text).not.toMatch(/\u001b\[\?100[23]h/);
      instance!.unmount();
      instance = null;
      expect(tty.text.endsWith(DISABLE_MOUSE + LEAVE_ALTERNATE_SCREEN)).toBe(true);
      expect(DISABLE_MOUSE).toBe('\u001b[?1006l\u001b[?1000l');
    });

    it('q turns it off as the console starts to quit, once', async () => {
      let exited = false;
      const { tty, stdin } = open(true, () => (exited = true));
      await waitForCondition(() => tty.text.includes('threatwatch'));
      stdin.write('q');
      await waitForCondition(() => tty.text.includes(DISABLE_MOUSE), 5000, 'mouse reporting off');
      await waitForCondition(() => exited, 5000, 'the exit');
      instance!.unmount();
      instance = null;
      expect(tty.text.split(DISABLE_MOUSE)).toHaveLength(2);
      expect(tty.text.indexOf(DISABLE_MOUSE)).toBeLessThan(tty.text.indexOf(LEAVE_ALTERNATE_SCREEN));
      expect(tty.text.endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
    });

    it('is turned off when the process exits without unmounting the console (an uncaught exception, process.exit)', async () => {
      const before = new Set(process.listeners('exit'));
      const { tty } = open(true);
      await waitForCondition(() => tty.text.includes('threatwatch'));
      // the console's own exit listener (not ink's, which would restore the cursor of this process)
      const added = process.listeners('exit').filter((l) => !before.has(l) && l.name === 'restore');
      expect(added).toHaveLength(1);
      (added[0] as (code: number) => void)(1);
      expect(tty.text.endsWith(DISABLE_MOUSE + LEAVE_ALTERNATE_SCREEN)).toBe(true);
    });

    it('writes nothing mouse-related without --mouse', async () => {
      const { tty } = open(false);
      await waitForCondition(() => tty.text.includes('threatwatch'));
      instance!.unmount();
      instance = null;
      expect(tty.text).toContain(LEAVE_ALTERNATE_SCREEN);
      expect(tty.text).not.toMatch(MOUSE_MODE);
    });
  });
});
