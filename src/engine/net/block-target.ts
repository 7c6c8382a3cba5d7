/**
 * Block targets: one address or one CIDR range, parsed strictly and re-serialized before anything
 * reaches a firewall argv. Anything else (host names, zone ids, options such as `--help`, shell
 * text, overlong strings, a range with host bits set) is `null`, and no command is ever built for it.
 *
 * Differences from the engine's `normalizeIp`, on purpose:
 * - IPv4-compatible `::a.b.c.d` stays the IPv6 address `::a0b:c0d` (ipaddr.js reads it as the
 *   IPv4-mapped `::ffff:a.b.c.d`, which would block or allowlist the IPv4 address instead);
 * - IPv4-mapped `::ffff:a.b.c.d` is the IPv4 address (that is what the firewall sees);
 * - zone ids (`fe80::1%eth0`) are refused rather than dropped.
 */
import ipaddr from 'ipaddr.js';
import { normalizeIp } from './ip.js';

export type IpFamily = 'ipv4' | 'ipv6';

export interface BlockTarget {
  /** Canonical text: `203.0.113.45`, `2001:db8::45`, `198.51.100.0/24`, `2001:db8:1:2::/64`. */
  readonly text: string;
  readonly family: IpFamily;
  /** 32/128 for a single address. */
  readonly prefix: number;
  /** True for a range (prefix shorter than the address). */
  readonly range: boolean;
  /** First and last address of the target, as integers (32 or 128 bits). */
  readonly first: bigint;
  readonly last: bigint;
}

/** Longest text a target can be: a full-form IPv6 address with an embedded IPv4 and `/128`. */
const MAX_TARGET_LENGTH = 49;
const TARGET_CHARS = /^[0-9A-Fa-f:.]{2,45}(\/(0|[1-9][0-9]{0,2}))?$/;
const IPV4_COMPATIBLE = /^::((?:[0-9]{1,3}\.){3}[0-9]{1,3})$/;

export const FAMILY_BITS: Record<IpFamily, number> = { ipv4: 32, ipv6: 128 };

function bytesToBigInt(bytes: readonly number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** The integer value of a canonical address. */
export function addressToBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return bytesToBigInt(addr.toByteArray());
}

/** Canonical text of an integer address. */
export function bigIntToAddress(value: bigint, family: IpFamily): string {
  const count = family === 'ipv4' ? 4 : 16;
  const bytes: number[] = [];
  for (let i = count - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** Parses one address strictly; returns its family and integer value, or null. */
function parseAddress(text: string): { family: IpFamily; value: bigint } | null {
  const compat = IPV4_COMPATIBLE.exec(text);
  if (compat !== null) {
    const v4 = compat[1]!;
    if (normalizeIp(v4) !== v4) return null; // leading zeros, octets > 255
    return { family: 'ipv6', value: addressToBigInt(ipaddr.IPv4.parse(v4)) };
  }
  const canonical = normalizeIp(text);
  if (canonical === null) return null;
  const addr = ipaddr.parse(canonical);
  return { family: addr.kind(), value: addressToBigInt(addr) };
}

/** The mask of the host part of a `prefix` in a family. */
function hostMask(family: IpFamily, prefix: number): bigint {
  return (1n << BigInt(FAMILY_BITS[family] - prefix)) - 1n;
}

/** Builds a target from an address value and a prefix (host bits must be clear). */
export function makeTarget(family: IpFamily, value: bigint, prefix: number): BlockTarget {
  const bits = FAMILY_BITS[family];
  const last = value | hostMask(family, prefix);
  const address = bigIntToAddress(value, family);
  return Object.freeze({ text: prefix === bits ? address : `${address}/${prefix}`, family, prefix, range: prefix < bits, first: value, last });
}

export type TargetParse = { ok: true; target: BlockTarget } | { ok: false; reason: string };

/** Parses `text` as an address or a CIDR range, with a reason when it is neither. */
export function parseBlockTargetVerbose(text: unknown): TargetParse {
  const invalid = { ok: false, reason: 'not a valid IP address or CIDR range' } as const;
  if (typeof text !== 'string' || text.length > MAX_TARGET_LENGTH || !TARGET_CHARS.test(text)) return invalid;
  const slash = text.indexOf('/');
  const parsed = parseAddress(slash === -1 ? text : text.slice(0, slash));
  if (parsed === null) return invalid;
  const bits = FAMILY_BITS[parsed.family];
  const prefix = slash === -1 ? bits : Number(text.slice(slash + 1));
  if (prefix > bits) return invalid;
  if ((parsed.value & hostMask(parsed.family, prefix)) !== 0n) {
    const network = makeTarget(parsed.family, parsed.value & ~hostMask(parsed.family, prefix), prefix);
    return { ok: false, reason: `${text} is not a network address (did you mean ${network.text}?)` };
  }
  return { ok: true, target: makeTarget(parsed.family, parsed.value, prefix) };
}

/** The canonical target for `text`, or null when it is not exactly an address or a CIDR range. */
export function parseBlockTarget(text: unknown): BlockTarget | null {
  const r = parseBlockTargetVerbose(text);
  return r.ok ? r.target : null;
}

/** Subnet offered beside an address in the block dialog. */
export const SUBNET_PREFIX: Record<IpFamily, number> = { ipv4: 24, ipv6: 64 };

/** The /24 (IPv4) or /64 (IPv6) that contains `ip`, or null when `ip` is not an address. */
export function subnetOf(ip: string, prefix?: number): BlockTarget | null {
  const t = parseBlockTarget(ip);
  if (t === null || t.range) return null;
  const p = prefix ?? SUBNET_PREFIX[t.family];
  if (!Number.isInteger(p) || p < 0 || p > FAMILY_BITS[t.family]) return null;
  return makeTarget(t.family, t.first & ~hostMask(t.family, p), p);
}

/** True when `inner` lies entirely inside `outer`. */
export function targetContains(outer: BlockTarget, inner: BlockTarget): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** True when the two targets share at least one address. */
export function targetsOverlap(a: BlockTarget, b: BlockTarget): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}
