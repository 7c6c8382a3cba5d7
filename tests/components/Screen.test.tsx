// On a real terminal the console draws on the alternate screen (the shell's screen and scrollback
// come back as they were on exit) and rewrites only the lines that changed from one frame to the next.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink';
import { App } from '../../src/components/App.js';
import { ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN } from '../../src/hooks/use-terminal-screen.js';
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
  setRawMode(): this {
    return this;
  }
  setEncoding(): this {
    return this;
  }
  read(): null {
    return null;
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
});
