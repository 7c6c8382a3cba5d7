import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startStdin, stdinSource } from '../../../src/plugins/sources/stdin.js';
import { fakeContext } from './fake-context.js';

describe('stdin source', () => {
  it('has no settings', () => {
    expect(stdinSource.defaults).toEqual({});
    expect(stdinSource.id).toBe('stdin');
  });

  it('reads lines until the stream ends, then says "stdin ended"', async () => {
    const input = new PassThrough();
    const ctx = fakeContext({ now: () => 42 });
    const h = startStdin(ctx, input);
    input.write('first\nsec');
    input.write(Buffer.from('ond é\r\n'));
    input.end('last without newline');
    await h.done;
    expect(ctx.lines).toEqual([
      { text: 'first', file: '-', line: 1, via: 'stdin', receivedAt: 42 },
      { text: 'second é', file: '-', line: 2, via: 'stdin', receivedAt: 42 },
      { text: 'last without newline', file: '-', line: 3, via: 'stdin', receivedAt: 42 },
    ]);
    expect(h.status).toEqual({ name: 'stdin', state: 'done', detail: 'stdin ended' });
    expect(ctx.statuses.map((s) => s.state)).toEqual(['tailing', 'done']);
  });

  it('reads a real pipe from another process', async () => {
    const producer = spawn('sh', ['-c', 'for i in 1 2 3 4 5; do echo "line $i"; done'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const ctx = fakeContext();
    const h = startStdin(ctx, producer.stdout);
    await h.done;
    expect(ctx.texts()).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
  });

  it('hands on nothing after close', async () => {
    const input = new PassThrough();
    const ctx = fakeContext();
    const h = startStdin(ctx, input);
    input.write('a\n');
    await new Promise((r) => setImmediate(r));
    await h.close();
    input.write('b\n');
    await new Promise((r) => setImmediate(r));
    expect(ctx.texts()).toEqual(['a']);
  });
});
