import { describe, expect, it } from 'vitest';
import { parseBlockTarget, parseBlockTargetVerbose, subnetOf, targetContains, targetsOverlap } from '../../../src/engine/net/block-target.js';

describe('parseBlockTarget', () => {
  it.each([
    ['203.0.113.45', '203.0.113.45'],
    ['2001:0DB8:0000::0045', '2001:db8::45'],
    ['::ffff:198.51.100.23', '198.51.100.23'],
    ['::198.51.100.23', '::c633:6417'],
    ['0:0:0:0:0:0:198.51.100.23', '::c633:6417'],
    ['198.51.100.0/24', '198.51.100.0/24'],
    ['198.51.100.9/32', '198.51.100.9'],
    ['2001:db8:1:2::/64', '2001:db8:1:2::/64'],
    ['2001:db8::1/128', '2001:db8::1'],
  ])('%s → %s', (input, text) => {
    expect(parseBlockTarget(input)?.text).toBe(text);
  });

  it.each([
    '1.2.3.4; rm -rf /',
    '$(id)',
    '`id`',
    '--help',
    '-1.2.3.4',
    '1.2.3.4 ',
    '1.2.3.4\n5.6.7.8',
    'fe80::1%eth0',
    'fe80::1%25eth0',
    '010.0.0.1',
    '1.2.3',
    '256.1.1.1',
    '1.2.3.0/33',
    '1.2.3.0/',
    '1.2.3.0/08',
    'example.net',
    '9'.repeat(100),
    `${'1:'.repeat(40)}1`,
    '',
  ])('refuses %j', (input) => {
    expect(parseBlockTarget(input)).toBeNull();
  });

  it('refuses non-strings without throwing', () => {
    for (const v of [undefined, null, 42, {}, ['1.2.3.4']]) expect(parseBlockTarget(v)).toBeNull();
  });

  it('explains a range with host bits set', () => {
    expect(parseBlockTargetVerbose('2001:db8::7/64')).toEqual({ ok: false, reason: '2001:db8::7/64 is not a network address (did you mean 2001:db8::/64?)' });
  });
});

describe('subnets and containment', () => {
  it('offers the /24 of an IPv4 address and the /64 of an IPv6 address', () => {
    expect(subnetOf('203.0.113.45')?.text).toBe('203.0.113.0/24');
    expect(subnetOf('2001:db8:1:2:3:4:5:6')?.text).toBe('2001:db8:1:2::/64');
    expect(subnetOf('203.0.113.45', 16)?.text).toBe('203.0.0.0/16');
    expect(subnetOf('203.0.113.0/24')).toBeNull();
    expect(subnetOf('nope')).toBeNull();
  });

  it('knows which target contains or overlaps which', () => {
    const net = parseBlockTarget('198.51.100.0/24')!;
    const ip = parseBlockTarget('198.51.100.77')!;
    const other = parseBlockTarget('198.51.101.1')!;
    expect(targetContains(net, ip)).toBe(true);
    expect(targetContains(ip, net)).toBe(false);
    expect(targetsOverlap(ip, net)).toBe(true);
    expect(targetsOverlap(net, other)).toBe(false);
    expect(targetContains(parseBlockTarget('::/96')!, parseBlockTarget('::c633:6401')!)).toBe(true);
    expect(targetContains(net, parseBlockTarget('::c633:6401')!)).toBe(false);
  });
});
