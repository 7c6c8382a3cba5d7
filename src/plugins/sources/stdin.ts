/**
 * The `stdin` source (`-`): lines from a stream (standard input unless another is given) until it
 * ends, e.g. `ssh web1 journalctl -f -o json | threatwatch-tui -`. A last line without a newline is
 * handed on at the end; then the status says "stdin ended" (`done`) and `done` resolves. Lines are
 * numbered from 1 in `-`, stamped `via: 'stdin'` with the time they were read. Nothing to resume.
 */
import type { Readable } from 'node:stream';
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import type { RawLine } from '../../engine/model/event.js';
import type { SourceStatus } from '../../engine/model/source-status.js';
import { LineSplitter } from './line-splitter.js';
import type { SourceContext, SourceDefinition, SourceHandle } from './source.js';

export const stdinSourceSchema = z.strictObject({});

export type StdinSourceConfig = z.infer<typeof stdinSourceSchema>;

const NAME = '-';

export function startStdin(ctx: SourceContext, input: Readable = process.stdin): SourceHandle {
  const splitter = new LineSplitter();
  let lineNo = 0;
  let closed = false;
  let status: SourceStatus = { name: 'stdin', state: 'tailing' };
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  function setStatus(next: SourceStatus): void {
    status = next;
    if (!closed) ctx.status(next);
  }

  function emit(texts: string[]): void {
    if (closed || texts.length === 0) return;
    const receivedAt = ctx.now();
    const batch: RawLine[] = new Array<RawLine>(texts.length);
    for (let i = 0; i < texts.length; i++) batch[i] = { text: texts[i]!, file: NAME, line: ++lineNo, via: 'stdin', receivedAt };
    ctx.emit(batch);
  }

  const onData = (chunk: Buffer | string): void => emit(splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  const onEnd = (): void => {
    const last = splitter.flush();
    if (last !== null) emit([last]);
    setStatus({ name: 'stdin', state: 'done', detail: 'stdin ended' });
    detach();
    finish();
  };
  const onError = (err: Error): void => {
    setStatus({ name: 'stdin', state: 'error', detail: `stdin: ${err.message}` });
    ctx.diagnostic({ kind: 'source', message: `stdin: ${err.message}` });
    detach();
    finish();
  };
  function detach(): void {
    input.off('data', onData);
    input.off('end', onEnd);
    input.off('error', onError);
  }
  input.on('data', onData);
  input.on('end', onEnd);
  input.on('error', onError);
  ctx.status(status);

  return {
    get status() {
      return status;
    },
    done,
    async close() {
      if (closed) return;
      closed = true;
      detach();
      input.pause();
      finish();
    },
  };
}

export const stdinSource: SourceDefinition<StdinSourceConfig> = definePlugin({
  kind: 'source',
  id: 'stdin',
  configKey: 'stdin',
  description: 'Reads log lines from standard input (`-`) until it ends.',
  schema: stdinSourceSchema,
  create: (_config, ctx) => startStdin(ctx),
});
