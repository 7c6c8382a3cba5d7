// Real iptables/ip6tables and ipset inside a network namespace created for this file (skipped,
// with the reason, where namespaces cannot be created).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createIptablesResponder, iptablesResponder, type IptablesConfig } from '../../../src/plugins/responders/iptables.js';
import { canConnect, createLink, createNetns, startTcpServer, type Netns } from './netns.js';

const ns = await createNetns(['iptables', 'ip6tables', 'ipset']);
if (typeof ns === 'string') console.warn(`iptables namespace tests skipped: ${ns}`);
const netns = typeof ns === 'string' ? null : ns;

describe.skipIf(netns === null)('iptables backend in a network namespace', () => {
  const n = netns!;
  const make = (over: Partial<IptablesConfig> = {}, prefix: readonly string[] = n.prefix) =>
    createIptablesResponder({ ...iptablesResponder.defaults, ...over }, { dryRun: false, log: () => {}, now: Date.now, commandPrefix: prefix });
  const rules = async (tool = 'iptables') => (await n.run(tool, '-S')).stdout;
  const set = async (name: string) => (await n.run('ipset', 'list', name)).stdout;

  afterAll(async () => {
    await n.remove();
  });

  beforeEach(async () => {
    await make().teardown();
  });

  describe('with ipset', () => {
    it('detects ipset, creates its chain, the jump from INPUT, the sets and their rules', async () => {
      const r = make();
      expect(await r.mode()).toBe('ipset');
      expect(await r.check()).toMatchObject({ ok: true, message: expect.stringContaining('ipset sets with timeouts') });
      expect(await r.block('203.0.113.45', 3600)).toMatchObject({ ok: true, message: 'Blocked 203.0.113.45 (iptables/ipset, 1h)' });
      expect(r.expiresNatively).toBe(true);
      const v4 = await rules();
      expect(v4).toContain('-A INPUT -j THREATWATCH');
      expect(v4).toContain('-A THREATWATCH -m set --match-set threatwatch-v4 src -j DROP');
      expect(await set('threatwatch-v4')).toMatch(/Header: family inet .*timeout 0/);
      expect(await set('threatwatch-v4')).toMatch(/^203\.0\.113\.45 timeout (3600|3599)$/m);
    });

    it('a second block refreshes the timeout and adds no rule; IPv6 and ranges go to their sets', async () => {
      const r = make();
      await r.block('203.0.113.45', 60);
      await r.block('203.0.113.45', 7200);
      await r.block('2001:db8::/64', null);
      await r.block('198.51.100.0/24', 600);
      expect(await set('threatwatch-v4')).toMatch(/^203\.0\.113\.45 timeout 7(200|199)$/m);
      expect(await set('threatwatch-v6')).toMatch(/^2001:db8::\/64 timeout 0$/m);
      expect((await rules()).match(/-j THREATWATCH/g)).toHaveLength(1);
      expect((await rules()).match(/--match-set/g)).toHaveLength(1);
      expect(await rules('ip6tables')).toContain('-A THREATWATCH -m set --match-set threatwatch-v6 src -j DROP');
      expect((await r.list())?.sort()).toEqual(['198.51.100.0/24', '2001:db8::/64', '203.0.113.45']);
    });

    it('expiry: the set drops the element when its timeout runs out', async () => {
      const r = make();
      await r.block('203.0.113.46', 1);
      expect(await set('threatwatch-v4')).toContain('203.0.113.46');
      await new Promise((res) => setTimeout(res, 2200));
      expect(await set('threatwatch-v4')).not.toContain('203.0.113.46');
    });

    it('unblock removes the element; unblocking what is not blocked is clean', async () => {
      const r = make();
      expect(await r.unblock('203.0.113.45')).toMatchObject({ ok: true });
      await r.block('203.0.113.45', 600);
      expect(await r.unblock('203.0.113.45')).toMatchObject({ ok: true, message: 'Unblocked 203.0.113.45 (iptables/ipset)' });
      expect(await r.unblock('203.0.113.45')).toMatchObject({ ok: true });
      expect(await r.list()).toEqual([]);
    });

    it('teardown removes the jump, the chain and the sets, and leaves other rules alone', async () => {
      await n.sh('iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT');
      const r = make();
      await r.block('203.0.113.45', 600);
      await r.block('2001:db8::45', 600);
      expect(await r.teardown()).toMatchObject({ ok: true });
      expect(await rules()).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n');
      expect(await rules('ip6tables')).not.toContain('THREATWATCH');
      expect((await n.run('ipset', 'list', '-n')).stdout).toBe('');
      await n.sh('iptables', '-D', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT');
    });
  });

  describe('without ipset: one rule per block', () => {
    it('adds one -s rule per target, idempotently, and removes it on unblock', async () => {
      const r = make({ useIpset: 'never' });
      expect(await r.block('203.0.113.45', 600)).toMatchObject({ ok: true, message: 'Blocked 203.0.113.45 (iptables/rules, 10m)' });
      expect(await r.block('203.0.113.45', 600)).toMatchObject({ ok: true });
      await r.block('198.51.100.0/24', null);
      await r.block('2001:db8::45', 600);
      expect(r.expiresNatively).toBe(false);
      expect((await rules()).match(/-A THREATWATCH -s 203\.0\.113\.45\/32 -j DROP/g)).toHaveLength(1);
      expect(await rules()).toContain('-A THREATWATCH -s 198.51.100.0/24 -j DROP');
      expect(await rules('ip6tables')).toContain('-A THREATWATCH -s 2001:db8::45/128 -j DROP');
      expect((await r.list())?.sort()).toEqual(['198.51.100.0/24', '2001:db8::45', '203.0.113.45']);
      expect(await r.unblock('203.0.113.45')).toMatchObject({ ok: true });
      expect(await rules()).not.toContain('203.0.113.45');
      expect(await r.unblock('203.0.113.45')).toMatchObject({ ok: true });
      expect(await r.unblock('192.0.2.200')).toMatchObject({ ok: true });
    });

    it('uses rules when ipset is missing (auto)', async () => {
      const r = make({ ipset: '/nonexistent/ipset' });
      expect(await r.mode()).toBe('rules');
      expect(await r.block('203.0.113.45', 60)).toMatchObject({ ok: true, message: expect.stringContaining('iptables/rules') });
    });
  });

  it('not root or binary missing: fails with the tool error, never throws', async () => {
    const nobody = make({}, [...n.prefix, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
    expect(await nobody.check()).toMatchObject({ ok: false, message: expect.stringContaining('you must be root') });
    expect(await nobody.block('203.0.113.45', 60)).toMatchObject({ ok: false, error: expect.stringContaining('root') });
    const missing = make({ iptables: '/nonexistent/iptables', useIpset: 'never' });
    expect(await missing.block('203.0.113.45', 60)).toMatchObject({ ok: false, error: expect.stringMatching(/nonexistent\/iptables.*(not found|No such file)/) });
  });

  describe('traffic', () => {
    let client: Netns | null = null;
    let server: ChildProcess | null = null;
    afterAll(async () => {
      server?.kill();
      await client?.remove();
    });

    it.each(['ipset', 'never'] as const)('a blocked client cannot connect until unblocked (%s)', async (useIpset) => {
      if (client === null) {
        const c = await createNetns();
        if (typeof c === 'string') throw new Error(c);
        client = c;
        await createLink(n, c);
        server = await startTcpServer(n);
      }
      const r = make({ useIpset: useIpset === 'ipset' ? 'always' : 'never' });
      expect(await canConnect(client, '10.77.0.1')).toBe(true);
      await r.block('10.77.0.2', 600);
      await r.block('fd77::/64', 600);
      expect(await canConnect(client, '10.77.0.1')).toBe(false);
      expect(await canConnect(client, 'fd77::1')).toBe(false);
      await r.unblock('10.77.0.2');
      await r.unblock('fd77::/64');
      expect(await canConnect(client, '10.77.0.1')).toBe(true);
      expect(await canConnect(client, 'fd77::1')).toBe(true);
    });
  });
});

describe('iptables dry run', () => {
  it('prints every command a first block would run, and runs none', async () => {
    const lines: string[] = [];
    const r = createIptablesResponder(iptablesResponder.defaults, { dryRun: true, log: (l) => lines.push(l), now: Date.now, exec: () => Promise.reject(new Error('must not run')) });
    expect(await r.block('203.0.113.45', 3600)).toMatchObject({ ok: true, message: expect.stringContaining('dry run') });
    expect(lines).toEqual([
      'dry-run: iptables -w 5 -N THREATWATCH',
      'dry-run: iptables -w 5 -I INPUT 1 -j THREATWATCH',
      'dry-run: ipset create threatwatch-v4 hash:net family inet timeout 0 -exist',
      'dry-run: iptables -w 5 -A THREATWATCH -m set --match-set threatwatch-v4 src -j DROP',
      'dry-run: ipset add threatwatch-v4 203.0.113.45 timeout 3600 -exist',
    ]);
  });
});
