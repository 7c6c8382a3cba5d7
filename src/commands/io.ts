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
