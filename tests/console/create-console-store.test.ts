// The console's view of the runtime: throttled notifications, blocking through the guard and the
// responder, status changes reaching the store, and persistence across a restart.
import { mkdtempSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleStore, type LiveConsoleStore } from '../../src/console/create-console-store.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { emptyIntelIndex } from '../../src/engine/enrichment/intel-index.js';
import { createLineParser } from '../../src/engine/parsers/index.js';
import { createBlockGuard } from '../../src/runtime/block-guard.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { createSimulatedResponder } from '../../src/plugins/responders/simulate.js';
import { openStore } from '../../src/runtime/store/alert-store.js';
import type { RawLine } from '../../src/engine/model/event.js';

const T0 = Date.parse('2026-11-22T10:00:00Z');
function attack(ip: string, n: number, from = 0): RawLine[] {
  return Array.from({ length: n }, (_, i) => ({
    text: `${new Date(T0 + (from + i) * 1000).toISOString().replace('Z', '000+00:00')} web-01 sshd[${100 + i}]: Failed password for root from ${ip} port ${40000 + i} ssh2`,
    file: 'auth.log',
    line: from + i + 1,
  }));
}

const open: LiveConsoleStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.actions.shutdown();
});

async function setup(dataDir = mkdtempSync(join(tmpdir(), 'tw-console-')), opts: { durationSeconds?: number; now?: () => number } = {}) {
  const store = await openStore(dataDir, { mode: 'writer', debounceMs: 10 });
  const config = defaultConfig();
  if (opts.durationSeconds !== undefined) config.responder.durationSeconds = opts.durationSeconds;
  const responder = createSimulatedResponder({ now: opts.now, restore: store.blocks.map((b) => ({ ip: b.ip, since: Date.parse(b.at), until: b.until ? Date.parse(b.until) : null })) });
  const guard = createBlockGuard({ allowlist: ['192.0.2.0/24'], env: { SSH_CLIENT: '198.51.100.1 50000 22' }, interfaces: () => ({}) });
  const runtime = createRuntime({
    config,
    parse: createLineParser({ now: T0 + 3600_000 }),
    intel: emptyIntelIndex(),
    sources: [],
    store,
    responder,
    guard,
    position: 'auto',
    stdout: new PassThrough(),
    flushIntervalMs: 20,
    now: opts.now,
  });
  await runtime.start();
  const cs = createConsoleStore({ runtime, throttleMs: 50, clock: opts.now });
  open.push(cs);
  return { cs, engine: runtime.engine, runtime, store, dataDir };
}

function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => (cond() ? resolve() : Date.now() > deadline ? reject(new Error('timed out')) : setTimeout(poll, 5));
    poll();
  });
}

describe('console store', () => {
  it('notifies at a throttled rate however many batches arrive', async () => {
    const { cs, engine } = await setup();
    let notified = 0;
    cs.subscribe(() => notified++);
    for (let i = 0; i < 200; i++) engine.ingest(attack(`203.0.113.${(i % 50) + 1}`, 1, i));
    expect(notified).toBe(0); // nothing synchronous: ingest never waits for the UI
    await waitFor(() => notified > 0);
    expect(notified).toBeLessThanOrEqual(2);
    expect(cs.getState().snapshot.counters.lines).toBe(200);
  });

  it('blocks the selected IP through the guard, records it, and marks the alert blocked', async () => {
    const { cs, engine } = await setup();
    engine.ingest(attack('203.0.113.77', 8));
    const alert = engine.getSnapshot().alerts.find((a) => a.ip === '203.0.113.77')!;
    const result = await cs.actions.block('203.0.113.77', alert.id);
    expect(result.ok).toBe(true);
    expect(result.message).toContain('Blocked 203.0.113.77');
    await waitFor(() => cs.getState().blocks.length === 1);
    expect(cs.getState().blocks[0]).toMatchObject({ ip: '203.0.113.77', backend: 'simulate', simulated: true, alertId: alert.id });
    expect(engine.getAlert(alert.id)!.status).toBe('blocked');
    expect((await cs.actions.block('203.0.113.77', alert.id)).ok).toBe(false); // already blocked
  });

  it('refuses loopback, allowlisted ranges, the analyst’s own SSH client and non-IPs', async () => {
    const { cs } = await setup();
    for (const [ip, why] of [
      ['127.0.0.1', 'loopback'],
      ['::1', 'loopback'],
      ['192.0.2.44', 'allowlisted'],
      ['198.51.100.1', 'SSH client'],
      ['1.2.3.4; rm -rf /', 'not a valid IP'],
      ['--help', 'not a valid IP'],
    ]) {
      const r = await cs.actions.block(ip!, null);
      expect(r.ok, ip).toBe(false);
      expect(r.message).toContain(why);
    }
    expect(cs.getState().blocks).toEqual([]);
  });

  it('previews a block guard first, blocks a subnet for a chosen duration, and lists the block records', async () => {
    const { cs } = await setup();
    const refused = cs.actions.previewBlock!('127.0.0.1');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toContain('loopback');
    const p = cs.actions.previewBlock!('203.0.113.77');
    expect(p).toMatchObject({ ok: true, target: '203.0.113.77', range: false, subnet: '203.0.113.0/24', blockedBy: null });
    expect(cs.actions.previewBlock!('192.0.2.0/24').ok).toBe(false); // the allowlisted range
    const r = await cs.actions.block('203.0.113.0/24', null, { seconds: 600 });
    expect(r.ok, r.message).toBe(true);
    await waitFor(() => (cs.getState().blockRecords ?? []).length === 1);
    const rec = cs.getState().blockRecords![0]!;
    expect(rec).toMatchObject({ ip: '203.0.113.0/24', state: 'active', seconds: 600 });
    expect(Date.parse(rec.until!) - Date.parse(rec.at)).toBe(600_000);
    const permanent = await cs.actions.block('198.51.100.9', null, { seconds: null });
    expect(permanent.ok, permanent.message).toBe(true);
    await waitFor(() => (cs.getState().blockRecords ?? []).length === 2);
    expect(cs.getState().blockRecords!.find((b) => b.ip === '198.51.100.9')).toMatchObject({ until: null, seconds: null });
  });

  it('persists alerts, status changes and blocks across a restart, and can lift an old block', async () => {
    const first = await setup();
    first.engine.ingest(attack('203.0.113.78', 7));
    first.engine.ingest(attack('203.0.113.79', 7, 10));
    const [a, b] = ['203.0.113.78', '203.0.113.79'].map((ip) => first.engine.getSnapshot().alerts.find((x) => x.ip === ip)!);
    first.cs.actions.setStatus(a!.id, 'acknowledged');
    await first.cs.actions.block('203.0.113.79', b!.id);
    await first.cs.actions.shutdown();
    open.splice(open.indexOf(first.cs), 1);
    const saved = JSON.parse(readFileSync(join(first.dataDir, 'alerts.json'), 'utf8'));
    expect(saved.blocks.map((x: { ip: string }) => x.ip)).toEqual(['203.0.113.79']);

    const second = await setup(first.dataDir);
    const alerts = second.cs.getState().snapshot.alerts;
    expect(alerts.find((x) => x.id === a!.id)?.status).toBe('acknowledged');
    expect(alerts.find((x) => x.id === b!.id)?.status).toBe('blocked');
    expect(second.cs.getState().blocks.map((x) => x.ip)).toEqual(['203.0.113.79']);
    const lifted = await second.cs.actions.unblock('203.0.113.79');
    expect(lifted).toMatchObject({ ok: true });
    await waitFor(() => second.cs.getState().blocks.length === 0);
  });
});

describe('console store block expiry', () => {
  it('drops an expired block and puts the alert back to the status it had, with a history entry', async () => {
    let now = Date.now();
    const { cs, engine } = await setup(undefined, { durationSeconds: 1, now: () => now });
    engine.ingest(attack('203.0.113.90', 7));
    const alert = engine.getSnapshot().alerts[0]!;
    expect((await cs.actions.block('203.0.113.90', alert.id)).ok).toBe(true);
    await waitFor(() => cs.getState().blocks.length === 1);
    now += 2000; // the 1 s block has run out; the runtime's 1 Hz tick notices
    await waitFor(() => cs.getState().blocks.length === 0, 4000);
    const after = engine.getAlert(alert.id)!;
    expect(after.status).toBe('new');
    expect(after.history.at(-1)!.note).toContain('block expired');
  });
});

describe('console store identity', () => {
  it('keeps every part but the clock identical from one tick to the next while nothing happens', async () => {
    const { cs, engine } = await setup();
    engine.ingest(attack('203.0.113.91', 7));
    await waitFor(() => cs.getState().snapshot.alerts.length === 1);
    const before = cs.getState();
    // the store's 1 Hz tick
    await waitFor(() => cs.getState().now !== before.now, 3000);
    const after = cs.getState();
    expect(after).not.toBe(before);
    expect(after.snapshot).toBe(before.snapshot);
    expect(after.sources).toBe(before.sources);
    expect(after.blocks).toBe(before.blocks);
    expect(after.warnings).toBe(before.warnings);
    expect(after.diagnostics).toBe(before.diagnostics);
    expect(after.responder).toBe(before.responder);
  });

  it('gives a part a new identity when it changes', async () => {
    const { cs, runtime } = await setup();
    const before = cs.getState();
    runtime.diagnostics.push({ kind: 'source', message: 'auth.log: permission denied', level: 'error' });
    await waitFor(() => cs.getState().diagnostics?.length === 1);
    expect(cs.getState().diagnostics).not.toBe(before.diagnostics);
    expect(cs.getState().diagnostics?.[0]).toMatchObject({ kind: 'source', level: 'error', count: 1 });
    expect(cs.getState().sources).toBe(before.sources);
    expect(cs.getState().snapshot).toBe(before.snapshot);
  });
});

describe('console store: nothing dropped without a count on screen', () => {
  it('lists, per source, the lines that gave no event and why', async () => {
    const { cs, engine } = await setup();
    engine.ingest([
      { text: 'this is not a log line at all', file: 'weird.log', line: 1 },
      { text: '2026-11-22T10:00:00.000000+00:00 web-01 sshd[9]: Something sshd never says about 203.0.113.1', file: 'weird.log', line: 2 },
      ...attack('203.0.113.92', 1),
    ]);
    await waitFor(() => (cs.getState().diagnostics ?? []).some((d) => d.where === 'weird.log'), 3000);
    const row = cs.getState().diagnostics!.find((d) => d.where === 'weird.log')!;
    expect(row.message).toMatch(/2 lines read; 1 with no recognised envelope, 1 of known programs matched no template/);
    expect(row.level).toBe('warning');
    expect(cs.getState().diagnostics!.some((d) => d.where === 'auth.log')).toBe(false); // every line there gave an event
  });
});
