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
 * The 32-bit value of `text` when it is a plain dotted quad — four decimal parts of 1–3 digits, each
 * ≤ 255, without leading zeros — else -1. Exactly what `ipaddr.IPv4.isValidFourPartDecimal` accepts
 * and the leading-zero rule below keeps, checked by hand: the common case never reaches ipaddr.js.
 */
function dottedQuadValue(text: string): number {
  const n = text.length;
  if (n < 7 || n > 15) return -1;
  let parts = 0;
  let whole = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255) return -1;
      parts++;
      whole = whole * 256 + value;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0) return -1; // leading zero
      value = value * 10 + (c - 48);
      if (++digits > 3) return -1;
    } else {
      return -1;
    }
  }
  return parts === 4 ? whole : -1;
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

/**
 * The same for dotted quads, keyed by their 32-bit value in a direct-mapped table: one multiply and
 * one array read instead of hashing the text and probing a map. An address whose slot another one
 * took since is copied again — a second object with the same text, which is only slower, not wrong.
 */
const QUAD_SLOT_BITS = 14;
const quadKeys = new Int32Array(1 << QUAD_SLOT_BITS);
const quadTexts: (string | undefined)[] = new Array<string | undefined>(1 << QUAD_SLOT_BITS).fill(undefined);

function internQuad(text: string, value: number): string {
  const key = value | 0;
  const slot = Math.imul(key, 0x9e3779b1) >>> (32 - QUAD_SLOT_BITS);
  const kept = quadTexts[slot];
  if (kept !== undefined && quadKeys[slot] === key) return kept;
  const copy = detach(text);
  quadKeys[slot] = key;
  quadTexts[slot] = copy;
  return copy;
}

/** The canonical form of an IP address, or null when `text` is not one (host names included). */
export function normalizeIp(text: string): string | null {
  // The common case (a plain dotted quad is its own canonical form) needs neither cache nor ipaddr.js.
  const quad = dottedQuadValue(text);
  if (quad !== -1) return internQuad(text, quad);
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
