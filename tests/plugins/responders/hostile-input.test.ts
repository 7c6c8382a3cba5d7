// Every backend refuses anything that is not exactly an address or a CIDR range, and a nonsense
// duration, before any process starts: the exec layer is a spy that must never be called.
import { describe, expect, it, vi } from 'vitest';
import { responders } from '../../../src/plugins/responders/index.js';
import type { Responder, ResponderContext } from '../../../src/plugins/responders/responder.js';
import type { ExecFn } from '../../../src/plugins/responders/exec.js';

const HOSTILE: unknown[] = [
  '1.2.3.4; rm -rf /',
  '$(id)',
  '`id`',
  '--help',
  '-j ACCEPT',
  '-s 0.0.0.0/0',
  '1.2.3.4 -j ACCEPT',
  '1.2.3.4\n5.6.7.8',
  ' 203.0.113.45',
  '203.0.113.45 ',
  'a'.repeat(100_000),
  `${'1'.repeat(60)}::1`,
  'fe80::1%eth0',
  'fe80::1%25eth0',
  '203.0.113.7/24',
  '203.0.113.0/24 ',
  '1.2.3.4/33',
  'localhost',
  'scanner.example.net',
  '',
  '{ip}',
  '203.0.113.45}; flush ruleset; add element inet threatwatch addr_v4 {1.1.1.1',
  undefined,
  null,
  42,
  ['203.0.113.45'],
];

function spyContext(): { ctx: ResponderContext; exec: ReturnType<typeof vi.fn<ExecFn>> } {
  const exec = vi.fn<ExecFn>(async (argv) => ({ argv, ok: true, code: 0, stdout: 'Status: active\n', stderr: '', error: null, dryRun: false }));
  return { ctx: { dryRun: false, log: () => {}, now: () => 0, exec }, exec };
}

function create(id: string, ctx: ResponderContext): Responder {
  const def = responders.find((d) => d.id === id)!;
  const config = id === 'command' ? { block: ['/usr/local/bin/block', '{ip}', '{seconds}'], unblock: ['/usr/local/bin/unblock', '{ip}'] } : {};
  return def.create(def.schema.parse(config) as never, ctx);
}

describe('the responders catalogue', () => {
  it('lists every backend once, each a responder plugin with its defaults', () => {
    expect(responders.map((r) => r.id)).toEqual(['simulate', 'nftables', 'iptables', 'ufw', 'command']);
    expect(new Set(responders.map((r) => r.configKey)).size).toBe(5);
    for (const r of responders) {
      expect(r.kind).toBe('responder');
      expect(r.schema.parse({})).toEqual(r.defaults);
      expect(r.description.length).toBeGreaterThan(10);
    }
  });
});

describe.each(responders.map((r) => r.id))('%s refuses hostile input without starting a process', (id) => {
  it.each(HOSTILE.map((h) => [typeof h === 'string' && h.length > 80 ? `${h.slice(0, 20)}… (${h.length} chars)` : JSON.stringify(h), h]))('target %s', async (_label, input) => {
    const { ctx, exec } = spyContext();
    const r = create(id, ctx);
    const blocked = await r.block(input as string, 60);
    const unblocked = await r.unblock(input as string);
    expect(blocked.ok).toBe(false);
    expect(unblocked.ok).toBe(false);
    expect(exec).not.toHaveBeenCalled();
  });

  it.each([NaN, -1, 0, 1.5, Infinity, 400_000_000])('duration %s', async (seconds) => {
    const { ctx, exec } = spyContext();
    expect((await create(id, ctx).block('203.0.113.45', seconds)).ok).toBe(false);
    expect(exec).not.toHaveBeenCalled();
  });

  it('a valid target does reach the exec layer (the spy works)', async () => {
    const { ctx, exec } = spyContext();
    expect((await create(id, ctx).block('203.0.113.45', 60)).ok).toBe(true);
    expect(exec.mock.calls.length > 0).toBe(id !== 'simulate');
    for (const [argv] of exec.mock.calls) expect(argv.every((a) => typeof a === 'string')).toBe(true);
  });
});

describe('through the block ledger', () => {
  it('hostile targets are refused by the guard and audited; the backend never runs a command', async () => {
    const { createBlockLedger } = await import('../../../src/runtime/block-ledger.js');
    const { createBlockGuard } = await import('../../../src/runtime/block-guard.js');
    const { ctx, exec } = spyContext();
    const audited: string[] = [];
    const ledger = createBlockLedger({
      guard: createBlockGuard({ allowlist: [], env: {}, interfaces: () => ({}) }),
      responder: create('nftables', ctx),
      durationSeconds: 3600,
      audit: { path: '-', append: async (e) => void audited.push(`${e.result} ${e.ip.slice(0, 30)}`), close: async () => {} },
    });
    for (const input of HOSTILE) {
      expect(ledger.preview(input as string).ok).toBe(false);
      expect(await ledger.block(input as string)).toMatchObject({ ok: false, kind: 'refused' });
      expect((await ledger.unblock(input as string)).ok).toBe(false);
    }
    expect(exec).not.toHaveBeenCalled();
    expect(ledger.records()).toEqual([]);
    expect(audited.filter((a) => a.startsWith('refused'))).toHaveLength(HOSTILE.length * 2);
  });
});
