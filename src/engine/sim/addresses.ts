/**
 * Documentation-range addresses for generated traffic: attackers in 203.0.113.0/24,
 * 198.51.100.0/24 and 2001:db8::/32 (RFC 5737 / RFC 3849), legitimate users in 192.0.2.0/24.
 */
import type { Random } from './prng.js';

/** An attacker listed in the shipped intel feed (`intel/blacklist.csv` must keep it). */
export const INTEL_ATTACKER_IP = '203.0.113.200';
/** The address a hostile user name tries to frame (§3.9); never used as a real source. */
export const FRAMED_IP = '198.51.100.7';
/** This server. */
export const SERVER_IPV4 = '192.0.2.10';
export const SERVER_IPV6_GROUPS: readonly number[] = [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10];

export interface V6Address {
  /** RFC 5952 form, as sshd prints it. */
  compressed: string;
  /** Zero-padded form, as the kernel (netfilter) prints it. */
  expanded: string;
}

const RESERVED_V4 = new Set([INTEL_ATTACKER_IP, FRAMED_IP]);

export function attackerIpv4(rnd: Random): string {
  for (;;) {
    const net = rnd.chance(0.6) ? '203.0.113' : '198.51.100';
    const ip = `${net}.${rnd.int(2, 254)}`;
    if (!RESERVED_V4.has(ip)) return ip;
  }
}

export function v6FromGroups(groups: readonly number[]): V6Address {
  const expanded = groups.map((g) => g.toString(16).padStart(4, '0')).join(':');
  // Longest run (≥2) of zero groups becomes `::` (RFC 5952, first run wins on a tie).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  const compressed =
    bestStart === -1
      ? hex.join(':')
      : `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
  return { compressed, expanded };
}

export function attackerIpv6(rnd: Random): V6Address {
  const subnet = rnd.chance(0.3) ? 0 : rnd.int(1, 0xffff);
  return v6FromGroups([0x2001, 0xdb8, subnet, 0, 0, 0, 0, rnd.int(1, 0xffff)]);
}

export const SERVER_V6: V6Address = v6FromGroups(SERVER_IPV6_GROUPS);
