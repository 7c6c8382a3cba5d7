import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { isIp, normalizeIp } from '../../../src/engine/net/ip.js';
import { createRandom } from '../../../src/engine/sim/prng.js';

/** The rules spelled out with ipaddr.js alone: what normalizeIp must answer for every input. */
function reference(text: string): string | null {
  if (text.length === 0 || text.length > 100) return null;
  const zone = text.indexOf('%');
  const bare = zone === -1 ? text : text.slice(0, zone);
  if (bare.includes(':')) {
    if (!ipaddr.IPv6.isValid(bare)) return null;
    const v6 = ipaddr.IPv6.parse(bare);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toString();
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare)) return null;
  return bare.split('.').some((p) => p.length > 1 && p.startsWith('0')) ? null : bare;
}

const prng = (seed: number): (() => number) => createRandom(seed).next;

const PARTS = ['0', '1', '9', '10', '99', '100', '199', '255', '256', '300', '999', '1000', '00', '01', '007', '', ' 1', '1 ', '+1', '-1', '0x1', '1e2', 'a', '٣'];

describe('normalizeIp', () => {
  it('keeps plain dotted quads and refuses leading zeros, big parts and other spellings', () => {
    expect(normalizeIp('203.0.113.9')).toBe('203.0.113.9');
    expect(normalizeIp('0.0.0.0')).toBe('0.0.0.0');
    expect(normalizeIp('255.255.255.255')).toBe('255.255.255.255');
    expect(normalizeIp('010.0.0.1')).toBeNull();
    expect(normalizeIp('1.2.3.256')).toBeNull();
    expect(normalizeIp('1.2.3')).toBeNull();
    expect(normalizeIp('0x7f.0.0.1')).toBeNull();
    expect(normalizeIp('1.2.3.4%eth0')).toBe('1.2.3.4');
    expect(isIp('host.example')).toBe(false);
  });

  it('writes IPv6 compressed and lower-case, and IPv4-mapped addresses as IPv4', () => {
    expect(normalizeIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(normalizeIp('2001:db8::1::2')).toBeNull();
    expect(normalizeIp('2001:db8::g')).toBeNull();
  });

  it('answers like the ipaddr.js rules on 30,000 generated near-addresses', () => {
    const rand = prng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    for (let i = 0; i < 30_000; i++) {
      let text: string;
      const kind = rand();
      if (kind < 0.6) {
        const n = rand() < 0.85 ? 4 : pick([3, 5]);
        text = Array.from({ length: n }, () => pick(PARTS)).join(rand() < 0.97 ? '.' : ',');
      } else if (kind < 0.9) {
        const groups = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(['0', '1', 'db8', '2001', 'ffff', 'FFFF', 'g', '', '12345', 'fe80']));
        text = groups.join(':') + (rand() < 0.2 ? '::' : '') + (rand() < 0.1 ? '%eth0' : '') + (rand() < 0.1 ? ':1.2.3.4' : '');
      } else {
        text = pick(['::', '::1', '1::', ':::', '::ffff:1.2.3.4', '1.2.3.4%', '%', 'UNKNOWN', 'x'.repeat(101)]);
      }
      expect(normalizeIp(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it('gives every address back as itself when many share the table of recent addresses', () => {
    // 70,000 distinct dotted quads (more than the table has slots, so slots are taken over), twice.
    const texts: string[] = [];
    for (let i = 0; i < 70_000; i++) texts.push(`${(i * 7) % 223 + 1}.${(i >> 8) & 255}.${i & 255}.${(i * 13) % 256}`);
    for (let round = 0; round < 2; round++) {
      for (const t of texts) expect(normalizeIp(t)).toBe(t);
    }
    for (const t of ['0.0.0.0', '255.255.255.255', '0.0.0.1', '1.0.0.0']) expect(normalizeIp(t)).toBe(t);
  });
});
