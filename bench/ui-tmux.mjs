// A real terminal for the UI benchmark: a private tmux server (own socket path, no user config) with one
// session running an interactive bash, plus /proc readers for the process under test.
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const PROMPT = 'tw-bench$';
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function shellQuote(word) {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function tmuxAvailable() {
  const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  return !probe.error && probe.status === 0;
}

export class Terminal {
  constructor(socket, session) {
    this.socket = socket;
    this.session = session;
  }

  static async start(socket, session, columns, rows) {
    const shell = `env TERM=xterm-256color PS1=${shellQuote(`${PROMPT} `)} HISTFILE=/dev/null bash --norc --noprofile`;
    await run('tmux', ['-S', socket, '-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), shell]);
    const t = new Terminal(socket, session);
    await t.waitFor((s) => t.promptIsLast(s), 'the shell prompt');
    return t;
  }

  tmux(args) {
    return run('tmux', ['-S', this.socket, ...args]);
  }

  async screen() {
    return (await this.tmux(['capture-pane', '-p', '-t', this.session])).stdout;
  }

  async display(format) {
    return (await this.tmux(['display-message', '-p', '-t', this.session, format])).stdout.trim();
  }

  async key(name) {
    await this.tmux(['send-keys', '-t', this.session, name]);
  }

  async typeLine(line) {
    await this.tmux(['send-keys', '-t', this.session, '-l', line]);
    await this.key('Enter');
  }

  promptIsLast(screen) {
    const lines = screen.split('\n').filter((l) => l.trim() !== '');
    return lines.at(-1)?.trim() === PROMPT;
  }

  async waitFor(test, what, { timeoutMs = 15_000, intervalMs = 20 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.screen();
      if (test(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen was:\n${s}`);
      await sleep(intervalMs);
    }
  }

  async killServer() {
    await run('tmux', ['-S', this.socket, 'kill-server']).catch(() => undefined);
  }
}

/** Pids whose parent is `ppid`. */
export function childPids(ppid) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return out;
}

/** Resident set size of `pid` in KiB (VmRSS), or null once it has ended. */
export function rssKiB(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** utime + stime of `pid`, in clock ticks. */
export function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after "pid (comm) ": state=0 ppid=1 … utime=11 stime=12
  return Number(fields[11]) + Number(fields[12]);
}

export function clockTicksPerSecond() {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
}
