// An attacker that keeps failing after its (real) block took effect is flagged on the alert: the
// block is not working. A simulated block never is.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/schema.js';
import { emptyIntelIndex } from '../../src/engine/enrichment/intel-index.js';
import type { RawLine } from '../../src/engine/model/event.js';
import { createLineParser } from '../../src/engine/parsers/index.js';
import type { Responder } from '../../src/plugins/responders/responder.js';
import { createSimulatedResponder } from '../../src/plugins/responders/simulate.js';
import { createBlockGuard } from '../../src/runtime/block-guard.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const attack = (ip: string, from: number, n: number): RawLine[] =>
  Array.from({ length: n }, (_, i) => ({
    text: `${new Date(T0 + (from + i) * 1000).toISOString().replace('Z', '000+00:00')} web-01 sshd[${700 + from + i}]: Failed password for root from ${ip} port ${41000 + i} ssh2`,
    file: 'auth.log',
    line: from + i + 1,
  }));

const realBackend: Responder = {
  name: 'fake-firewall',
  simulated: false,
  expiresNatively: false,
  check: async () => ({ ok: true, message: 'ok' }),
  block: async (ip) => ({ ok: true, message: `Blocked ${ip}` }),
  unblock: async (ip) => ({ ok: true, message: `Unblocked ${ip}` }),
};

const running: Runtime[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

async function runtimeWith(responder: Responder): Promise<Runtime> {
  const rt = createRuntime({
    config: defaultConfig(),
    parse: createLineParser({ now: T0 + 3600_000 }),
    intel: emptyIntelIndex(),
    sources: [],
    store: null,
    responder,
    guard: createBlockGuard({ allowlist: [], env: {}, interfaces: () => ({}) }),
    position: 'auto',
    stdout: new PassThrough(),
    now: () => T0 + 10_000, // the analyst blocks 10 s into the attack
    controlSocket: false,
  });
  running.push(rt);
  await rt.start();
  return rt;
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 20));
}

describe('STILL_ACTIVE_AFTER_BLOCK', () => {
  it('flags the alert when failures keep coming after a real block, once, with a diagnostic', async () => {
    const rt = await runtimeWith(realBackend);
    rt.engine.ingest(attack('203.0.113.60', 0, 8));
    const alert = rt.engine.getSnapshot().alerts[0]!;
    expect((await rt.actions.block('203.0.113.60', alert.id)).ok).toBe(true);
    rt.engine.ingest(attack('203.0.113.60', 12, 2)); // within the 5 s grace: may have been in flight
    await settle();
    expect(rt.engine.getAlert(alert.id)!.flags).not.toContain('STILL_ACTIVE_AFTER_BLOCK');
    rt.engine.ingest(attack('203.0.113.60', 30, 2));
    rt.engine.flushPending();
    await settle();
    expect(rt.engine.getAlert(alert.id)!.flags).toContain('STILL_ACTIVE_AFTER_BLOCK');
    expect(rt.diagnostics.list().filter((d) => d.message.includes('still failing'))).toHaveLength(1);
  });

  it('never for a simulated block', async () => {
    const rt = await runtimeWith(createSimulatedResponder());
    rt.engine.ingest(attack('203.0.113.61', 0, 8));
    const alert = rt.engine.getSnapshot().alerts[0]!;
    expect((await rt.actions.block('203.0.113.61', alert.id)).ok).toBe(true);
    rt.engine.ingest(attack('203.0.113.61', 30, 3));
    rt.engine.flushPending();
    await settle();
    expect(rt.engine.getAlert(alert.id)!.flags).not.toContain('STILL_ACTIVE_AFTER_BLOCK');
  });
});
