/**
 * EDGE: hands one message to the system's `sendmail` interface, as fail2ban's mail actions do:
 * `spawn` with an argv array (never a shell), the message on stdin, a timeout (then SIGKILL) and
 * bounded stderr. `/usr/sbin` and `/usr/lib` are searched after `PATH`, where sendmail usually lives
 * but an unprivileged user's PATH may not reach. Never throws: a missing program, a timeout or a
 * non-zero exit is a result with the program's own words.
 */
import { spawn } from 'node:child_process';

export interface SendmailResult {
  readonly ok: boolean;
  /** Exit code; null when the process did not exit by itself (not found, killed). */
  readonly code: number | null;
  /** What went wrong, one line; null when ok. */
  readonly error: string | null;
}

const MAX_STDERR = 4096;

function oneLine(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? `${t.slice(0, 299)}…` : t;
}

export function sendmail(argv: readonly string[], message: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<SendmailResult> {
  return new Promise((resolve) => {
    const [program, ...args] = argv;
    if (program === undefined || program === '' || argv.some((a) => a.includes('\0'))) {
      resolve({ ok: false, code: null, error: 'refused to run an empty command or an argument with a NUL byte' });
      return;
    }
    let settled = false;
    let stderr = '';
    let timedOut = false;
    const finish = (r: SendmailResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const child = spawn(program, args, {
      shell: false,
      stdio: ['pipe', 'ignore', 'pipe'],
      windowsHide: true,
      env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/lib`, LC_ALL: 'C' },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    const onAbort = (): void => void child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err: NodeJS.ErrnoException) => {
      const error = err.code === 'ENOENT' ? `${program}: command not found` : `${program}: ${err.message}`;
      finish({ ok: false, code: null, error });
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < MAX_STDERR) stderr += d.slice(0, MAX_STDERR - stderr.length);
    });
    // sendmail may exit before reading everything (a refusal): that is its exit code's story, not ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(message);
    child.on('close', (code, signal) => {
      if (code === 0) finish({ ok: true, code, error: null });
      else if (timedOut) finish({ ok: false, code, error: `${program}: no exit within ${opts.timeoutMs} ms (killed)` });
      else if (opts.signal?.aborted) finish({ ok: false, code, error: `${program}: stopped` });
      else finish({ ok: false, code, error: `${program} exited with ${code ?? signal}${stderr.trim() ? `: ${oneLine(stderr)}` : ''}` });
    });
  });
}
