import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSimulate, type SimulateOptions } from '../../src/commands/simulate.js';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function run(opts: SimulateOptions, now?: () => number, signal?: AbortSignal) {
  const out = capture();
  const err = capture();
  const code = await runSimulate(opts, { stdout: out.stream, stderr: err.stream, ...(now ? { now } : {}), ...(signal ? { signal } : {}) });
  const lines = out.text().split('\n');
  expect(lines.pop()).toBe(''); // every line ends with a newline
  return { code, lines, stderr: err.text() };
}

const timeOf = (line: string): number => Date.parse(line.slice(0, line.indexOf(' ')));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tw-sim-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runSimulate', () => {
  it('unpaced with --lines writes exactly that many lines, the last one at about now', async () => {
    const r = await run({ rate: 'max', lines: 500, seed: 4, format: 'rfc3339' }, () => NOW);
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(500);
    const last = timeOf(r.lines.at(-1) as string);
    expect(last).toBeLessThanOrEqual(NOW);
    expect(last).toBeGreaterThan(NOW - 2000);
    expect(r.lines.map(timeOf).every((t, i, all) => i === 0 || t >= (all[i - 1] as number))).toBe(true);
  });

  it('is reproducible with a seed', async () => {
    const a = await run({ rate: 0, lines: 300, seed: 9 }, () => NOW);
    const b = await run({ rate: 0, lines: 300, seed: 9 }, () => NOW);
    expect(a.lines).toEqual(b.lines);
  });

  it('unpaced with --duration covers the last N seconds and nothing in the future', async () => {
    const r = await run({ rate: 'max', duration: 120, seed: 1, format: 'rfc3339' }, () => NOW);
    const times = r.lines.map(timeOf);
    expect(r.lines.length).toBeGreaterThan(120 * 10);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - 120_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW);
  });

  it('paced output follows the wall clock: timestamps are the time of writing', async () => {
    const started = Date.now();
    const r = await run({ rate: 200, duration: 0.4, seed: 2, format: 'rfc3339' });
    const ended = Date.now();
    expect(r.code).toBe(0);
    expect(ended - started).toBeGreaterThanOrEqual(390);
    expect(r.lines.length).toBeGreaterThan(10);
    for (const t of r.lines.map(timeOf)) {
      expect(t).toBeGreaterThanOrEqual(started);
      expect(t).toBeLessThanOrEqual(ended);
    }
  });

  it('stops quietly when interrupted', async () => {
    const ac = new AbortController();
    const out = capture();
    out.stream.once('data', () => ac.abort());
    const code = await runSimulate({ rate: 500, seed: 3 }, { stdout: out.stream, stderr: new PassThrough(), signal: ac.signal });
    expect(code).toBe(0);
    expect(out.text().length).toBeGreaterThan(0);
  });

  it('unpaced without a limit backfills the past at full speed, never writing lines from the future', async () => {
    const ac = new AbortController();
    const out = capture();
    out.stream.once('data', () => setImmediate(() => ac.abort()));
    const code = await runSimulate({ rate: 'max', seed: 8, format: 'rfc3339' }, { stdout: out.stream, stderr: new PassThrough(), signal: ac.signal, now: () => NOW });
    expect(code).toBe(0);
    const times = out.text().trimEnd().split('\n').map(timeOf);
    expect(times.length).toBeGreaterThan(100);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - 3600_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW);
  });

  it('appends to --out instead of overwriting', async () => {
    const file = path.join(dir, 'auth.log');
    writeFileSync(file, 'existing line\n');
    const code = await runSimulate({ out: file, rate: 'max', lines: 50, seed: 5 }, { stdout: new PassThrough(), stderr: new PassThrough(), now: () => NOW });
    expect(code).toBe(0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('existing line');
    expect(lines).toHaveLength(51);
  });

  it('exits 0 without a word when the reader goes away (EPIPE)', async () => {
    let writes = 0;
    const stdout = new Writable({
      write(_chunk, _enc, cb) {
        writes++;
        const err = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        cb(writes > 1 ? err : null);
      },
    });
    const stderr = capture();
    const code = await runSimulate({ rate: 'max', lines: 100_000, seed: 6 }, { stdout, stderr: stderr.stream, now: () => NOW });
    expect(code).toBe(0);
    expect(stderr.text()).toBe('');
  });

  it('reports an output file it cannot open with exit code 1', async () => {
    const err = capture();
    const code = await runSimulate({ out: path.join(dir, 'missing', 'x.log'), lines: 1 }, { stdout: new PassThrough(), stderr: err.stream });
    expect(code).toBe(1);
    expect(err.text()).toMatch(/simulate: cannot write/);
  });

  it.each([
    [{ rate: -1 }, /invalid rate/],
    [{ duration: 0 }, /invalid duration/],
    [{ lines: 2.5 }, /invalid lines/],
    [{ format: 'json' as never }, /invalid format/],
  ])('rejects bad options %j with exit code 2', async (opts, message) => {
    const err = capture();
    const code = await runSimulate(opts, { stdout: new PassThrough(), stderr: err.stream });
    expect(code).toBe(2);
    expect(err.text()).toMatch(message);
  });
});
