import { describe, expect, it } from 'vitest';
import type { BlockRecord } from '../../src/engine/model/block.js';
import type { ActionResult, Responder } from '../../src/plugins/responders/responder.js';
import type { AuditEntry, AuditLog } from '../../src/runtime/audit-log.js';
import { banIncrementSchema } from '../../src/runtime/ban-increment.js';
import { createBlockGuard } from '../../src/runtime/block-guard.js';
import { createBlockLedger, type BlockLedgerOptions } from '../../src/runtime/block-ledger.js';

const T0 = Date.parse('2024-05-01T10:00:00.000Z');

interface Fake extends Responder {
  held: Set<string>;
  fail: { block?: string; unblock?: string };
  calls: string[];
}

function fakeResponder(over: Partial<Responder> = {}): Fake {
  const held = new Set<string>();
  const calls: string[] = [];
  const fail: Fake['fail'] = {};
  const res = (ok: boolean, message: string, argv: string[], error?: string): ActionResult => ({ ok, message, commands: [argv], ...(error ? { error } : {}) });
  return {
    name: 'fakewall',
    simulated: false,
    expiresNatively: false,
    held,
    fail,
    calls,
    async check() {
      return { ok: true, message: 'ready' };
    },
    async block(t, s) {
      calls.push(`block ${t} ${s}`);
      if (fail.block) return res(false, `fakewall could not block ${t}: ${fail.block}`, ['fakewall', 'add', t], fail.block);
      held.add(t);
      return res(true, `Blocked ${t} (fakewall)`, ['fakewall', 'add', t]);
    },
    async unblock(t) {
      calls.push(`unblock ${t}`);
      if (fail.unblock) return res(false, `fakewall could not unblock ${t}: ${fail.unblock}`, ['fakewall', 'del', t], fail.unblock);
      held.delete(t);
      return res(true, `Unblocked ${t} (fakewall)`, ['fakewall', 'del', t]);
    },
    async list() {
      return [...held];
    },
    ...over,
  };
}

function setup(over: Partial<BlockLedgerOptions> & { responder?: Responder } = {}) {
  let now = T0;
  const entries: AuditEntry[] = [];
  const audit: AuditLog = { path: '/dev/null', append: async (e) => void entries.push(e), close: async () => {} };
  const saved: BlockRecord[][] = [];
  const warnings: string[] = [];
  const responder = (over.responder ?? fakeResponder()) as Fake;
  const guard = createBlockGuard({ allowlist: ['192.0.2.0/24'], env: { SSH_CLIENT: '198.51.100.5 5000 22' }, interfaces: () => ({}) });
  const ledger = createBlockLedger({
    guard,
    durationSeconds: 3600,
    now: () => now,
    audit,
    actor: 'alice@pts/3',
    onChange: (r) => saved.push([...r]),
    onWarning: (w) => warnings.push(w),
    ...over,
    responder,
  });
  return { ledger, responder, entries, saved, warnings, advance: (ms: number) => (now += ms), time: () => now };
}

describe('preview: the verdict before the dialog', () => {
  it('says why a protected address is refused, and starts nothing', () => {
    const { ledger, responder } = setup();
    expect(ledger.preview('127.0.0.1')).toEqual({ ok: false, target: '127.0.0.1', reason: 'loopback address' });
    expect(ledger.preview('198.51.100.5')).toMatchObject({ ok: false, reason: "the analyst's own SSH client address" });
    expect(ledger.preview('1.2.3.4; rm -rf /')).toEqual({ ok: false, target: null, reason: 'not a valid IP address or CIDR range' });
    expect(responder.calls).toEqual([]);
  });

  it('offers the subnet beside an address, the default duration and the backend', () => {
    const { ledger } = setup();
    expect(ledger.preview('203.0.113.45')).toEqual({ ok: true, target: '203.0.113.45', range: false, subnet: '203.0.113.0/24', seconds: 3600, offences: 0, backend: 'fakewall', simulated: false, blockedBy: null });
    expect(ledger.preview('2001:db8::45')).toMatchObject({ subnet: '2001:db8::/64' });
    expect(ledger.preview('198.51.100.0/24')).toMatchObject({ ok: false, reason: expect.stringContaining('range includes 198.51.100.5') });
  });
});

describe('block', () => {
  it('guard → responder → record: active, with expiry, previous status and the alert change to make', async () => {
    const { ledger, responder, entries, saved } = setup();
    const out = await ledger.block('203.0.113.45', { alertId: 'a1', previousStatus: 'acknowledged' });
    expect(out).toEqual({
      ok: true,
      message: 'Blocked 203.0.113.45 (fakewall)',
      record: {
        ip: '203.0.113.45',
        backend: 'fakewall',
        at: '2024-05-01T10:00:00.000Z',
        until: '2024-05-01T11:00:00.000Z',
        alertId: 'a1',
        simulated: false,
        state: 'active',
        previousStatus: 'acknowledged',
        seconds: 3600,
        actor: 'alice@pts/3',
      },
      alertStatus: { alertId: 'a1', status: 'blocked', note: 'blocked 203.0.113.45 with fakewall (1h)' },
    });
    expect(responder.calls).toEqual(['block 203.0.113.45 3600']);
    expect(ledger.isBlocked('203.0.113.45')).toBe(true);
    expect(ledger.preview('203.0.113.45')).toMatchObject({ blockedBy: { ip: '203.0.113.45' } });
    expect(saved.at(-1)).toEqual([out.ok && out.record]);
    expect(entries).toEqual([
      { time: '2024-05-01T10:00:00.000Z', actor: 'alice@pts/3', action: 'block', ip: '203.0.113.45', backend: 'fakewall', argv: [['fakewall', 'add', '203.0.113.45']], result: 'ok', message: 'Blocked 203.0.113.45 (fakewall)', alertId: 'a1', seconds: 3600 },
    ]);
  });

  it('blocks by hand without an alert, for a chosen duration or permanently', async () => {
    const { ledger } = setup();
    expect(await ledger.block('203.0.113.0/24', { seconds: 600, actor: 'bob@pts/1' })).toMatchObject({ ok: true, record: { ip: '203.0.113.0/24', alertId: null, seconds: 600, actor: 'bob@pts/1' }, alertStatus: null });
    expect(await ledger.block('2001:db8::45', { seconds: null })).toMatchObject({ ok: true, record: { until: null, seconds: null } });
    expect(ledger.isBlocked('203.0.113.77')).toBe(true);
    expect(ledger.covering('203.0.113.77')).toMatchObject({ ip: '203.0.113.0/24' });
  });

  it('refuses protected targets and bad durations: audited, nothing run, nothing recorded', async () => {
    const { ledger, responder, entries } = setup();
    expect(await ledger.block('192.0.2.9', { alertId: 'a1' })).toEqual({ ok: false, kind: 'refused', message: 'Not blocked: allowlisted (192.0.2.0/24)', record: null });
    expect(await ledger.block('64:ff9b::127.0.0.1')).toMatchObject({ ok: false, kind: 'refused' });
    expect(await ledger.block('$(id)')).toMatchObject({ ok: false, kind: 'refused' });
    expect(await ledger.block('203.0.113.45', { seconds: -1 })).toMatchObject({ ok: false, kind: 'refused' });
    expect(responder.calls).toEqual([]);
    expect(ledger.records()).toEqual([]);
    expect(entries.map((e) => [e.result, e.ip])).toEqual([
      ['refused', '192.0.2.9'],
      ['refused', '64:ff9b::127.0.0.1'],
      ['refused', '$(id)'],
      ['refused', '203.0.113.45'],
    ]);
  });

  it('a target already covered is not blocked twice; a range over a blocked range is refused', async () => {
    const { ledger, responder } = setup();
    await ledger.block('203.0.113.0/25');
    expect(await ledger.block('203.0.113.0/25')).toMatchObject({ ok: false, kind: 'already-blocked', message: '203.0.113.0/25 is already blocked until 2024-05-01T11:00:00.000Z' });
    expect(await ledger.block('203.0.113.7')).toMatchObject({ ok: false, kind: 'already-blocked', message: expect.stringContaining('already blocked by 203.0.113.0/25') });
    expect(await ledger.block('203.0.113.0/24')).toMatchObject({ ok: false, kind: 'refused', message: expect.stringContaining('203.0.113.0/25 is blocked inside 203.0.113.0/24') });
    expect(responder.calls).toEqual(['block 203.0.113.0/25 3600']);
  });

  it('an address blocked before its range can stay: the range is blocked beside it', async () => {
    const { ledger } = setup();
    await ledger.block('203.0.113.7');
    expect(await ledger.block('203.0.113.0/24')).toMatchObject({ ok: true });
  });

  it('two blocks of the same address at once: one runs, the other is told it is blocked', async () => {
    const { ledger, responder } = setup();
    const [a, b] = await Promise.all([ledger.block('203.0.113.45'), ledger.block('203.0.113.45')]);
    expect([a.ok, b.ok]).toEqual([true, false]);
    expect(responder.calls).toEqual(['block 203.0.113.45 3600']);
  });

  it("a backend failure is a failed record with the tool's error, never a block", async () => {
    const { ledger, responder, entries } = setup();
    responder.fail.block = 'Error: Could not process rule: Operation not permitted';
    const out = await ledger.block('203.0.113.45', { alertId: 'a1', previousStatus: 'new' });
    expect(out).toMatchObject({ ok: false, kind: 'failed', message: expect.stringContaining('Operation not permitted'), record: { state: 'failed', error: 'Error: Could not process rule: Operation not permitted', endedAt: '2024-05-01T10:00:00.000Z' } });
    expect(ledger.isBlocked('203.0.113.45')).toBe(false);
    expect(ledger.active()).toEqual([]);
    expect(ledger.records()).toHaveLength(1);
    expect(entries[0]).toMatchObject({ result: 'failed', error: 'Error: Could not process rule: Operation not permitted', argv: [['fakewall', 'add', '203.0.113.45']] });
    // Trying again after fixing the cause works.
    delete responder.fail.block;
    expect(await ledger.block('203.0.113.45')).toMatchObject({ ok: true });
  });

  it('a dry run records a simulated block and audits it as dry-run', async () => {
    const { ledger, entries } = setup({ responder: fakeResponder({ name: 'nftables', simulated: true }) });
    expect(await ledger.block('203.0.113.45')).toMatchObject({ ok: true, record: { simulated: true }, message: expect.stringContaining('simulated, nothing changed') });
    expect(entries[0]).toMatchObject({ result: 'dry-run' });
  });
});

describe('unblock', () => {
  it('lifts the block and gives back the status the alert had before it', async () => {
    const { ledger, responder, entries } = setup();
    await ledger.block('203.0.113.45', { alertId: 'a1', previousStatus: 'acknowledged' });
    const out = await ledger.unblock('203.0.113.45', { actor: 'bob@pts/1' });
    expect(out).toMatchObject({ ok: true, message: 'Unblocked 203.0.113.45', record: { state: 'unblocked', endedAt: '2024-05-01T10:00:00.000Z' }, alertStatus: { alertId: 'a1', status: 'acknowledged', note: 'unblocked by bob@pts/1' } });
    expect(responder.calls.at(-1)).toBe('unblock 203.0.113.45');
    expect(ledger.isBlocked('203.0.113.45')).toBe(false);
    expect(entries.at(-1)).toMatchObject({ action: 'unblock', actor: 'bob@pts/1', result: 'ok', argv: [['fakewall', 'del', '203.0.113.45']] });
  });

  it('unblocking what is not blocked changes nothing and runs nothing', async () => {
    const { ledger, responder } = setup();
    await ledger.block('203.0.113.0/24');
    expect(await ledger.unblock('198.51.100.9')).toEqual({ ok: false, message: '198.51.100.9 is not blocked', record: null, alertStatus: null });
    expect(await ledger.unblock('203.0.113.9')).toMatchObject({ ok: false, message: '203.0.113.9 is not blocked by itself: it is inside the blocked range 203.0.113.0/24' });
    expect(await ledger.unblock('--help')).toMatchObject({ ok: false });
    expect(responder.calls).toEqual(['block 203.0.113.0/24 3600']);
  });

  it('when the backend cannot lift it, the block stays active with the error', async () => {
    const { ledger, responder } = setup();
    await ledger.block('203.0.113.45');
    responder.fail.unblock = 'iptables: Permission denied (you must be root)';
    expect(await ledger.unblock('203.0.113.45')).toMatchObject({ ok: false, record: { state: 'active', error: 'iptables: Permission denied (you must be root)' } });
    expect(ledger.isBlocked('203.0.113.45')).toBe(true);
  });
});

describe('expiry', () => {
  it('without backend timeouts, tick() lifts the block and restores the alert status, history "block expired"', async () => {
    const { ledger, responder, advance, entries } = setup();
    await ledger.block('203.0.113.45', { alertId: 'a1', previousStatus: 'acknowledged', seconds: 60 });
    expect(ledger.nextExpiry()).toBe(T0 + 60_000);
    advance(59_999);
    expect(await ledger.tick()).toEqual([]);
    advance(1);
    const ended = await ledger.tick();
    expect(ended).toEqual([{ record: expect.objectContaining({ ip: '203.0.113.45', state: 'expired', endedAt: '2024-05-01T10:01:00.000Z' }), alertStatus: { alertId: 'a1', status: 'acknowledged', note: 'block expired' } }]);
    expect(responder.calls.at(-1)).toBe('unblock 203.0.113.45');
    expect(entries.at(-1)).toMatchObject({ action: 'expire', actor: 'expiry', result: 'ok' });
    expect(ledger.active()).toEqual([]);
    expect(ledger.nextExpiry()).toBeNull();
  });

  it('an alert with no previous status recorded goes back to new, not acknowledged', async () => {
    const { ledger, advance } = setup();
    await ledger.block('203.0.113.45', { alertId: 'a1', seconds: 60 });
    advance(60_000);
    expect((await ledger.tick())[0]?.alertStatus).toEqual({ alertId: 'a1', status: 'new', note: 'block expired' });
  });

  it('with backend timeouts, the kernel lifts it: no command runs', async () => {
    const { ledger, responder, advance } = setup({ responder: fakeResponder({ expiresNatively: true }) });
    await ledger.block('203.0.113.45', { seconds: 60 });
    advance(60_000);
    expect(await ledger.tick()).toHaveLength(1);
    expect(responder.calls).toEqual(['block 203.0.113.45 60']);
  });

  it('a failed lift is retried a minute later, with a warning, and the block stays recorded', async () => {
    const { ledger, responder, advance, warnings } = setup();
    await ledger.block('203.0.113.45', { seconds: 60 });
    responder.fail.unblock = 'ufw: ERROR: problem running';
    advance(60_000);
    expect(await ledger.tick()).toEqual([]);
    expect(warnings).toEqual(['Block on 203.0.113.45 expired but could not be lifted: ufw: ERROR: problem running']);
    expect(ledger.active()).toHaveLength(1);
    advance(30_000);
    await ledger.tick();
    expect(responder.calls.filter((c) => c.startsWith('unblock'))).toHaveLength(1);
    delete responder.fail.unblock;
    advance(30_000);
    expect(await ledger.tick()).toHaveLength(1);
  });

  it('the alert stays blocked while another block placed for it is still active', async () => {
    const { ledger, advance } = setup();
    await ledger.block('203.0.113.45', { alertId: 'a1', previousStatus: 'new', seconds: 60 });
    await ledger.block('198.51.100.128/25', { alertId: 'a1', previousStatus: 'new', seconds: 120 });
    advance(60_000);
    expect((await ledger.tick())[0]?.alertStatus).toBeNull();
    advance(60_000);
    expect((await ledger.tick())[0]?.alertStatus).toEqual({ alertId: 'a1', status: 'new', note: 'block expired' });
  });
});

describe('bantime increment', () => {
  const increment = banIncrementSchema.parse({ enabled: true, factor: 2, maxSeconds: 10_000 });

  it('doubles the default duration for each earlier ban of the same target, up to the maximum', async () => {
    const { ledger, advance } = setup({ increment });
    const durations: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const out = await ledger.block('203.0.113.45');
      if (out.ok) durations.push(out.record.seconds ?? null);
      await ledger.unblock('203.0.113.45');
      advance(1000);
    }
    expect(durations).toEqual([3600, 7200, 10_000, 10_000]);
    expect(ledger.preview('203.0.113.45')).toMatchObject({ offences: 4, seconds: 10_000 });
    expect(ledger.preview('203.0.113.46')).toMatchObject({ offences: 0, seconds: 3600 });
  });

  it('failed blocks do not count, bans outside the window do not count, an explicit duration wins', async () => {
    const { ledger, responder, advance } = setup({ increment: { ...increment, windowSeconds: 86_400 } });
    responder.fail.block = 'nope';
    await ledger.block('203.0.113.45');
    delete responder.fail.block;
    expect(ledger.preview('203.0.113.45')).toMatchObject({ offences: 0 });
    await ledger.block('203.0.113.45');
    await ledger.unblock('203.0.113.45');
    expect(await ledger.block('203.0.113.45', { seconds: 60 })).toMatchObject({ record: { seconds: 60 } });
    await ledger.unblock('203.0.113.45');
    advance(86_400_001);
    expect(ledger.preview('203.0.113.45')).toMatchObject({ offences: 0, seconds: 3600 });
  });

  it('counts from the history loaded from the store', () => {
    const old: BlockRecord = { ip: '203.0.113.45', backend: 'fakewall', at: '2024-04-30T10:00:00.000Z', until: '2024-04-30T11:00:00.000Z', alertId: null, simulated: false, state: 'expired' };
    const { ledger } = setup({ increment, records: [old] });
    expect(ledger.preview('203.0.113.45')).toMatchObject({ offences: 1, seconds: 7200 });
  });
});

describe('history', () => {
  it('keeps at most maxHistory ended records, never dropping active ones', async () => {
    const { ledger } = setup({ maxHistory: 2 });
    await ledger.block('203.0.113.1', { seconds: null });
    for (const ip of ['203.0.113.2', '203.0.113.3', '203.0.113.4']) {
      await ledger.block(ip);
      await ledger.unblock(ip);
    }
    expect(ledger.records().map((r) => [r.ip, r.state])).toEqual([
      ['203.0.113.1', 'active'],
      ['203.0.113.3', 'unblocked'],
      ['203.0.113.4', 'unblocked'],
    ]);
  });
});

describe('reconcile on start', () => {
  const rec = (ip: string, over: Partial<BlockRecord> = {}): BlockRecord => ({
    ip,
    backend: 'fakewall',
    at: '2024-05-01T09:30:00.000Z',
    until: '2024-05-01T10:30:00.000Z',
    alertId: null,
    simulated: false,
    ...over,
  });

  it('re-adds missing blocks for the time they have left, forgets expired ones, keeps present ones, reports orphans', async () => {
    const responder = fakeResponder();
    responder.held.add('203.0.113.2');
    responder.held.add('203.0.113.99');
    const records = [
      rec('203.0.113.1', { alertId: 'a1', previousStatus: 'new' }), // written before the ledger: no state
      rec('203.0.113.2', { state: 'active' }),
      rec('203.0.113.3', { state: 'active', until: '2024-05-01T09:59:00.000Z', alertId: 'a3', previousStatus: 'acknowledged' }),
      rec('203.0.113.4', { state: 'expired' }),
      rec('not an ip'),
    ];
    const { ledger, entries } = setup({ responder, records });
    const report = await ledger.reconcile();
    expect(responder.calls).toEqual(['block 203.0.113.1 1800', 'unblock 203.0.113.3']);
    expect(report.readded.map((r) => r.ip)).toEqual(['203.0.113.1']);
    expect(report.kept.map((r) => r.ip)).toEqual(['203.0.113.2']);
    expect(report.expired).toEqual([{ record: expect.objectContaining({ ip: '203.0.113.3', state: 'expired' }), alertStatus: { alertId: 'a3', status: 'acknowledged', note: 'block expired' } }]);
    expect(report.orphans).toEqual(['203.0.113.99']);
    expect(report.warnings).toEqual(['Dropped 1 block record(s) whose address could not be read.', '1 block(s) were missing from fakewall and have been re-added.']);
    expect(ledger.active().map((r) => r.ip)).toEqual(['203.0.113.1', '203.0.113.2']);
    expect(ledger.records().map((r) => r.ip)).not.toContain('not an ip');
    expect(entries.find((e) => e.action === 'reconcile')).toMatchObject({ actor: 'reconcile', ip: '203.0.113.1', result: 'ok', seconds: 1800 });
  });

  it('runs the guard on loaded blocks: one that now hits the allowlist or the SSH client is lifted', async () => {
    const responder = fakeResponder();
    responder.held.add('192.0.2.7');
    const { ledger } = setup({ responder, records: [rec('192.0.2.7', { alertId: 'a1', previousStatus: 'new' }), rec('198.51.100.0/24')] });
    const report = await ledger.reconcile();
    expect(report.lifted.map((l) => [l.record.ip, l.reason, l.alertStatus?.note])).toEqual([
      ['192.0.2.7', 'allowlisted (192.0.2.0/24)', 'block lifted: allowlisted (192.0.2.0/24)'],
      ['198.51.100.0/24', "range includes 198.51.100.5: the analyst's own SSH client address", undefined],
    ]);
    expect(responder.calls).toEqual(['unblock 192.0.2.7', 'unblock 198.51.100.0/24']);
    expect(ledger.active()).toEqual([]);
  });

  it('a block that cannot be re-added becomes failed, with the error, and its alert is given back', async () => {
    const responder = fakeResponder();
    responder.fail.block = 'nft: command not found';
    const { ledger } = setup({ responder, records: [rec('203.0.113.1', { alertId: 'a1', previousStatus: 'new' })] });
    const report = await ledger.reconcile();
    expect(report.failed).toEqual([{ record: expect.objectContaining({ state: 'failed', error: 'nft: command not found' }), alertStatus: { alertId: 'a1', status: 'new', note: 'block failed on restart: nft: command not found' } }]);
    expect(ledger.isBlocked('203.0.113.1')).toBe(false);
  });

  it('blocks of a backend not configured now are kept and named; simulated ones are restored in simulate', async () => {
    const sim = fakeResponder({ name: 'simulate', simulated: true });
    const records = [rec('203.0.113.1', { backend: 'ufw' }), rec('203.0.113.2', { backend: 'simulate', simulated: true })];
    const { ledger } = setup({ responder: sim, records });
    const report = await ledger.reconcile();
    expect(report.kept.map((r) => r.ip)).toEqual(['203.0.113.1', '203.0.113.2']);
    expect(report.warnings).toEqual(['1 block(s) placed with ufw are not managed by this run (simulate, simulated); start with --blocker ufw to lift them.']);
    expect(sim.calls).toEqual(['block 203.0.113.2 1800']);
  });

  it('lifts an expired block of another backend through otherResponders', async () => {
    const ufw = fakeResponder({ name: 'ufw' });
    const { ledger } = setup({ otherResponders: [ufw], records: [rec('203.0.113.1', { backend: 'ufw', until: '2024-05-01T09:45:00.000Z' })] });
    const report = await ledger.reconcile();
    expect(report.expired).toHaveLength(1);
    expect(ufw.calls).toEqual(['unblock 203.0.113.1']);
  });
});

describe('audit failures', () => {
  it('a block still happens when the audit log cannot be written, with a warning', async () => {
    const warnings: string[] = [];
    const ledger = createBlockLedger({
      guard: createBlockGuard({ allowlist: [], env: {}, interfaces: () => ({}) }),
      responder: fakeResponder(),
      durationSeconds: 60,
      audit: { path: 'x', append: () => Promise.reject(new Error('EIO')), close: async () => {} },
      onWarning: (w) => warnings.push(w),
    });
    expect(await ledger.block('203.0.113.45')).toMatchObject({ ok: true });
    expect(warnings).toEqual(['Could not write the audit log: EIO']);
  });
});

describe('startExpiryScheduler', () => {
  it('ticks the ledger on a timer and hands over what ended', async () => {
    const { startExpiryScheduler } = await import('../../src/runtime/block-ledger.js');
    const { ledger, advance } = setup();
    await ledger.block('203.0.113.45', { alertId: 'a1', previousStatus: 'new', seconds: 2 });
    const ended: string[] = [];
    const stop = startExpiryScheduler(ledger, (e) => ended.push(...e.map((x) => x.record.ip)), 10);
    await new Promise((r) => setTimeout(r, 40));
    expect(ended).toEqual([]);
    advance(2000);
    await expect.poll(() => ended).toEqual(['203.0.113.45']);
    stop();
  });
});
