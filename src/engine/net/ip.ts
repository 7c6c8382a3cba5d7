/**
 * IP address validation and normalization, on ipaddr.js. Every address that leaves a parser goes
 * through `normalizeIp`: IPv4 dotted-decimal (four parts, no octal/hex forms), IPv4-mapped IPv6
 * reported as IPv4, IPv6 compressed lower-case (RFC 5952), zone suffix dropped.
 * Results are memoized in a bounded map: the same attacker address repeats many times in a log.
 */
import ipaddr from 'ipaddr.js';

const CACHE_LIMIT = 50_000;
const cache = new Map<string, string | null>();

function compute(text: string): string | null {
  if (text.length === 0 || text.length > 100) return null;
  const zone = text.indexOf('%');
  const bare = zone === -1 ? text : text.slice(0, zone);
  if (bare.includes(':')) {
    if (!ipaddr.IPv6.isValid(bare)) return null;
    const v6 = ipaddr.IPv6.parse(bare);
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
    return v6.toString();
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare)) return null;
  // Reject leading zeros ("010.0.0.1"): ambiguous (octal in some tools), never printed by sshd/kernel.
  const parts = bare.split('.');
  for (const p of parts) if (p.length > 1 && p.charCodeAt(0) === 48) return null;
  return bare;
}

/** The canonical form of an IP address, or null when `text` is not one (host names included). */
export function normalizeIp(text: string): string | null {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const value = compute(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, value);
  return value;
}

/** True when `text` is a valid IPv4 or IPv6 address (zone allowed). */
export function isIp(text: string): boolean {
  return normalizeIp(text) !== null;
}

export type IpKind = 'ipv4' | 'ipv6';

export function ipKind(normalized: string): IpKind {
  return normalized.includes(':') ? 'ipv6' : 'ipv4';
}
