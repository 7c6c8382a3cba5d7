import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawLine } from '../../../src/engine/model/event.js';
import { startDemo } from '../../../src/plugins/sources/demo.js';
import { tailFile } from '../../../src/plugins/sources/file-tail.js';

async function waitFor(cond: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const stampTime = (line: string): number => Date.parse(line.slice(0, line.indexOf(' ')));

describe('startDemo', () => {
  it('writes about two minutes of history into a temp file, then keeps writing on the wall clock', async () => {
    const before = Date.now();
    const demo = startDemo({ seed: 1, rate: 40 });
    try {
      expect(path.dirname(path.dirname(demo.path))).toBe(tmpdir());
      const history = readFileSync(demo.path, 'utf8').split('\n').filter(Boolean);
      expect(history.length).toBeGreaterThan(40 * 60);
      const first = stampTime(history[0] as string);
      const last = stampTime(history.at(-1) as string);
      expect(first).toBeGreaterThanOrEqual(before - 120_000);
      expect(last - first).toBeGreaterThan(100_000);
      expect(last).toBeLessThanOrEqual(Date.now());
      await waitFor(() => readFileSync(demo.path, 'utf8').split('\n').length > history.length + 5, 'new lines');
      const now = Date.now();
      const tail = readFileSync(demo.path, 'utf8').trimEnd().split('\n').at(-1) as string;
      expect(stampTime(tail)).toBeLessThanOrEqual(now);
      expect(stampTime(tail)).toBeGreaterThan(now - 5000);
    } finally {
      await demo.stop();
    }
    expect(existsSync(path.dirname(demo.path))).toBe(false);
  });

  it('is followed by the real tailer, history included', async () => {
    const demo = startDemo({ seed: 2, rate: 30 });
    const lines: RawLine[] = [];
    const tail = tailFile({ path: demo.path, fromStart: true, name: 'demo' }, (b) => lines.push(...b), () => {});
    try {
      const historyCount = readFileSync(demo.path, 'utf8').split('\n').length - 1;
      await waitFor(() => lines.length > historyCount + 3, 'history and live lines');
      expect(lines[0]?.file).toBe('demo');
      expect(lines[0]?.line).toBe(1);
      expect(lines.every((l, i) => l.line === i + 1)).toBe(true);
    } finally {
      await tail.close();
      await demo.stop();
    }
  });
});

describe('demo source', () => {
  it('follows the generated file from its start, lines stamped demo, and cleans up on close', async () => {
    const { demoSource } = await import('../../../src/plugins/sources/demo.js');
    const { fakeContext } = await import('./fake-context.js');
    expect(demoSource.defaults).toEqual({ rate: 15, seed: null, format: 'rfc3339', historyMs: 120_000 });
    const ctx = fakeContext({ position: 'end' });
    const h = demoSource.create({ ...demoSource.defaults, rate: 40, seed: 3 }, ctx);
    try {
      await waitFor(() => ctx.lines.length > 40 * 60, 'history');
      const log = ctx.lines.filter((l) => l.file === 'demo');
      expect(log[0]).toMatchObject({ file: 'demo', line: 1, via: 'demo' });
      expect(log.every((l, i) => l.line === i + 1)).toBe(true);
      // flow records go to their own file, numbered on their own
      await waitFor(() => ctx.lines.some((l) => l.file === 'demo-flows'), 'flow records');
      expect(ctx.lines.filter((l) => l.file === 'demo-flows').every((l, i, a) => i === 0 || l.line === a[i - 1]!.line + 1)).toBe(true);
      expect(h.status).toMatchObject({ name: 'demo', state: 'tailing' });
      expect(ctx.saved.size).toBe(0);
    } finally {
      await h.close();
    }
  });
});
