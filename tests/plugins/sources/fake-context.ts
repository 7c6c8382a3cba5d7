// A SourceContext for tests: records what a source emits, reports and saves.
import type { RawLine } from '../../../src/engine/model/event.js';
import type { SourceStatus } from '../../../src/engine/model/source-status.js';
import type { Diagnostic } from '../../../src/engine/snapshot/types.js';
import type { SourceContext } from '../../../src/plugins/sources/source.js';

export interface FakeContext extends SourceContext {
  lines: RawLine[];
  batches: number;
  statuses: SourceStatus[];
  diagnostics: Diagnostic[];
  saved: Map<string, unknown>;
  /** Every checkpoint saved, in order. */
  saves: [string, unknown][];
  texts(): string[];
}

export function fakeContext(
  opts: { position?: SourceContext['position']; saved?: Map<string, unknown>; now?: () => number } = {},
): FakeContext {
  const saved = opts.saved ?? new Map<string, unknown>();
  const ctx: FakeContext = {
    lines: [],
    batches: 0,
    statuses: [],
    diagnostics: [],
    saved,
    saves: [],
    position: opts.position ?? 'auto',
    emit(lines) {
      ctx.batches++;
      for (const l of lines) ctx.lines.push(l);
    },
    status(s) {
      ctx.statuses.push(s);
    },
    diagnostic(d) {
      ctx.diagnostics.push(d);
    },
    checkpoint(key) {
      return saved.has(key) ? structuredClone(saved.get(key)) : null;
    },
    saveCheckpoint(key, value) {
      saved.set(key, structuredClone(value));
      ctx.saves.push([key, structuredClone(value)]);
    },
    now: opts.now ?? Date.now,
    texts: () => ctx.lines.map((l) => l.text),
  };
  return ctx;
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
