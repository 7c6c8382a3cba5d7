/**
 * IP networks (address + prefix length) as numbers: IPv4 as an unsigned 32-bit number, IPv6 as a
 * BigInt. Pure helpers shared by the feed parser and the intel index.
 */
import ipaddr from 'ipaddr.js';
import { normalizeIp } from '../net/ip.js';

export interface Network {
  kind: 'ipv4' | 'ipv6';
  /** Masked network address: number for IPv4, bigint for IPv6. */
  value: number | bigint;
  prefix: number;
  /** Canonical text, `203.0.113.0/26` or `2001:db8:bad::/48` (bare address for full-length prefixes). */
  text: string;
}

export function ipv4ToNumber(ip: string): number {
  let value = 0;
  let part = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      value = value * 256 + part;
      part = 0;
    } else {
      part = part * 10 + (c - 48);
    }
  }
  return value * 256 + part;
}

export function numberToIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function maskIpv4(value: number, prefix: number): number {
  if (prefix <= 0) return 0;
  if (prefix >= 32) return value >>> 0;
  return (value & (~0 << (32 - prefix))) >>> 0;
}

export function ipv6ToBigInt(ip: string): bigint {
  const parts = ipaddr.IPv6.parse(ip).parts;
  let value = 0n;
  for (const p of parts) value = (value << 16n) | BigInt(p);
  return value;
}

export function bigIntToIpv6(value: bigint): string {
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) parts.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  return new ipaddr.IPv6(parts).toString();
}

const ALL_ONES_128 = (1n << 128n) - 1n;

export function maskIpv6(value: bigint, prefix: number): bigint {
  if (prefix <= 0) return 0n;
  if (prefix >= 128) return value;
  const hostBits = BigInt(128 - prefix);
  return value & (ALL_ONES_128 ^ ((1n << hostBits) - 1n));
}

/**
 * Parses `203.0.113.7`, `203.0.113.0/24`, `2001:db8::/32`, `::ffff:198.51.100.0/120` (mapped →
 * IPv4). Host bits are cleared. Returns an error message instead of throwing.
 */
export function parseNetwork(text: string): Network | string {
  const slash = text.indexOf('/');
  const addrText = slash === -1 ? text : text.slice(0, slash);
  const normalized = normalizeIp(addrText);
  if (normalized === null) return `not an IP address or CIDR: "${text}"`;
  const v6 = normalized.includes(':');
  let prefix = v6 ? 128 : 32;
  if (slash !== -1) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return `bad prefix length in "${text}"`;
    prefix = Number(p);
    if (!v6 && addrText.includes(':')) {
      // IPv4-mapped IPv6 network: keep the IPv4 part.
      if (prefix < 96 || prefix > 128) return `bad prefix length in "${text}"`;
      prefix -= 96;
    }
    if (prefix > (v6 ? 128 : 32)) return `bad prefix length in "${text}"`;
  }
  if (v6) {
    const parts = ipaddr.IPv6.parse(normalized).parts;
    let value = 0n;
    for (let i = 0; i < 8; i++) {
      const keep = Math.min(16, Math.max(0, prefix - i * 16));
      const part = keep === 0 ? 0 : (parts[i] as number) & ((0xffff << (16 - keep)) & 0xffff);
      parts[i] = part;
      value = (value << 16n) | BigInt(part);
    }
    const addr = prefix === 128 ? normalized : new ipaddr.IPv6(parts).toString();
    return { kind: 'ipv6', value, prefix, text: prefix === 128 ? addr : `${addr}/${prefix}` };
  }
  const value = maskIpv4(ipv4ToNumber(normalized), prefix);
  const addr = numberToIpv4(value);
  return { kind: 'ipv4', value, prefix, text: prefix === 32 ? addr : `${addr}/${prefix}` };
}
