/** Renders the console against a fake store and waits for frames (never sleeps). */
import { render } from 'ink-testing-library';
import { App, type AppProps } from '../../src/components/App.js';
import { createFakeConsole, type FakeConsole } from './fake-console.js';
import type { ConsoleState } from '../../src/console/types.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export interface RenderedApp {
  readonly fake: FakeConsole;
  readonly instance: ReturnType<typeof render>;
  /** The last frame without SGR colour codes. */
  frame(): string;
  /** Resolves with the frame once `predicate` (or `text` appearing) holds; rejects after `timeoutMs`. */
  waitFor(test: string | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Writes keys to stdin. */
  press(...keys: string[]): void;
  /** Writes a key and waits until the frame satisfies `test`. */
  pressAndWait(key: string, test: string | ((frame: string) => boolean)): Promise<string>;
}

export async function waitForCondition(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function renderApp(
  options: { state?: Partial<ConsoleState>; fake?: FakeConsole } & Omit<Partial<AppProps>, 'store'> = {},
): RenderedApp {
  const { state, fake: given, ...props } = options;
  const fake = given ?? createFakeConsole(state);
  const instance = render(<App store={fake.store} size={{ columns: 100, rows: 30 }} {...props} />);
  const frame = (): string => stripAnsi(instance.lastFrame() ?? '');
  const waitFor = async (test: string | ((f: string) => boolean), timeoutMs = 5000): Promise<string> => {
    const ok = typeof test === 'string' ? (f: string) => f.includes(test) : test;
    try {
      await waitForCondition(() => ok(frame()), timeoutMs, String(test));
    } catch {
      throw new Error(`timed out waiting for ${String(test)}; last frame:\n${frame()}`);
    }
    return frame();
  };
  return {
    fake,
    instance,
    frame,
    waitFor,
    press: (...keys) => {
      for (const k of keys) instance.stdin.write(k);
    },
    pressAndWait: async (key, test) => {
      instance.stdin.write(key);
      return waitFor(test);
    },
  };
}
