import { describe, expect, it } from 'vitest';
import { createBlockGuard, type BlockGuardOptions } from '../../src/runtime/block-guard.js';

const noInterfaces = (): NodeJS.Dict<import('node:os').NetworkInterfaceInfo[]> => ({});

function guard(over: Partial<BlockGuardOptions> = {}) {
  return createBlockGuard({ allowlist: [], env: {}, interfaces: noInterfaces, ...over });
}

describe('createBlockGuard', () => {
  it('lets an ordinary attacker address through, in canonical form', () => {
    expect(guard().check('203.0.113.45')).toEqual({ ok: true, ip: '203.0.113.45' });
    expect(guard().check('2001:0DB8:0000:0000:0000:0000:0000:0045')).toEqual({ ok: true, ip: '2001:db8::45' });
    expect(guard().check('::ffff:198.51.100.23')).toEqual({ ok: true, ip: '198.51.100.23' });
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['169.254.10.20', 'link-local'],
    ['fe80::1', 'link-local'],
  ])('refuses %s (%s)', (ip, why) => {
    const r = guard().check(ip);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(why);
  });

  it.each([
    '1.2.3.4; rm -rf /',
    '--help',
    '-j ACCEPT',
    'scanner-7.example.net',
    'localhost',
    '203.0.113.0/24',
    '203.0.113.45 ',
    '$(reboot)',
    '1.2.3',
    '010.0.0.1',
    '256.1.1.1',
    'fe80::1%eth0',
    '',
  ])('refuses bad input %j', (input) => {
    expect(guard().check(input)).toEqual({ ok: false, reason: 'not a valid IP address' });
  });

  it('refuses allowlisted addresses and CIDRs, IPv4 and IPv6, in any spelling', () => {
    const g = guard({ allowlist: ['192.0.2.0/24', '198.51.100.77', '2001:db8:1::/48'] });
    expect(g.check('192.0.2.50')).toEqual({ ok: false, reason: 'allowlisted (192.0.2.0/24)' });
    expect(g.check('198.51.100.77')).toMatchObject({ ok: false });
    expect(g.check('2001:db8:1:ffff::9')).toEqual({ ok: false, reason: 'allowlisted (2001:db8:1::/48)' });
    expect(g.check('2001:0db8:0001:0000:0000:0000:0000:0001')).toMatchObject({ ok: false });
    expect(g.check('198.51.100.78')).toEqual({ ok: true, ip: '198.51.100.78' });
    expect(g.check('2001:db8:2::1')).toEqual({ ok: true, ip: '2001:db8:2::1' });
  });

  it('rejects an allowlist it cannot read instead of silently ignoring an entry', () => {
    expect(() => guard({ allowlist: ['office.example.net'] })).toThrow(/allowlist/);
    expect(() => guard({ allowlist: ['10.0.0.0/40'] })).toThrow(/allowlist/);
  });

  it("refuses the analyst's own SSH client address (SSH_CLIENT and SSH_CONNECTION)", () => {
    const g1 = guard({ env: { SSH_CLIENT: '203.0.113.5 52144 22' } });
    expect(g1.check('203.0.113.5')).toEqual({ ok: false, reason: "the analyst's own SSH client address" });
    expect(g1.check('203.0.113.6')).toMatchObject({ ok: true });
    const g2 = guard({ env: { SSH_CONNECTION: '2001:db8::5 52144 2001:db8::10 22' } });
    expect(g2.check('2001:0db8::0005')).toEqual({ ok: false, reason: "the analyst's own SSH client address" });
    expect(g2.check('2001:db8::10')).toEqual({ ok: false, reason: 'an address of this machine' });
  });

  it("refuses this machine's interface addresses and extra own addresses", () => {
    const g = guard({
      ownAddresses: ['198.51.100.1'],
      interfaces: () => ({ eth0: [{ address: '203.0.113.10', family: 'IPv4' } as import('node:os').NetworkInterfaceInfo] }),
    });
    expect(g.check('203.0.113.10')).toEqual({ ok: false, reason: 'an address of this machine' });
    expect(g.check('198.51.100.1')).toEqual({ ok: false, reason: 'an address of this machine' });
  });

  it('reads the real interfaces by default', () => {
    const g = createBlockGuard({ allowlist: [], env: {}, interfaces: undefined });
    // Loopback is refused either way; a documentation address is never configured on a host.
    expect(g.check('203.0.113.99')).toMatchObject({ ok: true });
  });
});
