/** The streams a headless command writes to; injected so tests can capture them. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  /** True once stdout's reader went away (EPIPE): stop producing output. */
  closed?: () => boolean;
}

export function writeOut(io: Io, text: string): void {
  if (io.closed?.()) return;
  io.stdout.write(text);
}

/** Output written in blocks: see `createBlockWriter`. */
export interface BlockWriter {
  write(text: string): void;
  /** Writes what is held now. */
  flush(): void;
}

export interface BlockWriterOptions {
  /** Held text (in characters: UTF-16 units, bytes for ASCII) that is written at once. @default 64 Ki */
  maxBytes?: number;
  /** Longest a text is held. @default 200 ms */
  maxDelayMs?: number;
  /** Write each text at once (a paced replay, a terminal). */
  immediate?: boolean;
  /** Flush on SIGINT and SIGTERM. @default true when writing the process's stdout */
  signals?: boolean;
  /** What a flush on a signal does next. @default re-raise the signal (the process dies of it) */
  afterSignal?: (signal: NodeJS.Signals) => void;
}

/**
 * Writes `io.stdout` in blocks: a write to a pipe or file is a system call, and a replay printing
 * thousands of alerts would make one per alert. Text is held until `maxBytes` are waiting or the
 * first of it has waited `maxDelayMs` (a timer: output from a slow pipe is never held longer), and
 * `flush()` writes the rest. A terminal is written at once. While text is held, SIGINT and SIGTERM
 * write it before the process dies of them.
 */
export function createBlockWriter(io: Io, opts: BlockWriterOptions = {}): BlockWriter {
  const maxBytes = opts.maxBytes ?? 64 * 1024;
  const maxDelayMs = opts.maxDelayMs ?? 200;
  const immediate = opts.immediate === true || io.stdout.isTTY === true;
  const signals = opts.signals ?? io.stdout === process.stdout;
  const afterSignal = opts.afterSignal ?? ((signal: NodeJS.Signals) => process.kill(process.pid, signal));
  let held: string[] = [];
  let heldBytes = 0;
  let timer: NodeJS.Timeout | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    flush();
    afterSignal(signal);
  };
  function flush(): void {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (signals) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
    if (held.length === 0) return;
    const text = held.length === 1 ? held[0]! : held.join('');
    held = [];
    heldBytes = 0;
    writeOut(io, text);
  }
  return {
    write(text) {
      if (immediate) {
        writeOut(io, text);
        return;
      }
      if (held.length === 0) {
        timer = setTimeout(flush, maxDelayMs);
        if (signals) {
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
        }
      }
      held.push(text);
      heldBytes += text.length;
      if (heldBytes >= maxBytes) flush();
    },
    flush,
  };
}

/** Process streams, with EPIPE on stdout (`| head`) turned into a quiet stop. */
export function processIo(): Io {
  let closed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      closed = true;
      return;
    }
    throw err;
  });
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, closed: () => closed };
}
