/** Typed fatal errors: `cli.ts` maps them to one clear message and an exit code. */

/** Bad command line or unusable input: exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function exitCodeFor(err: unknown): number {
  if (err && typeof err === 'object') {
    const code = (err as { exitCode?: unknown }).exitCode;
    if (code === 2) return 2;
    const name = (err as Error).name;
    if (name === 'UsageError' || name === 'InputError' || name === 'ConfigError' || name === 'IntelFeedError') return 2;
  }
  return 1;
}
