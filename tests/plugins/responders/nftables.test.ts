// Real nftables inside a network namespace created for this file (skipped, with the reason, where
// namespaces cannot be created).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createNftablesResponder, nftablesResponder, parseNftElements } from '../../../src/plugins/responders/nftables.js';
import type { ResponderContext } from '../../../src/plugins/responders/responder.js';
import { canConnect, createLink, createNetns, startTcpServer, type Netns } from './netns.js';

const ns = await createNetns(['nft']);
if (typeof ns === 'string') console.warn(`nftables namespace tests skipped: ${ns}`);
const netns = typeof ns === 'string' ? null : ns;

function ctxFor(n: Netns, over: Partial<ResponderContext> = {}): ResponderContext {
  return { dryRun: false, log: () => {}, now: Date.now, commandPrefix: n.prefix, ...over };
}

describe.skipIf(netns === null)('nftables backend in a network namespace', () => {
  const n = netns!;
  const nft = () => createNftablesResponder(nftablesResponder.defaults, ctxFor(n));
  const table = async () => (await n.run('nft', 'list', 'table', 'inet', 'threatwatch')).stdout;

  afterAll(async () => {
    await n.remove();
  });

  beforeEach(async () => {
    await n.run('nft', 'delete', 'table', 'inet', 'threatwatch');
  });

  it('checks that nft works here', async () => {
    expect(await nft().check()).toMatchObject({ ok: true, message: expect.stringContaining('inet threatwatch') });
  });

  it('creates its table on first use: sets with timeouts and a drop rule on the input hook', async () => {
    const r = nft();
    const res = await r.block('203.0.113.45', 3600);
    expect(res).toMatchObject({ ok: true, message: 'Blocked 203.0.113.45 (nftables, 1h)' });
    expect(res.commands).toHaveLength(1);
    expect(res.commands![0]!.slice(0, 5)).toEqual([...n.prefix, 'nft']);
    const text = await table();
    expect(text).toMatch(/set addr_v4 \{[^}]*flags timeout[^}]*elements = \{ 203\.0\.113\.45 timeout 1h expires/s);
    expect(text).toMatch(/type filter hook input priority filter - 10; policy accept;/);
    for (const rule of ['ip saddr @addr_v4 drop', 'ip saddr @net_v4 drop', 'ip6 saddr @addr_v6 drop', 'ip6 saddr @net_v6 drop']) expect(text).toContain(rule);
    expect(r.expiresNatively).toBe(true);
  });

  it('a second block is idempotent: one element, its timeout replaced, rules not duplicated', async () => {
    const r = nft();
    await r.block('203.0.113.45', 60);
    expect(await r.block('203.0.113.45', 7200)).toMatchObject({ ok: true });
    const text = await table();
    expect(text.match(/203\.0\.113\.45/g)).toHaveLength(1);
    expect(text).toMatch(/203\.0\.113\.45 timeout 2h/);
    expect(text.match(/ drop/g)).toHaveLength(4);
  });

  it('blocks IPv6 addresses, ranges, and an address inside a blocked range; list() reads them back', async () => {
    const r = nft();
    for (const t of ['2001:db8::45', '198.51.100.0/24', '198.51.100.7', '2001:db8:1:2::/64']) expect(await r.block(t, null)).toMatchObject({ ok: true });
    const text = await table();
    expect(text).toMatch(/set addr_v6 \{[^}]*elements = \{ 2001:db8::45 \}/s);
    expect(text).toMatch(/set net_v4 \{[^}]*elements = \{ 198\.51\.100\.0\/24 \}/s);
    expect(text).toMatch(/set net_v6 \{[^}]*elements = \{ 2001:db8:1:2::\/64 \}/s);
    expect((await r.list())?.sort()).toEqual(['198.51.100.0/24', '198.51.100.7', '2001:db8:1:2::/64', '2001:db8::45']);
  });

  it('expiry: the kernel drops the element when its timeout runs out', async () => {
    const r = nft();
    await r.block('203.0.113.46', 1);
    expect(await table()).toContain('203.0.113.46');
    await new Promise((res) => setTimeout(res, 2200));
    expect(await table()).not.toContain('203.0.113.46');
    expect(await r.list()).toEqual([]);
  });

  it('unblock removes the element; unblocking what is not blocked is clean', async () => {
    const r = nft();
    expect(await r.unblock('203.0.113.45')).toMatchObject({ ok: true, message: expect.stringContaining('was not blocked') });
    expect((await n.run('nft', 'list', 'tables')).stdout).not.toContain('threatwatch'); // nothing created
    await r.block('203.0.113.45', 600);
    await r.block('198.51.100.0/24', 600);
    expect(await r.unblock('203.0.113.45')).toMatchObject({ ok: true, message: 'Unblocked 203.0.113.45 (nftables)' });
    expect(await r.unblock('203.0.113.99')).toMatchObject({ ok: true });
    expect(await r.unblock('198.51.100.0/24')).toMatchObject({ ok: true });
    expect(await r.list()).toEqual([]);
  });

  it('never touches other tables, and removing its own table undoes everything', async () => {
    await n.sh('nft', 'add table inet other; add chain inet other input { type filter hook input priority 0; policy accept; }; add rule inet other input tcp dport 22 accept');
    const before = (await n.run('nft', 'list', 'table', 'inet', 'other')).stdout;
    const r = nft();
    await r.block('203.0.113.45', 600);
    await r.unblock('203.0.113.45');
    expect(await r.teardown()).toMatchObject({ ok: true });
    expect((await n.run('nft', 'list', 'table', 'inet', 'other')).stdout).toBe(before);
    expect((await n.run('nft', 'list', 'tables')).stdout).not.toContain('threatwatch');
    expect(await r.teardown()).toMatchObject({ ok: true }); // already gone
    await n.sh('nft', 'delete', 'table', 'inet', 'other');
  });

  it("reports the kernel's refusal with nft's own words and records nothing", async () => {
    const r = nft();
    await r.block('198.51.100.0/24', 600);
    const res = await r.block('198.51.100.0/25', 600);
    expect(res).toMatchObject({ ok: false, error: expect.stringContaining('interval overlaps with an existing one') });
    expect(await r.list()).toEqual(['198.51.100.0/24']);
  });

  it('not root: fails with the tool error, never throws', async () => {
    const r = createNftablesResponder(nftablesResponder.defaults, ctxFor(n, { commandPrefix: [...n.prefix, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] }));
    expect(await r.check()).toMatchObject({ ok: false, message: expect.stringContaining('Operation not permitted') });
    expect(await r.block('203.0.113.45', 60)).toMatchObject({ ok: false, error: expect.stringContaining('Operation not permitted') });
  });

  it('missing binary: fails with "command not found"', async () => {
    const r = createNftablesResponder({ ...nftablesResponder.defaults, binary: '/nonexistent/nft' }, ctxFor(n, { commandPrefix: [] }));
    expect(await r.check()).toMatchObject({ ok: false, message: expect.stringContaining('/nonexistent/nft: command not found') });
    expect(await r.block('203.0.113.45', 60)).toMatchObject({ ok: false, error: '/nonexistent/nft: command not found' });
  });

  describe('traffic', () => {
    let client: Netns | null = null;
    let server: ChildProcess | null = null;
    afterAll(async () => {
      server?.kill();
      await client?.remove();
    });

    it('a blocked client can no longer connect; unblocked, it can again (IPv4 and IPv6)', async () => {
      const c = await createNetns();
      if (typeof c === 'string') throw new Error(c);
      client = c;
      await createLink(n, c);
      server = await startTcpServer(n);
      const r = nft();
      expect(await canConnect(c, '10.77.0.1')).toBe(true);
      expect(await canConnect(c, 'fd77::1')).toBe(true);
      await r.block('10.77.0.0/24', 600);
      await r.block('fd77::2', 600);
      expect(await canConnect(c, '10.77.0.1')).toBe(false);
      expect(await canConnect(c, 'fd77::1')).toBe(false);
      await r.unblock('10.77.0.0/24');
      await r.unblock('fd77::2');
      expect(await canConnect(c, '10.77.0.1')).toBe(true);
      expect(await canConnect(c, 'fd77::1')).toBe(true);
    });
  });
});

describe('nftables without a system', () => {
  it('reads elements from nft -j output', () => {
    const json = JSON.stringify({
      nftables: [
        { metainfo: {} },
        { set: { name: 'addr_v4', elem: ['203.0.113.5', { elem: { val: '203.0.113.6', timeout: 60, expires: 59 } }] } },
        { set: { name: 'net_v6', elem: [{ elem: { val: { prefix: { addr: '2001:db8::', len: 64 } }, timeout: 60 } }, { prefix: { addr: '198.51.100.0', len: 24 } }] } },
      ],
    });
    expect(parseNftElements(json)).toEqual(['203.0.113.5', '203.0.113.6', '2001:db8::/64', '198.51.100.0/24']);
  });

  it('dry run prints the one nft command a block would run', async () => {
    const lines: string[] = [];
    const r = createNftablesResponder(nftablesResponder.defaults, { dryRun: true, log: (l) => lines.push(l), now: Date.now, exec: () => Promise.reject(new Error('must not run')) });
    expect(r.simulated).toBe(true);
    expect(await r.block('203.0.113.45', 3600)).toMatchObject({ ok: true, message: 'Blocked 203.0.113.45 (nftables, 1h) — dry run, nothing changed' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dry-run: nft 'add table inet threatwatch; .*add element inet threatwatch addr_v4 \{ 203\.0\.113\.45 timeout 3600s \}'$/);
  });

  it('has a strict config with its defaults in the schema', () => {
    expect(nftablesResponder.defaults).toEqual({ binary: 'nft', table: 'threatwatch', priority: -10, timeoutSeconds: 10 });
    expect(() => nftablesResponder.schema.parse({ table: 'x; flush ruleset' })).toThrow();
    expect(() => nftablesResponder.schema.parse({ binary: '--help' })).toThrow();
  });
});
