import {
  appendFileSync,
  chmodSync,
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH } from '../../../src/engine/parsers/types.js';
import type { SourceHandle } from '../../../src/plugins/sources/source.js';
import { fileSource, fileSourceSchema, startFileSource, type FileSourceConfig } from '../../../src/plugins/sources/file.js';
import { fakeContext, sleep, waitFor, type FakeContext } from './fake-context.js';

let dir: string;
let file: string;
let handles: SourceHandle[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tw-file-'));
  file = path.join(dir, 'auth.log');
  handles = [];
});

afterEach(async () => {
  for (const h of handles) await h.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(ctx: FakeContext, config: Partial<FileSourceConfig> = {}): SourceHandle {
  const h = startFileSource(fileSourceSchema.parse({ paths: [file], rotationGraceMs: 3000, pollIntervalMs: 50, ...config }), ctx);
  handles.push(h);
  return h;
}

const numbers = (ctx: FakeContext): number[] => ctx.texts().map((t) => Number(t.slice(1)));
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Writes `L<n>` lines in bursts through an fd, like a daemon; `reopen()` switches to the path's current file. */
function writer(target: string) {
  let fd = openSync(target, 'a');
  let n = 0;
  return {
    get count() {
      return n;
    },
    burst(lines: number): void {
      let s = '';
      for (let i = 0; i < lines; i++) s += `L${++n}\n`;
      writeSync(fd, s);
    },
    reopen(): void {
      closeSync(fd);
      fd = openSync(target, 'a');
    },
    close(): void {
      closeSync(fd);
    },
  };
}

describe('file source', () => {
  it('has its defaults in the schema', () => {
    expect(fileSource.defaults).toEqual({ paths: ['/var/log/auth.log'], rotationGraceMs: 5000, pollIntervalMs: 250, usePolling: false });
    expect(fileSource.kind).toBe('source');
    expect(fileSourceSchema.safeParse({ paths: ['/var/*/auth.log'] }).success).toBe(false);
    expect(fileSourceSchema.safeParse({ bogus: 1 }).success).toBe(false);
  });

  it('stamps lines with file, line and via, and saves a checkpoint covering them', async () => {
    writeFileSync(file, 'a\nb\n');
    const ctx = fakeContext({ position: 'start' });
    start(ctx);
    await waitFor(() => ctx.lines.length === 2, 'two lines');
    expect(ctx.lines[1]).toEqual({ text: 'b', file, line: 2, via: 'file' });
    await waitFor(() => ctx.saved.has(file), 'checkpoint');
    expect(ctx.saved.get(file)).toMatchObject({ offset: 4, line: 2, fingerprint: expect.stringMatching(/^4:[0-9a-f]{32}$/) });
    appendFileSync(file, 'c\npartial');
    await waitFor(() => ctx.lines.length === 3, 'third line');
    await sleep(150);
    // The partial line is not covered by the checkpoint.
    expect(ctx.saved.get(file)).toMatchObject({ offset: 6, line: 3 });
  });

  it('a 1 MB line is cut, binary garbage is decoded with replacements, and the lines after them arrive', async () => {
    writeFileSync(file, '');
    const ctx = fakeContext();
    const h = start(ctx);
    await waitFor(() => h.status.state === 'tailing', 'tailing');
    const garbage = Buffer.alloc(300_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
    appendFileSync(file, Buffer.concat([Buffer.from(`${'A'.repeat(1 << 20)}\n`), garbage, Buffer.from('\nafter the garbage\n')]));
    await waitFor(() => ctx.texts().includes('after the garbage'), 'the line after');
    expect(ctx.lines[0]!.text.length).toBe(MAX_LINE_LENGTH + 1);
    expect(ctx.lines.every((l) => l.text.length <= MAX_LINE_LENGTH + 1)).toBe(true);
    expect(ctx.lines.at(-1)!.line).toBe(ctx.lines.length);
  });

  it('rename-and-create under load, writer reopening late: every line once, in order', async () => {
    writeFileSync(file, '');
    const ctx = fakeContext();
    const h = start(ctx);
    await waitFor(() => h.status.state === 'tailing', 'tailing');
    const w = writer(file);
    for (let rot = 1; rot <= 3; rot++) {
      for (let i = 0; i < 10; i++) {
        w.burst(40);
        await sleep(5);
      }
      renameSync(file, `${file}.${rot}`);
      writeFileSync(file, '');
      // The daemon keeps writing to the renamed file until it is told to reopen.
      for (let i = 0; i < 10; i++) {
        w.burst(40);
        await sleep(20);
      }
      w.reopen();
    }
    w.burst(100);
    w.close();
    await waitFor(() => ctx.lines.length >= w.count, `${w.count} lines`);
    await sleep(200);
    expect(numbers(ctx)).toEqual(range(1, w.count));
  });

  it('deletion under load, writer still holding the deleted file: every line once', async () => {
    writeFileSync(file, '');
    const ctx = fakeContext();
    const h = start(ctx);
    await waitFor(() => h.status.state === 'tailing', 'tailing');
    const w = writer(file);
    w.burst(500);
    await sleep(30);
    unlinkSync(file);
    for (let i = 0; i < 10; i++) {
      w.burst(50);
      await sleep(20);
    }
    w.reopen(); // creates the file again
    w.burst(300);
    w.close();
    await waitFor(() => ctx.lines.length >= w.count, `${w.count} lines`);
    await sleep(200);
    expect(numbers(ctx)).toEqual(range(1, w.count));
  });

  it('copytruncate under load, even when the file regrows past the read offset before a check', async () => {
    writeFileSync(file, '');
    const ctx = fakeContext();
    const h = start(ctx);
    await waitFor(() => h.status.state === 'tailing', 'tailing');
    const w = writer(file);
    for (let rot = 0; rot < 3; rot++) {
      for (let i = 0; i < 10; i++) {
        w.burst(50);
        await sleep(5);
      }
      // Copy and truncate with nothing written in between (logrotate's own window closed), then
      // more than was there, all before the tailer looks again.
      w.burst(2000);
      copyFileSync(file, `${file}.1`);
      truncateSync(file, 0);
      w.burst(6000);
      await sleep(300);
    }
    w.burst(10);
    w.close();
    await waitFor(() => ctx.lines.length >= w.count, `${w.count} lines`);
    await sleep(200);
    expect(numbers(ctx)).toEqual(range(1, w.count));
  });

  it('keeps draining a rotated file for the grace period only, then closes it', async () => {
    writeFileSync(file, 'x\n');
    const ctx = fakeContext();
    const h = start(ctx, { rotationGraceMs: 1500 });
    await waitFor(() => h.status.state === 'tailing', 'tailing');
    const fd = openSync(file, 'a');
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'new 1\n');
    await waitFor(() => ctx.texts().includes('new 1'), 'new file');
    writeSync(fd, 'late to the old file\n');
    await waitFor(() => ctx.texts().includes('late to the old file'), 'late line');
    await waitFor(() => (ctx.saved.get(file) as { rotated?: unknown }).rotated === undefined, 'drain finished');
    writeSync(fd, 'too late\n');
    closeSync(fd);
    await sleep(300);
    expect(ctx.texts()).toEqual(['new 1', 'late to the old file']);
    expect(ctx.lines.find((l) => l.text === 'late to the old file')?.line).toBe(2);
  });

  describe('restart', () => {
    async function run(position: 'auto' | 'start' | 'end', saved: Map<string, unknown>, expectLines: number, config: Partial<FileSourceConfig> = {}) {
      const ctx = fakeContext({ position, saved });
      const h = start(ctx, config);
      await waitFor(() => ctx.lines.length >= expectLines && h.status.state !== 'waiting', `${expectLines} lines`);
      await sleep(250);
      await h.close();
      return ctx;
    }

    it('resumes after the last processed line, without duplicates', async () => {
      writeFileSync(file, 'L1\nL2\n');
      const saved = new Map<string, unknown>();
      await run('start', saved, 2);
      appendFileSync(file, 'L3\nL4\n');
      const second = await run('auto', saved, 2);
      expect(second.lines.map((l) => `${l.line}:${l.text}`)).toEqual(['3:L3', '4:L4']);
    });

    it('start and end override the checkpoint', async () => {
      writeFileSync(file, 'L1\nL2\n');
      const saved = new Map<string, unknown>();
      await run('start', saved, 2);
      appendFileSync(file, 'L3\n');
      expect((await run('start', new Map(saved), 3)).texts()).toEqual(['L1', 'L2', 'L3']);
      const end = fakeContext({ position: 'end', saved: new Map(saved) });
      const h = start(end);
      await waitFor(() => h.status.state === 'tailing', 'tailing');
      appendFileSync(file, 'L4\n');
      await waitFor(() => end.lines.length === 1, 'one line');
      expect(end.lines[0]).toMatchObject({ text: 'L4', line: 4 });
    });

    it('reads the rest of the renamed file, then the new one, when rotated while stopped', async () => {
      writeFileSync(file, 'L1\nL2\n');
      const saved = new Map<string, unknown>();
      await run('start', saved, 2);
      appendFileSync(file, 'L3\n');
      renameSync(file, `${file}.1`);
      writeFileSync(file, 'L4\n');
      const second = await run('auto', saved, 2);
      expect(second.lines.map((l) => `${l.line}:${l.text}`)).toEqual(['3:L3', '1:L4']);
    });

    it('finds the old file by fingerprint after two rotations and compression', async () => {
      writeFileSync(file, 'L1\nL2\n');
      const saved = new Map<string, unknown>();
      await run('start', saved, 2);
      appendFileSync(file, 'L3\n');
      writeFileSync(`${file}.2.gz`, gzipSync(readFileSync(file)));
      unlinkSync(file);
      writeFileSync(`${file}.1`, 'L4\nL5\n');
      writeFileSync(file, 'L6\n');
      const second = await run('auto', saved, 4);
      expect(second.texts()).toEqual(['L3', 'L4', 'L5', 'L6']);
    });

    it('after copytruncate while stopped: the rest from the copy, then the file from its start', async () => {
      writeFileSync(file, 'L1\nL2\n');
      const saved = new Map<string, unknown>();
      await run('start', saved, 2);
      appendFileSync(file, 'L3\n');
      copyFileSync(file, `${file}.1`);
      truncateSync(file, 0);
      appendFileSync(file, 'L4 a longer line than any before it\n');
      const second = await run('auto', saved, 2);
      expect(second.lines.map((l) => `${l.line}:${l.text}`)).toEqual(['3:L3', '1:L4 a longer line than any before it']);
    });

    it('resumes the files still draining at the checkpoint', async () => {
      writeFileSync(file, 'L1\n');
      const saved = new Map<string, unknown>();
      const ctx = fakeContext({ saved, position: 'start' });
      const h = start(ctx, { rotationGraceMs: 60_000 });
      await waitFor(() => ctx.lines.length === 1, 'first line');
      renameSync(file, `${file}.1`);
      writeFileSync(file, 'N1\n');
      await waitFor(() => ctx.lines.length === 2, 'new file');
      await waitFor(() => (saved.get(file) as { rotated?: unknown[] }).rotated?.length === 1, 'checkpoint with the draining file');
      await h.close();
      appendFileSync(`${file}.1`, 'L2 written late\n');
      appendFileSync(file, 'N2\n');
      const before = structuredClone(saved.get(file)) as { ino: number };
      const ctx2 = fakeContext({ saved, position: 'auto' });
      start(ctx2, { rotationGraceMs: 60_000 });
      await waitFor(() => ctx2.lines.length === 2, 'the draining file, then the new one');
      expect(ctx2.texts()).toEqual(['L2 written late', 'N2']);
      // Even while only the old file had been read again, the new file kept its place as the main position.
      expect(ctx2.saves.length).toBeGreaterThan(0);
      for (const [, cp] of ctx2.saves) expect(cp).toMatchObject({ ino: before.ino, rotated: [expect.anything()] });
    });

    it('a checkpoint that matches nothing: diagnostic, then the file from its start', async () => {
      writeFileSync(file, 'L1\n');
      const saved = new Map<string, unknown>([[file, { dev: 1, ino: 2, offset: 3, line: 1, fingerprint: `3:${'0'.repeat(32)}` }]]);
      const second = await run('auto', saved, 1);
      expect(second.texts()).toEqual(['L1']);
      expect(second.diagnostics[0]?.message).toMatch(/saved position/);
    });

    it('an unusable checkpoint: diagnostic, then the end', async () => {
      writeFileSync(file, 'L1\n');
      const ctx = fakeContext({ saved: new Map([[file, { nonsense: true }]]) });
      const h = start(ctx);
      await waitFor(() => h.status.state === 'tailing', 'tailing');
      appendFileSync(file, 'L2\n');
      await waitFor(() => ctx.lines.length === 1, 'a line');
      expect(ctx.texts()).toEqual(['L2']);
      expect(ctx.diagnostics[0]?.message).toMatch(/not usable/);
    });
  });

  describe('globs and several files', () => {
    it('reads the rotations of a glob once, oldest first, then follows the live file', async () => {
      writeFileSync(`${file}.3.gz`, gzipSync('G1\nG2\n'));
      writeFileSync(`${file}.2.gz`, gzipSync('G3\n'));
      writeFileSync(`${file}.1`, 'P1\n');
      writeFileSync(file, 'A1\n');
      const ctx = fakeContext({ position: 'start' });
      const h = start(ctx, { paths: [path.join(dir, 'auth.log*')] });
      await waitFor(() => ctx.lines.length === 5, 'history and live');
      expect(ctx.texts()).toEqual(['G1', 'G2', 'G3', 'P1', 'A1']);
      expect(h.status.state).toBe('tailing');
      appendFileSync(file, 'A2\n');
      await waitFor(() => ctx.lines.length === 6, 'appended');
      // A rotation under the glob is not a new file to read.
      renameSync(file, `${file}.1`);
      writeFileSync(file, 'B1\n');
      await waitFor(() => ctx.lines.length === 7, 'new live file');
      await sleep(2500);
      expect(ctx.texts().slice(5)).toEqual(['A2', 'B1']);
    });

    it('follows a matching file that appears later from its start', async () => {
      writeFileSync(path.join(dir, 'a.log'), 'a0\n');
      const ctx = fakeContext();
      const h = start(ctx, { paths: [path.join(dir, '*.log')] });
      await waitFor(() => h.status.state === 'tailing', 'tailing');
      writeFileSync(path.join(dir, 'b.log'), 'b1\nb2\n');
      writeFileSync(path.join(dir, 'c.txt'), 'no\n');
      appendFileSync(path.join(dir, 'a.log'), 'a1\n');
      await waitFor(() => ctx.lines.length === 3, 'lines from both');
      expect(ctx.texts().sort()).toEqual(['a1', 'b1', 'b2']);
      expect(ctx.lines.find((l) => l.text === 'b1')?.file).toBe(path.join(dir, 'b.log'));
    });

    it('reads a .gz matched on its own once, and not again after a restart', async () => {
      const gz = path.join(dir, 'old.log.gz');
      writeFileSync(gz, gzipSync('Z1\nZ2'));
      const saved = new Map<string, unknown>();
      const ctx = fakeContext({ saved });
      const h = start(ctx, { paths: [path.join(dir, 'o*.log.gz')] });
      await waitFor(() => ctx.lines.length === 2, 'gz lines');
      expect(ctx.lines.map((l) => `${l.file}:${l.line}:${l.text}`)).toEqual([`${gz}:1:Z1`, `${gz}:2:Z2`]);
      await h.close();
      const again = fakeContext({ saved });
      start(again, { paths: [path.join(dir, 'o*.log.gz')] });
      await sleep(400);
      expect(again.lines).toEqual([]);
    });

    it('several files: one status, naming a missing one', async () => {
      const other = path.join(dir, 'secure');
      writeFileSync(file, '');
      const ctx = fakeContext();
      const h = start(ctx, { paths: [file, other] });
      await waitFor(() => h.status.state === 'tailing' && h.status.detail !== undefined, 'mixed status');
      expect(h.status.detail).toBe(`1 of 2 files waiting for file: ${other}`);
      writeFileSync(other, 's1\n');
      appendFileSync(file, 'f1\n');
      await waitFor(() => ctx.lines.length === 2, 'both files');
      expect(h.status).toEqual({ name: `${file}, ${other}`, state: 'tailing', detail: '2 files' });
    });

    it('a glob with no match waits', async () => {
      const ctx = fakeContext();
      const h = start(ctx, { paths: [path.join(dir, 'nothing*')] });
      await sleep(200);
      expect(h.status).toMatchObject({ state: 'waiting', detail: 'waiting for file' });
    });
  });

  it('permission denied is shown and recovers when the file becomes readable', async () => {
    const asRoot = process.getuid?.() === 0;
    chmodSync(dir, 0o755);
    writeFileSync(file, 'secret\n');
    chmodSync(file, 0o600);
    // Root reads anything: run the source as nobody (the effective uid, restored below).
    const asOwner = (fn: () => void): void => {
      if (!asRoot) return fn();
      process.seteuid?.(0);
      try {
        fn();
      } finally {
        process.seteuid?.(65534);
      }
    };
    if (asRoot) process.seteuid?.(65534);
    try {
      const ctx = fakeContext();
      const h = start(ctx);
      await waitFor(() => h.status.state === 'denied', 'denied');
      expect(h.status.detail).toMatch(/^permission denied/);
      asOwner(() => chmodSync(file, 0o644));
      await waitFor(() => h.status.state === 'tailing', 'recovered');
      asOwner(() => appendFileSync(file, 'visible\n'));
      await waitFor(() => ctx.lines.length === 1, 'line after recovery');
      expect(ctx.texts()).toEqual(['visible']);
      expect(ctx.statuses.map((s) => s.state)).toEqual(['denied', 'tailing']);
    } finally {
      if (asRoot) process.seteuid?.(0);
    }
  });
});
