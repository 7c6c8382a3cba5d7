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

const eth0 = (address: string) => () => ({ eth0: [{ address, family: address.includes(':') ? 'IPv6' : 'IPv4' } as import('node:os').NetworkInterfaceInfo] });

describe('IPv4 embedded in IPv6 (issue 8, item 5)', () => {
  it.each([
    ['64:ff9b::127.0.0.1', 'loopback address, embedded in NAT64 64:ff9b::/96'],
    ['64:ff9b::7f00:1', 'loopback address, embedded in NAT64 64:ff9b::/96'],
    ['::ffff:0:127.0.0.1', 'loopback address, embedded in SIIT ::ffff:0:0:0/96'],
    ['2002:7f00:1::1', 'loopback address, embedded in 6to4 2002::/16'],
    ['2002:7f12:3456:1:2:3:4:5', 'loopback address, embedded in 6to4 2002::/16'],
    ['64:ff9b::a9fe:1', 'link-local address, embedded in NAT64 64:ff9b::/96'],
  ])('refuses %s (%s)', (ip, reason) => {
    expect(guard().check(ip)).toEqual({ ok: false, reason });
  });

  it("refuses this host's own IPv4, the SSH client and the allowlist through every translation form", () => {
    const g = guard({ interfaces: eth0('203.0.113.10'), env: { SSH_CLIENT: '198.51.100.5 4000 22' }, allowlist: ['192.0.2.0/24'] });
    expect(g.check('64:ff9b::203.0.113.10')).toMatchObject({ ok: false, reason: expect.stringContaining('an address of this machine') });
    expect(g.check('2002:cb00:710a::99')).toMatchObject({ ok: false, reason: expect.stringContaining('an address of this machine, embedded in 6to4') });
    expect(g.check('::ffff:0:203.0.113.10')).toMatchObject({ ok: false, reason: expect.stringContaining('SIIT') });
    expect(g.check('64:ff9b::198.51.100.5')).toMatchObject({ ok: false, reason: expect.stringContaining("the analyst's own SSH client address") });
    expect(g.check('2002:c000:2ff::1')).toMatchObject({ ok: false, reason: expect.stringContaining('allowlisted (192.0.2.0/24)') });
    // Neighbours are ordinary addresses.
    expect(g.check('64:ff9b::203.0.113.11')).toEqual({ ok: true, ip: '64:ff9b::cb00:710b' });
    expect(g.check('2002:cb00:710b::1')).toEqual({ ok: true, ip: '2002:cb00:710b::1' });
  });

  it('keeps IPv4-compatible ::a.b.c.d distinct from a.b.c.d (and IPv4-mapped the same)', () => {
    const g = guard({ allowlist: ['198.51.100.7'] });
    expect(g.check('::198.51.100.7')).toEqual({ ok: true, ip: '::c633:6407' });
    expect(g.check('::ffff:198.51.100.7')).toEqual({ ok: false, reason: 'allowlisted (198.51.100.7)' });
    expect(g.check('::127.0.0.1')).toEqual({ ok: true, ip: '::7f00:1' });
    expect(guard({ allowlist: ['::198.51.100.7'] }).check('198.51.100.7')).toEqual({ ok: true, ip: '198.51.100.7' });
  });
});

describe('checkTarget: addresses and ranges', () => {
  it('accepts a range that reaches nothing protected, in canonical form', () => {
    expect(guard().checkTarget('203.0.113.0/24')).toMatchObject({ ok: true, target: { text: '203.0.113.0/24', range: true, prefix: 24 } });
    expect(guard().checkTarget('2001:DB8:0:1::/64')).toMatchObject({ ok: true, target: { text: '2001:db8:0:1::/64', family: 'ipv6' } });
    expect(guard().checkTarget('203.0.113.45/32')).toMatchObject({ ok: true, target: { text: '203.0.113.45', range: false } });
    expect(guard().checkTarget('203.0.113.45')).toMatchObject({ ok: true, target: { text: '203.0.113.45' } });
  });

  it('refuses a range that contains a protected address, saying which', () => {
    const g = guard({ interfaces: eth0('203.0.113.10'), env: { SSH_CLIENT: '198.51.100.5 4000 22' }, allowlist: ['192.0.2.128/25', '2001:db8:5::1'] });
    expect(g.checkTarget('203.0.113.0/24')).toEqual({ ok: false, reason: 'range includes 203.0.113.10: an address of this machine' });
    expect(g.checkTarget('198.51.100.0/24')).toEqual({ ok: false, reason: "range includes 198.51.100.5: the analyst's own SSH client address" });
    expect(g.checkTarget('192.0.2.0/24')).toEqual({ ok: false, reason: 'range includes 192.0.2.128/25: allowlisted (192.0.2.128/25)' });
    expect(g.checkTarget('192.0.2.128/26')).toEqual({ ok: false, reason: 'allowlisted (192.0.2.128/25)' });
    expect(g.checkTarget('2001:db8:5::/64')).toMatchObject({ ok: false, reason: expect.stringContaining('allowlisted (2001:db8:5::1)') });
    expect(g.checkTarget('127.0.0.0/16')).toEqual({ ok: false, reason: 'loopback address' });
    expect(g.checkTarget('fe80::/64')).toEqual({ ok: false, reason: 'link-local address' });
    expect(g.checkTarget('64:ff9b::/96')).toMatchObject({ ok: false, reason: expect.stringContaining('embedded in NAT64') });
    expect(g.checkTarget('2002:7f00::/32')).toMatchObject({ ok: false, reason: expect.stringContaining('loopback address, embedded in 6to4') });
    expect(g.checkTarget('::ffff:0:0/96')).toMatchObject({ ok: false });
  });

  it('refuses ranges wider than the limit, and ranges with host bits set', () => {
    expect(guard().checkTarget('10.0.0.0/8')).toEqual({ ok: false, reason: 'range wider than /16 (the widest IPv4 range allowed)' });
    expect(guard().checkTarget('2001::/16')).toMatchObject({ ok: false, reason: expect.stringContaining('/32') });
    expect(guard({ widestRange: { ipv4: 8 } }).checkTarget('11.0.0.0/8')).toMatchObject({ ok: true });
    expect(guard().checkTarget('203.0.113.7/24')).toEqual({ ok: false, reason: '203.0.113.7/24 is not a network address (did you mean 203.0.113.0/24?)' });
  });

  it.each(['1.2.3.4; rm -rf /', '$(id)', '--help', '-s 1.2.3.4', 'fe80::1%eth0', '1.2.3.4/24/8', '1.2.3.0/024', '1.2.3.0/33', '::/129', 'a'.repeat(5000), '1.2.3.4\n', ' 1.2.3.4'])(
    'refuses bad input %j',
    (input) => {
      expect(guard().checkTarget(input)).toEqual({ ok: false, reason: 'not a valid IP address or CIDR range' });
    },
  );

  it('check() stays address-only', () => {
    expect(guard().check('203.0.113.0/24')).toEqual({ ok: false, reason: 'not a valid IP address' });
  });
});
