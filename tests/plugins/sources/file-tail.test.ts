import { appendFileSync, chmodSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../../src/console/types.js';
import type { RawLine } from '../../../src/engine/model/event.js';
import { MAX_LINE_LENGTH } from '../../../src/engine/parsers/types.js';
import { tailFile, type TailHandle, type TailOptions } from '../../../src/plugins/sources/file-tail.js';

async function waitFor(cond: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let dir: string;
let file: string;
let handle: TailHandle | null;
let lines: RawLine[];
let states: SourceStatus[];

const texts = (): string[] => lines.map((l) => l.text);

function start(opts: Partial<TailOptions> = {}): TailHandle {
  handle = tailFile({ path: file, ...opts }, (batch) => lines.push(...batch), (s) => states.push(s));
  return handle;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tw-tail-'));
  file = path.join(dir, 'auth.log');
  handle = null;
  lines = [];
  states = [];
});

afterEach(async () => {
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tailFile', () => {
  it('starts at the end, then delivers appended lines numbered after the existing ones', async () => {
    writeFileSync(file, 'old 1\nold 2\nold 3\n');
    const h = start();
    await waitFor(() => h.state.state === 'tailing', 'tailing');
    appendFileSync(file, 'new 4\nnew 5\n');
    await waitFor(() => lines.length === 2, 'two lines');
    expect(lines).toEqual([
      { text: 'new 4', file, line: 4, via: 'file' },
      { text: 'new 5', file, line: 5, via: 'file' },
    ]);
  });

  it('with fromStart, reads the existing content first with 1-based line numbers', async () => {
    writeFileSync(file, 'a\nb\n');
    start({ fromStart: true, name: 'demo' });
    await waitFor(() => lines.length === 2, 'existing lines');
    appendFileSync(file, 'c\n');
    await waitFor(() => lines.length === 3, 'appended line');
    expect(lines.map((l) => `${l.file}:${l.line}:${l.text}`)).toEqual(['demo:1:a', 'demo:2:b', 'demo:3:c']);
  });

  it('holds a partial line until its newline arrives', async () => {
    writeFileSync(file, '');
    const h = start();
    await waitFor(() => h.state.state === 'tailing', 'tailing');
    appendFileSync(file, 'complete\npar');
    await waitFor(() => lines.length === 1, 'complete line');
    appendFileSync(file, 'tial line\n');
    await waitFor(() => lines.length === 2, 'joined line');
    expect(texts()).toEqual(['complete', 'partial line']);
  });

  it('a line being written when the tail starts is delivered whole', async () => {
    writeFileSync(file, 'done\nhalf');
    const h = start();
    await waitFor(() => h.state.state === 'tailing', 'tailing');
    appendFileSync(file, ' written\n');
    await waitFor(() => lines.length === 1, 'line');
    expect(lines[0]).toEqual({ text: 'half written', file, line: 2, via: 'file' });
  });

  it('decodes a UTF-8 character split across two writes', async () => {
    writeFileSync(file, '');
    const h = start();
    await waitFor(() => h.state.state === 'tailing', 'tailing');
    const bytes = Buffer.from('user é\n', 'utf8');
    appendFileSync(file, Buffer.concat([Buffer.from('first\n'), bytes.subarray(0, 6)]));
    await waitFor(() => lines.length === 1, 'first');
    appendFileSync(file, bytes.subarray(6));
    await waitFor(() => lines.length === 2, 'split char line');
    expect(texts()).toEqual(['first', 'user é']);
  });

  it('reads from the start again after truncation', async () => {
    writeFileSync(file, '');
    const h = start();
    await waitFor(() => h.state.state === 'tailing', 'tailing');
    appendFileSync(file, 'before 1\nbefore 2\n');
    await waitFor(() => lines.length === 2, 'before');
    truncateSync(file, 0);
    appendFileSync(file, 'after\n');
    await waitFor(() => texts().includes('after'), 'after truncation');
    expect(lines.at(-1)).toEqual({ text: 'after', file, line: 1, via: 'file' });
  });

  it('follows rotation: finishes the renamed file, then reads the new one from its start', async () => {
    writeFileSync(file, 'x\n');
    const h = start();
    await waitFor(() => h.state.state === 'tailing', 'tailing');
    appendFileSync(file, 'last of old\n');
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'first of new\nsecond of new\n');
    await waitFor(() => lines.length === 3, 'old tail and new file');
    expect(lines).toEqual([
      { text: 'last of old', file, line: 2, via: 'file' },
      { text: 'first of new', file, line: 1, via: 'file' },
      { text: 'second of new', file, line: 2, via: 'file' },
    ]);
    expect(h.state.state).toBe('tailing');
  });

  it('waits for a missing file and reads it from the start when it appears', async () => {
    const h = start({ pollIntervalMs: 50 });
    await waitFor(() => h.state.state === 'waiting' && h.state.detail === 'waiting for file', 'waiting state');
    writeFileSync(file, 'hello\n');
    await waitFor(() => lines.length === 1, 'line from the new file');
    expect(lines[0]).toEqual({ text: 'hello', file, line: 1, via: 'file' });
    expect(states.map((s) => s.state)).toEqual(['waiting', 'tailing']);
  });

  it('goes back to waiting when the file is removed, and resumes when it is recreated', async () => {
    writeFileSync(file, '');
    const h = start({ pollIntervalMs: 50 });
    await waitFor(() => h.state.state === 'tailing', 'tailing');
    unlinkSync(file);
    await waitFor(() => h.state.state === 'waiting', 'waiting after removal');
    writeFileSync(file, 'back\n');
    await waitFor(() => lines.length === 1, 'line after recreation');
    expect(texts()).toEqual(['back']);
  });

  it('cuts a line longer than 64 KiB and keeps going', async () => {
    writeFileSync(file, '');
    const h = start();
    await waitFor(() => h.state.state === 'tailing', 'tailing');
    appendFileSync(file, `${'A'.repeat(200_000)}\nnext\n`);
    await waitFor(() => lines.length === 2, 'two lines');
    expect(lines[0]?.text.length).toBe(MAX_LINE_LENGTH + 1);
    expect(lines[1]).toEqual({ text: 'next', file, line: 2, via: 'file' });
  });

  it('reports permission denied with detail', async () => {
    // Root reads anything: tail as nobody (the effective uid, restored below).
    const asRoot = process.getuid?.() === 0;
    writeFileSync(file, 'secret\n');
    chmodSync(file, 0o000);
    chmodSync(dir, 0o755);
    if (asRoot) process.seteuid?.(65534);
    try {
      const h = start();
      await waitFor(() => h.state.state === 'denied', 'denied');
      expect(h.state.detail).toMatch(/permission denied/);
      await h.close();
    } finally {
      if (asRoot) process.seteuid?.(0);
    }
  });

  it('reports a directory at the path as an error instead of throwing', async () => {
    const h = start({ path: dir });
    await waitFor(() => h.state.state === 'error', 'error state');
    expect(h.state.detail).toBe('not a regular file');
  });

  it('delivers nothing after close', async () => {
    writeFileSync(file, '');
    const h = start({ pollIntervalMs: 20 });
    await waitFor(() => h.state.state === 'tailing', 'tailing');
    await h.close();
    appendFileSync(file, 'late\n');
    // A second tail sees the line, the closed one must not have.
    const seen: string[] = [];
    const other = tailFile({ path: file, fromStart: true, pollIntervalMs: 20 }, (b) => seen.push(...b.map((l) => l.text)), () => {});
    await waitFor(() => seen.length === 1, 'second tail');
    await other.close();
    expect(lines).toEqual([]);
  });
});
