/**
 * IP address validation and normalization, on ipaddr.js. Every address that leaves a parser goes
 * through `normalizeIp`: IPv4 dotted-decimal (four parts, no octal/hex forms), IPv4-mapped IPv6
 * reported as IPv4, IPv6 compressed lower-case (RFC 5952), zone suffix dropped.
 * Results are memoized in a bounded map: the same attacker address repeats many times in a log.
 */
import ipaddr from 'ipaddr.js';
import { detach } from '../text/excerpt.js';

const CACHE_LIMIT = 50_000;
const cache = new Map<string, string | null>();

/**
 * True when `text` is a plain dotted quad: four decimal parts of 1–3 digits, each ≤ 255, without
 * leading zeros. Exactly what `ipaddr.IPv4.isValidFourPartDecimal` accepts and the leading-zero rule
 * below keeps, checked by hand: the common case never reaches ipaddr.js.
 */
function isPlainDottedQuad(text: string): boolean {
  const n = text.length;
  if (n < 7 || n > 15) return false;
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255) return false;
      parts++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0) return false; // leading zero
      value = value * 10 + (c - 48);
      if (++digits > 3) return false;
    } else {
      return false;
    }
  }
  return parts === 4;
}

function compute(text: string): string | null {
  if (text.length === 0 || text.length > 100) return null;
  const zone = text.indexOf('%');
  const bare = zone === -1 ? text : text.slice(0, zone);
  if (bare.includes(':')) {
    // One parse (it throws exactly when IPv6.isValid is false), not a validation and then a parse.
    let v6: ipaddr.IPv6;
    try {
      v6 = ipaddr.IPv6.parse(bare);
    } catch {
      return null;
    }
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
    return v6.toString();
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare)) return null;
  // Reject leading zeros ("010.0.0.1"): ambiguous (octal in some tools), never printed by sshd/kernel.
  const parts = bare.split('.');
  for (const p of parts) if (p.length > 1 && p.charCodeAt(0) === 48) return null;
  return bare;
}

const INTERN_LIMIT = 16_384;
const interned = new Map<string, string>();

/**
 * One string object per address among those seen lately: an address is a key in several tables
 * per event (connection state, rule windows, open incidents), and a table lookup or comparison with
 * the very object it holds skips comparing text and hashing again. The kept copy is detached from
 * its line (a view would keep the whole line alive); the table is bounded (cleared when full).
 */
function intern(ip: string): string {
  const hit = interned.get(ip);
  if (hit !== undefined) return hit;
  const copy = detach(ip);
  if (interned.size >= INTERN_LIMIT) interned.clear();
  interned.set(copy, copy);
  return copy;
}

/** The canonical form of an IP address, or null when `text` is not one (host names included). */
export function normalizeIp(text: string): string | null {
  // The common case (a plain dotted quad is its own canonical form) needs neither cache nor ipaddr.js.
  if (isPlainDottedQuad(text)) return intern(text);
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const computed = compute(text);
  const value = computed === null ? null : intern(computed);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(detach(text), value);
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
