import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { RawLine } from '../../../src/engine/model/event.js';
import { inspectInput, InputError, readLineBatches } from '../../../src/plugins/sources/file-read.js';

const dir = mkdtempSync(join(tmpdir(), 'tw-file-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, data: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

async function readAll(path: string, batchSize?: number): Promise<{ lines: RawLine[]; batches: number[] }> {
  const info = await inspectInput(path);
  const lines: RawLine[] = [];
  const batches: number[] = [];
  for await (const batch of readLineBatches(info, batchSize === undefined ? {} : { batchSize })) {
    batches.push(batch.length);
    lines.push(...batch);
  }
  return { lines, batches };
}

/** Lines of varying length (some non-ASCII), so line ends fall everywhere across read boundaries. */
function sampleLines(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const pad = 'x'.repeat((i * 37) % 181);
    out.push(i % 97 === 0 ? `line ${i} usér ✓ ${pad}` : `line ${i} ${pad}`);
  }
  return out;
}

describe('readLineBatches', () => {
  it('reads every line of a multi-megabyte file once, in order, numbered from 1', async () => {
    const expected = sampleLines(40_000); // ~4 MB: several 1 MiB reads, many 64 KiB pieces
    const path = write('big.log', expected.join('\n') + '\n');
    const { lines } = await readAll(path);
    expect(lines.map((l) => l.text)).toEqual(expected);
    expect(lines.map((l) => l.line)).toEqual(expected.map((_, i) => i + 1));
    expect(new Set(lines.map((l) => l.file))).toEqual(new Set([path]));
  });

  it('keeps batches near the requested size', async () => {
    const path = write('batches.log', sampleLines(20_000).join('\n') + '\n');
    const { batches } = await readAll(path, 500);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(20_000);
    // A batch is handed on once it holds batchSize lines (plus at most one 64 KiB piece).
    for (const n of batches.slice(0, -1)) expect(n).toBeGreaterThanOrEqual(500);
    expect(Math.max(...batches)).toBeLessThan(500 + 1200);
  });

  it('returns a last line without a newline, drops CRs of CRLF lines, and keeps empty lines', async () => {
    const path = write('crlf.log', 'first\r\n\r\nthird\r\nno newline at the end');
    const { lines } = await readAll(path);
    expect(lines.map((l) => l.text)).toEqual(['first', '', 'third', 'no newline at the end']);
  });

  it('reads gzip files transparently, whatever their name', async () => {
    const expected = sampleLines(5_000);
    const path = write('rotated.1', gzipSync(Buffer.from(expected.join('\n') + '\n')));
    const info = await inspectInput(path);
    expect(info.gzip).toBe(true);
    const { lines } = await readAll(path);
    expect(lines.map((l) => l.text)).toEqual(expected);
  });

  it('replaces invalid UTF-8 instead of failing', async () => {
    const path = write('bad-utf8.log', Buffer.from([0x61, 0xff, 0x62, 0x0a, 0x63, 0x0a]));
    const { lines } = await readAll(path);
    expect(lines.map((l) => l.text)).toEqual(['a\ufffdb', 'c']);
  });

  it('reports a corrupt gzip file as an input error', async () => {
    const good = gzipSync(Buffer.from(sampleLines(2_000).join('\n')));
    const path = write('corrupt.gz', good.subarray(0, good.length - 40));
    await expect(readAll(path)).rejects.toBeInstanceOf(InputError);
  });
});
