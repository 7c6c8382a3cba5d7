import { describe, expect, it } from 'vitest';
import { createBlockGuard } from '../../../src/runtime/block-guard.js';
import { formatBlockDuration } from '../../../src/plugins/responders/responder.js';
import { createSimulatedResponder } from '../../../src/plugins/responders/simulate.js';

describe('createSimulatedResponder', () => {
  it('is named simulate, says it changes nothing, and reports ready', async () => {
    const r = createSimulatedResponder();
    expect(r.name).toBe('simulate');
    expect(r.simulated).toBe(true);
    expect(await r.check()).toMatchObject({ ok: true });
  });

  it('records a block with its expiry and tells the analyst what happened', async () => {
    let now = 1_000_000;
    const r = createSimulatedResponder({ now: () => now });
    expect(await r.block('2001:0db8::0045', 3600)).toEqual({ ok: true, message: 'Blocked 2001:db8::45 (simulate, 1h)' });
    expect(r.activeBlocks()).toEqual([{ ip: '2001:db8::45', since: 1_000_000, until: 1_000_000 + 3_600_000 }]);
    expect(r.isBlocked('2001:db8::45')).toBe(true);
    now += 3_600_000;
    expect(r.isBlocked('2001:db8::45')).toBe(false);
  });

  it('unblocks what it blocked and says so when there was nothing to lift', async () => {
    const r = createSimulatedResponder();
    await r.block('203.0.113.45', null);
    expect(await r.unblock('203.0.113.45')).toEqual({ ok: true, message: 'Unblocked 203.0.113.45 (simulate)' });
    expect(await r.unblock('203.0.113.45')).toEqual({ ok: false, message: '203.0.113.45 is not blocked (simulate)' });
  });

  it('refuses through its guard exactly like a real backend would', async () => {
    const guard = createBlockGuard({ allowlist: ['192.0.2.0/24'], env: { SSH_CLIENT: '198.51.100.5 4000 22' }, interfaces: () => ({}) });
    const r = createSimulatedResponder({ guard });
    expect(await r.block('127.0.0.1', 60)).toEqual({ ok: false, message: 'Refused: loopback address' });
    expect(await r.block('192.0.2.50', 60)).toEqual({ ok: false, message: 'Refused: allowlisted (192.0.2.0/24)' });
    expect(await r.block('198.51.100.5', 60)).toMatchObject({ ok: false });
    expect(await r.block('1.2.3.4; rm -rf /', 60)).toEqual({ ok: false, message: 'Refused: not a valid IP address or CIDR range' });
    expect(r.activeBlocks()).toEqual([]);
  });

  it('refuses host names and nonsense durations even without a guard', async () => {
    const r = createSimulatedResponder();
    expect(await r.block('example.net', 60)).toMatchObject({ ok: false });
    expect(await r.block('203.0.113.1', -5)).toMatchObject({ ok: false });
    expect(r.activeBlocks()).toEqual([]);
  });
});

describe('formatBlockDuration', () => {
  it.each([
    [null, 'permanent'],
    [3600, '1h'],
    [86400, '1d'],
    [600, '10m'],
    [90, '90s'],
  ])('%s → %s', (s, text) => expect(formatBlockDuration(s)).toBe(text));
});

describe('simulated responder restored from the store', () => {
  it('knows blocks recorded by an earlier session, so they can be lifted', async () => {
    const now = 1_000_000;
    const r = createSimulatedResponder({ now: () => now, restore: [{ ip: '203.0.113.9', since: now - 10, until: now + 60_000 }, { ip: '203.0.113.10', since: 0, until: now - 1 }] });
    expect(r.isBlocked('203.0.113.9')).toBe(true);
    expect(r.isBlocked('203.0.113.10')).toBe(false); // already expired
    expect((await r.unblock('203.0.113.9')).ok).toBe(true);
    expect(r.isBlocked('203.0.113.9')).toBe(false);
  });
});

describe('simulate as a plugin definition', () => {
  it('has an empty config, expires by itself, and takes ranges', async () => {
    const { simulateResponder } = await import('../../../src/plugins/responders/simulate.js');
    expect(simulateResponder).toMatchObject({ kind: 'responder', id: 'simulate', configKey: 'simulate', defaults: {} });
    const r = simulateResponder.create({}, { dryRun: false, log: () => {}, now: () => 5_000 });
    expect(r.expiresNatively).toBe(true);
    expect(await r.block('198.51.100.0/24', 600)).toEqual({ ok: true, message: 'Blocked 198.51.100.0/24 (simulate, 10m)' });
    expect(await r.list?.()).toEqual(['198.51.100.0/24']);
    expect(await r.block('198.51.100.7/24', 600)).toMatchObject({ ok: false });
    expect(() => simulateResponder.schema.parse({ extra: 1 })).toThrow();
  });
});
