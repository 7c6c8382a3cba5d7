// The runtime's side of the control socket: a writer listens from start() to stop(), applies
// requests through its actions (change listeners fire at once, the audit actor is the caller), and
// a read-only runtime or `controlSocket: false` never listens.
import { existsSync, lstatSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/schema.js';
import { emptyIntelIndex } from '../../src/engine/enrichment/intel-index.js';
import { createLineParser } from '../../src/engine/parsers/index.js';
import { createSimulatedResponder } from '../../src/plugins/responders/simulate.js';
import type { AuditEntry, AuditLog } from '../../src/runtime/audit-log.js';
import { createBlockGuard } from '../../src/runtime/block-guard.js';
import { controlSocketPath, sendControlRequest } from '../../src/runtime/control-socket.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { openStore, type StoreMode } from '../../src/runtime/store/alert-store.js';

const started: Runtime[] = [];
afterEach(async () => {
  for (const r of started.splice(0)) await r.stop();
});

async function runtimeOn(dataDir: string, opts: { mode?: StoreMode; readonly?: boolean; controlSocket?: boolean } = {}) {
  const store = await openStore(dataDir, { mode: opts.mode ?? 'writer', debounceMs: 10 });
  const entries: AuditEntry[] = [];
  const audit: AuditLog = { path: '-', append: async (e) => void entries.push(e), close: async () => undefined };
  const runtime = createRuntime({
    config: defaultConfig(),
    parse: createLineParser({ now: Date.now() }),
    intel: emptyIntelIndex(),
    sources: [],
    store,
    responder: createSimulatedResponder(),
    guard: createBlockGuard({ allowlist: [], env: {}, interfaces: () => ({}) }),
    audit,
    actor: 'console@pts/0',
    position: 'auto',
    stdout: new PassThrough(),
    readonly: opts.readonly,
    controlSocket: opts.controlSocket,
  });
  await runtime.start();
  started.push(runtime);
  return { runtime, entries };
}

const tmpData = () => join(mkdtempSync(join(tmpdir(), 'tw-rt-ctl-')), 'data');

describe('runtime control socket', () => {
  it('a writer listens from start() to stop() and applies requests through its actions', async () => {
    const dataDir = tmpData();
    const { runtime, entries } = await runtimeOn(dataDir);
    expect(lstatSync(controlSocketPath(dataDir)).isSocket()).toBe(true);
    let changes = 0;
    runtime.onChange(() => changes++);

    const res = await sendControlRequest(dataDir, { v: 1, op: 'block', target: '203.0.113.45', seconds: 90, actor: 'alice@pts/3' });
    expect(res).toMatchObject({ ok: true, pid: process.pid, backend: 'simulate', record: { ip: '203.0.113.45', seconds: 90, actor: 'alice@pts/3', state: 'active' } });
    expect(changes).toBeGreaterThan(0);
    expect(runtime.blocks().map((b) => b.ip)).toEqual(['203.0.113.45']);
    expect(entries.map((e) => [e.action, e.actor, e.result])).toEqual([['block', 'alice@pts/3', 'ok']]);
    expect(runtime.diagnostics.list().map((d) => d.message)).toContain('command line (alice@pts/3): Blocked 203.0.113.45 (simulate, 90s) — simulated, nothing changed on this system');

    expect(await sendControlRequest(dataDir, { v: 1, op: 'blocks' })).toMatchObject({ ok: true, blocks: [expect.objectContaining({ ip: '203.0.113.45' })] });
    expect(await sendControlRequest(dataDir, { v: 1, op: 'unblock', target: '203.0.113.45' })).toMatchObject({ ok: true });
    expect(entries.at(-1)).toMatchObject({ action: 'unblock', actor: 'cli', result: 'ok' });
    expect(runtime.blocks()).toEqual([]);

    await runtime.stop();
    expect(existsSync(controlSocketPath(dataDir))).toBe(false);
  });

  it('a read-only runtime, or one started with controlSocket: false, never listens', async () => {
    const dataDir = tmpData();
    await runtimeOn(dataDir, { controlSocket: false });
    expect(existsSync(controlSocketPath(dataDir))).toBe(false);
    await runtimeOn(dataDir, { mode: 'readonly', readonly: true });
    expect(existsSync(controlSocketPath(dataDir))).toBe(false);
  });
});
