// The ledger driving real backends inside a network namespace: block, expiry by the scheduler
// (iptables without ipset), and reconcile after the firewall lost its state (a reboot).
import { afterAll, describe, expect, it } from 'vitest';
import type { BlockRecord } from '../../src/engine/model/block.js';
import { createIptablesResponder, iptablesResponder } from '../../src/plugins/responders/iptables.js';
import { createNftablesResponder, nftablesResponder } from '../../src/plugins/responders/nftables.js';
import { createBlockGuard } from '../../src/runtime/block-guard.js';
import { createBlockLedger } from '../../src/runtime/block-ledger.js';
import { createNetns } from '../plugins/responders/netns.js';

const ns = await createNetns(['nft', 'iptables']);
if (typeof ns === 'string') console.warn(`ledger namespace tests skipped: ${ns}`);
const netns = typeof ns === 'string' ? null : ns;

describe.skipIf(netns === null)('block ledger with real backends', () => {
  const n = netns!;
  const guard = createBlockGuard({ allowlist: [], env: {}, interfaces: () => ({}) });
  const ctx = { dryRun: false, log: () => {}, now: Date.now, commandPrefix: n.prefix };
  afterAll(async () => {
    await n.remove();
  });

  it('nftables: block and unblock through the ledger; after the table is lost, reconcile re-adds what is left', async () => {
    let now = Date.now();
    let saved: readonly BlockRecord[] = [];
    const nft = createNftablesResponder(nftablesResponder.defaults, ctx);
    const ledger = createBlockLedger({ guard, responder: nft, durationSeconds: 3600, now: () => now, onChange: (r) => (saved = r) });
    expect(await ledger.block('203.0.113.45', { alertId: 'a1', previousStatus: 'new' })).toMatchObject({ ok: true });
    expect(await ledger.block('198.51.100.0/24', { seconds: null })).toMatchObject({ ok: true });
    expect((await n.sh('nft', 'list', 'table', 'inet', 'threatwatch'))).toContain('203.0.113.45 timeout 1h');
    expect(await ledger.unblock('198.51.100.0/24')).toMatchObject({ ok: true });
    expect(await nft.list()).toEqual(['203.0.113.45']);

    await n.sh('nft', 'delete', 'table', 'inet', 'threatwatch'); // what a reboot does
    now += 600_000;
    const restarted = createBlockLedger({ guard, responder: nft, durationSeconds: 3600, now: () => now, records: saved });
    const report = await restarted.reconcile();
    expect(report.readded.map((r) => r.ip)).toEqual(['203.0.113.45']);
    expect(await n.sh('nft', 'list', 'set', 'inet', 'threatwatch', 'addr_v4')).toMatch(/203\.0\.113\.45 timeout 50m/);
    expect((await restarted.reconcile()).readded).toEqual([]); // consistent now
    await nft.teardown();
  });

  it('iptables without ipset: expiry removes the rule through the scheduler', async () => {
    let now = Date.now();
    const ipt = createIptablesResponder({ ...iptablesResponder.defaults, useIpset: 'never' }, ctx);
    const ledger = createBlockLedger({ guard, responder: ipt, durationSeconds: 60, now: () => now });
    await ledger.block('203.0.113.45', { alertId: 'a1', previousStatus: 'acknowledged' });
    expect(await n.sh('iptables', '-S', 'THREATWATCH')).toContain('-A THREATWATCH -s 203.0.113.45/32 -j DROP');
    now += 60_000;
    const ended = await ledger.tick();
    expect(ended.map((e) => e.alertStatus)).toEqual([{ alertId: 'a1', status: 'acknowledged', note: 'block expired' }]);
    expect(await n.sh('iptables', '-S', 'THREATWATCH')).not.toContain('203.0.113.45');
    await ipt.teardown();
  });

  it('a backend that cannot run records a failed block with its error', async () => {
    const nft = createNftablesResponder(nftablesResponder.defaults, { ...ctx, commandPrefix: [...n.prefix, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] });
    const ledger = createBlockLedger({ guard, responder: nft, durationSeconds: 60 });
    const out = await ledger.block('203.0.113.45');
    expect(out).toMatchObject({ ok: false, kind: 'failed', record: { state: 'failed', error: expect.stringContaining('Operation not permitted') } });
    expect(ledger.isBlocked('203.0.113.45')).toBe(false);
  });
});
