// Drives a real terminal through tmux: a private tmux server (its own socket path, no user config) with
// one session per terminal, running an interactive bash we type into. Waits poll the screen until
// a condition holds or a deadline passes; nothing sleeps for a fixed time.
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The prompt of the shells we start, so a test can tell when the shell is back. */
export const PROMPT = 'tw-e2e$';

/** Why the tmux tests cannot run here, or null when they can. */
export function tmuxUnavailableReason(): string | null {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'tmux is not on PATH (.ci/run installs it)';
  const shell = spawnSync('bash', ['--version'], { encoding: 'utf8' });
  if (shell.error || shell.status !== 0) return 'bash is not on PATH';
  if (process.platform !== 'linux') return 'finding the console process needs /proc (Linux)';
  return null;
}

/** Single-quotes a word for bash. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export interface WaitOptions {
  /** Give up after this many ms. Default 15 000 (CI machines are slow and shared). */
  timeoutMs?: number;
  /** Poll interval, ms. Default 25. */
  intervalMs?: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pids whose parent is `ppid`, read from /proc. */
export function childPids(ppid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export class TmuxTerminal {
  private constructor(
    private readonly socket: string,
    readonly session: string,
  ) {}

  /**
   * Starts a detached session of `columns`×`rows` running `bash --norc --noprofile` with
   * TERM=xterm-256color and the prompt {@link PROMPT}, and waits for the prompt.
   */
  static async start(socket: string, session: string, columns = 120, rows = 40): Promise<TmuxTerminal> {
    const shell = `env TERM=xterm-256color PS1=${shellQuote(`${PROMPT} `)} HISTFILE=/dev/null bash --norc --noprofile`;
    // The previous session's server may still be shutting down on this socket ("server exited
    // unexpectedly"): try again a few times before failing.
    for (let attempt = 1; ; attempt++) {
      try {
        await run('tmux', ['-S', socket, '-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), shell]);
        break;
      } catch (err) {
        if (attempt >= 4) throw err;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
    const term = new TmuxTerminal(socket, session);
    await term.waitFor((s) => term.promptIsLast(s), 'the shell prompt');
    return term;
  }

  private tmux(args: string[]) {
    return run('tmux', ['-S', this.socket, ...args]);
  }

  /** The visible screen, one string, lines joined by "\n". */
  async screen(): Promise<string> {
    const { stdout } = await this.tmux(['capture-pane', '-p', '-t', this.session]);
    return stdout;
  }

  /** The visible screen with its attributes and colours as SGR escape sequences (`capture-pane -e`). */
  async screenWithEscapes(): Promise<string> {
    const { stdout } = await this.tmux(['capture-pane', '-p', '-e', '-t', this.session]);
    return stdout;
  }

  /** A tmux format value of the pane, e.g. `#{cursor_flag}`. */
  async display(format: string): Promise<string> {
    const { stdout } = await this.tmux(['display-message', '-p', '-t', this.session, format]);
    return stdout.trim();
  }

  /** Types text literally (no Enter). */
  async type(text: string): Promise<void> {
    await this.tmux(['send-keys', '-t', this.session, '-l', text]);
  }

  /** Sends one key by tmux name (`Enter`, `Escape`, `q`). */
  async key(name: string): Promise<void> {
    await this.tmux(['send-keys', '-t', this.session, name]);
  }

  /** Types a command line and presses Enter. */
  async typeLine(line: string): Promise<void> {
    await this.type(line);
    await this.key('Enter');
  }

  /** True when the last non-blank line of `screen` is the bare shell prompt. */
  promptIsLast(screen: string): boolean {
    const lines = screen.split('\n').filter((l) => l.trim() !== '');
    return lines.at(-1)?.trim() === PROMPT;
  }

  /** The process running in the foreground of the shell (the console), or null. */
  async foregroundPid(): Promise<number | null> {
    const shellPid = Number(await this.display('#{pane_pid}'));
    const children = childPids(shellPid);
    return children[0] ?? null;
  }

  /**
   * Polls the screen until `test` holds and returns that screen. On timeout, throws with `what`
   * and the last screen, so a failure shows what the terminal looked like.
   */
  async waitFor(test: (screen: string) => boolean, what: string, opts: WaitOptions = {}): Promise<string> {
    const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
    let last = '';
    for (;;) {
      last = await this.screen();
      if (test(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
      await pause(opts.intervalMs ?? 25);
    }
  }

  /** Waits for `text` anywhere on the screen. */
  waitForText(text: string | RegExp, opts?: WaitOptions): Promise<string> {
    const test = (s: string) => (typeof text === 'string' ? s.includes(text) : text.test(s));
    return this.waitFor(test, JSON.stringify(String(text)), opts);
  }

  /** Kills the session; never throws. */
  async kill(): Promise<void> {
    await this.tmux(['kill-session', '-t', this.session]).catch(() => undefined);
  }

  /** Kills the whole private server; never throws. */
  static async killServer(socket: string): Promise<void> {
    await run('tmux', ['-S', socket, 'kill-server']).catch(() => undefined);
  }
}
