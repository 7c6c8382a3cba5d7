// Replay's alert output is written in blocks: held text reaches stdout on size, on a timer, on
// flush, and on SIGINT/SIGTERM before the process dies of them; a terminal gets every line at once.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBlockWriter } from '../../src/commands/io.js';
import type { Io } from '../../src/commands/io.js';

function fakeIo(isTTY = false): { io: Io; writes: string[] } {
  const writes: string[] = [];
  const stdout = new PassThrough() as unknown as Io['stdout'];
  (stdout as { isTTY?: boolean }).isTTY = isTTY;
  stdout.write = ((chunk: string) => {
    writes.push(chunk);
    return true;
  }) as Io['stdout']['write'];
  return { io: { stdout, stderr: new PassThrough(), env: {} }, writes };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createBlockWriter', () => {
  it('holds lines and writes them as one block on flush', () => {
    const { io, writes } = fakeIo();
    const w = createBlockWriter(io, { signals: false });
    w.write('a\n');
    w.write('b\n');
    expect(writes).toEqual([]);
    w.flush();
    expect(writes).toEqual(['a\nb\n']);
    w.flush();
    expect(writes).toEqual(['a\nb\n']);
  });

  it('writes once maxBytes are held', () => {
    const { io, writes } = fakeIo();
    const w = createBlockWriter(io, { signals: false, maxBytes: 4 });
    w.write('ab');
    expect(writes).toEqual([]);
    w.write('cd');
    expect(writes).toEqual(['abcd']);
  });

  it('never holds a line longer than maxDelayMs (a slow pipe still sees its alerts)', () => {
    vi.useFakeTimers();
    const { io, writes } = fakeIo();
    const w = createBlockWriter(io, { signals: false, maxDelayMs: 200 });
    w.write('a\n');
    vi.advanceTimersByTime(150);
    w.write('b\n');
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(writes).toEqual(['a\nb\n']);
    w.write('c\n');
    vi.advanceTimersByTime(199);
    expect(writes).toEqual(['a\nb\n']);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('writes each line at once to a terminal, or when asked to (a paced replay)', () => {
    const tty = fakeIo(true);
    createBlockWriter(tty.io, { signals: false }).write('a\n');
    expect(tty.writes).toEqual(['a\n']);
    const paced = fakeIo();
    createBlockWriter(paced.io, { signals: false, immediate: true }).write('b\n');
    expect(paced.writes).toEqual(['b\n']);
  });

  it('flushes on SIGINT and SIGTERM, then lets the signal take its course; listens only while holding', () => {
    const { io, writes } = fakeIo();
    const signalled: string[] = [];
    const before = process.listenerCount('SIGINT');
    const beforeTerm = process.listenerCount('SIGTERM');
    const w = createBlockWriter(io, { signals: true, afterSignal: (s) => signalled.push(s) });
    w.write('a\n');
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGINT', 'SIGINT');
    expect(writes).toEqual(['a\n']);
    expect(signalled).toEqual(['SIGINT']);
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm);
    w.write('b\n');
    process.emit('SIGTERM', 'SIGTERM');
    expect(writes).toEqual(['a\n', 'b\n']);
    expect(signalled).toEqual(['SIGINT', 'SIGTERM']);
    w.write('c\n');
    w.flush();
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm);
  });
});
