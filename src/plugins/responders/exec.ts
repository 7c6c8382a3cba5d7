/**
 * EDGE: the only place a responder starts a process. Always `execFile` with an argv array (never a
 * shell), a timeout (then SIGKILL), bounded output and `LC_ALL=C` so tool messages read the same
 * everywhere. Never throws: a missing binary, a timeout or a non-zero exit is a `CommandResult`
 * with the tool's own error text.
 *
 * `createCommandRunner` adds what backends share: a command prefix (tests run everything inside a
 * network namespace with `['ip', 'netns', 'exec', NAME]`) and `--dry-run`, which prints the exact
 * argv of each command that would change something instead of running it.
 */
import { execFile } from 'node:child_process';

export interface CommandResult {
  /** What ran (prefix included), or would have run in a dry run. */
  readonly argv: readonly string[];
  readonly ok: boolean;
  /** Exit code; null when the process did not exit by itself (not found, killed). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The failure in the tool's words (its stderr), or what went wrong starting it; null when ok. */
  readonly error: string | null;
  /** True when nothing was run (`--dry-run`). */
  readonly dryRun: boolean;
}

export interface ExecOptions {
  /** Kill the process after this long. */
  readonly timeoutMs: number;
}

/** Runs one argv without a shell. Injectable so tests can spy on every process a backend starts. */
export type ExecFn = (argv: readonly string[], opts: ExecOptions) => Promise<CommandResult>;

const MAX_OUTPUT = 4 * 1024 * 1024;
const MAX_ERROR_TEXT = 600;

/**
 * A tool's stderr on one line: its `Error:` lines when it has any (nft echoes the whole command and
 * a caret line after the error), else every non-empty line; clipped.
 */
export function errorText(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !/^[\s^~]+$/.test(l));
  const errors = lines.filter((l) => /\berror\b/i.test(l));
  const joined = (errors.length > 0 ? errors : lines).join(' | ');
  return joined.length > MAX_ERROR_TEXT ? `${joined.slice(0, MAX_ERROR_TEXT)}…` : joined;
}

function failure(argv: readonly string[], code: number | null, stdout: string, stderr: string, error: string): CommandResult {
  return { argv, ok: false, code, stdout, stderr, error, dryRun: false };
}

/** The real `ExecFn`: `execFile(argv[0], argv.slice(1), {shell: false})`. */
export const execArgv: ExecFn = (argv, opts) =>
  new Promise((resolve) => {
    const [file, ...args] = argv;
    if (file === undefined || file === '' || argv.some((a) => typeof a !== 'string' || a.includes('\0'))) {
      resolve(failure(argv, null, '', '', 'refused to run an empty command or an argument with a NUL byte'));
      return;
    }
    try {
      execFile(
        file,
        args,
        {
          shell: false,
          timeout: opts.timeoutMs,
          killSignal: 'SIGKILL',
          maxBuffer: MAX_OUTPUT,
          windowsHide: true,
          env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
          encoding: 'utf8',
        },
        (err, stdout, stderr) => {
          if (err === null) {
            resolve({ argv, ok: true, code: 0, stdout, stderr, error: null, dryRun: false });
            return;
          }
          const e = err as NodeJS.ErrnoException & { code?: string | number; killed?: boolean; signal?: string | null };
          if (e.code === 'ENOENT') resolve(failure(argv, null, stdout, stderr, `${file}: command not found`));
          else if (e.code === 'EACCES') resolve(failure(argv, null, stdout, stderr, `${file}: permission denied`));
          else if (e.killed === true && e.signal === 'SIGKILL') {
            resolve(failure(argv, null, stdout, stderr, `${file}: timed out after ${Math.round(opts.timeoutMs / 100) / 10} s`));
          } else if (typeof e.code === 'number') {
            const text = errorText(stderr) || errorText(stdout) || `exited with status ${e.code}`;
            resolve(failure(argv, e.code, stdout, stderr, text));
          } else {
            resolve(failure(argv, null, stdout, stderr, `${file}: ${e.message.split('\n')[0] ?? 'failed'}`));
          }
        },
      );
    } catch (err) {
      resolve(failure(argv, null, '', '', `${file}: ${(err as Error).message}`));
    }
  });

const PLAIN_ARG = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** An argv as one line a person can read and paste (POSIX single quotes where needed). */
export function formatArgv(argv: readonly string[]): string {
  return argv
    .map((a) => (PLAIN_ARG.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

export interface RunOptions {
  /** Only reads state (`nft list`, `iptables -C`): not run (nor printed) in a dry run. */
  readonly query?: boolean;
  /** What a query "returns" in a dry run, so the commands after it can be printed. @default false */
  readonly dryRunAnswer?: boolean;
}

export interface CommandRunner {
  readonly dryRun: boolean;
  run(argv: readonly string[], opts?: RunOptions): Promise<CommandResult>;
}

export interface CommandRunnerOptions {
  /** @default execArgv */
  readonly exec?: ExecFn;
  /** Prepended to every argv (`['ip', 'netns', 'exec', 'tw-test-1']`). @default [] */
  readonly prefix?: readonly string[];
  readonly dryRun: boolean;
  /** Where a dry run prints (one line per command). */
  readonly log: (line: string) => void;
  readonly timeoutMs: number;
}

export function createCommandRunner(opts: CommandRunnerOptions): CommandRunner {
  const exec = opts.exec ?? execArgv;
  const prefix = [...(opts.prefix ?? [])];
  return {
    dryRun: opts.dryRun,
    async run(argv, runOpts = {}) {
      const full = [...prefix, ...argv];
      if (opts.dryRun) {
        if (!runOpts.query) opts.log(`dry-run: ${formatArgv(full)}`);
        const ok = runOpts.query ? runOpts.dryRunAnswer === true : true;
        return { argv: full, ok, code: ok ? 0 : 1, stdout: '', stderr: '', error: ok ? null : 'dry run', dryRun: true };
      }
      try {
        return await exec(full, { timeoutMs: opts.timeoutMs });
      } catch (err) {
        return failure(full, null, '', '', `could not run ${argv[0] ?? 'command'}: ${(err as Error).message}`);
      }
    },
  };
}
