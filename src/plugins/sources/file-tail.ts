/**
 * Live tail of one log file, the pre-plugin API kept for the callers not yet moved to the `file`
 * source (`file.ts`), on which it now runs: same rotation, truncation and waiting behaviour, no
 * checkpoints. Starts at the end of the file (after its last newline), or at its start with
 * `fromStart`.
 */
import type { RawLine } from '../../engine/model/event.js';
import type { SourceStatus } from '../../engine/model/source-status.js';
import { fileSourceSchema, startFileSource } from './file.js';

export interface TailOptions {
  path: string;
  /** Read the existing content first instead of starting at the end. @default false */
  fromStart?: boolean;
  /** Use stat polling at this interval; also the check period. @default 500 without polling */
  pollIntervalMs?: number;
  /** Name stamped on lines and shown in the status (e.g. `demo`). @default the path */
  name?: string;
}

export interface TailHandle {
  close(): Promise<void>;
  readonly state: SourceStatus;
}

export function tailFile(
  opts: TailOptions,
  onLines: (lines: RawLine[]) => void,
  onState: (s: SourceStatus) => void,
): TailHandle {
  const config = fileSourceSchema.parse({
    paths: [opts.path],
    pollIntervalMs: opts.pollIntervalMs ?? 500,
    usePolling: opts.pollIntervalMs !== undefined,
  });
  const handle = startFileSource(
    config,
    {
      emit: onLines,
      status: onState,
      diagnostic: () => undefined,
      checkpoint: () => null,
      saveCheckpoint: () => undefined,
      position: opts.fromStart === true ? 'start' : 'end',
      now: Date.now,
    },
    { ...(opts.name !== undefined ? { name: opts.name } : {}), checkpoints: false },
  );
  return {
    get state() {
      return handle.status;
    },
    close: () => handle.close(),
  };
}
