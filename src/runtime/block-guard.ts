/**
 * The last check before any block: only a single, valid, routable address that is not ours and not
 * allowlisted gets through, in its canonical form (safe to put in an argv array).
 *
 * Refused: anything that is not exactly an IPv4/IPv6 address (host names, CIDRs, zones, options
 * such as `--help`, shell text), loopback, unspecified, multicast, broadcast and link-local
 * addresses, the analyst's own SSH client (`SSH_CLIENT` / `SSH_CONNECTION`, first field) and the
 * server address of that connection, this machine's interface addresses, and the allowlist
 * (addresses and CIDRs, IPv4 and IPv6).
 */
import ipaddr from 'ipaddr.js';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { normalizeIp } from '../engine/net/ip.js';

import type { BlockGuard, GuardResult } from '../engine/model/block.js';

export type { BlockGuard, GuardResult } from '../engine/model/block.js';

export interface BlockGuardOptions {
  /** Addresses and CIDRs never to block. An invalid entry throws (a silent hole is worse). */
  allowlist: readonly string[];
  /** More addresses of this machine, on top of its interfaces. */
  ownAddresses?: readonly string[];
  /** Environment holding `SSH_CLIENT` / `SSH_CONNECTION` (normally `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Interface lister. @default os.networkInterfaces */
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

const ADDRESS_CHARS = /^[0-9A-Fa-f:.]{2,45}$/;

const REFUSED_RANGES: Record<string, string> = {
  loopback: 'loopback address',
  unspecified: 'unspecified address',
  multicast: 'multicast address',
  broadcast: 'broadcast address',
  linkLocal: 'link-local address',
};

function parseAllowEntry(entry: string): { text: string; cidr: Cidr } {
  const text = entry.trim();
  if (text.includes('/')) {
    const [addr, bits] = text.split('/', 2) as [string, string];
    const base = normalizeIp(addr);
    if (base !== null && /^\d{1,3}$/.test(bits)) {
      try {
        return { text, cidr: ipaddr.parseCIDR(`${base}/${bits}`) };
      } catch {
        // fall through to the error below
      }
    }
  } else {
    const ip = normalizeIp(text);
    if (ip !== null) {
      const parsed = ipaddr.parse(ip);
      return { text, cidr: [parsed, parsed.kind() === 'ipv4' ? 32 : 128] };
    }
  }
  throw new Error(`allowlist entry is not an IP address or CIDR: ${JSON.stringify(entry)}`);
}

function sshAddresses(env: BlockGuardOptions['env']): { client: Set<string>; server: Set<string> } {
  const client = new Set<string>();
  const server = new Set<string>();
  for (const key of ['SSH_CLIENT', 'SSH_CONNECTION'] as const) {
    const fields = (env[key] ?? '').trim().split(/\s+/);
    const c = normalizeIp(fields[0] ?? '');
    if (c !== null) client.add(c);
    if (key === 'SSH_CONNECTION') {
      const s = normalizeIp(fields[2] ?? '');
      if (s !== null) server.add(s);
    }
  }
  return { client, server };
}

export function createBlockGuard(opts: BlockGuardOptions): BlockGuard {
  const allow = opts.allowlist.map(parseAllowEntry);
  const ssh = sshAddresses(opts.env);
  const extraOwn = (opts.ownAddresses ?? []).map((a) => normalizeIp(a)).filter((a): a is string => a !== null);
  const listInterfaces = opts.interfaces ?? networkInterfaces;

  function isOwnAddress(ip: string): boolean {
    if (ssh.server.has(ip) || extraOwn.includes(ip)) return true;
    let ifaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
    try {
      ifaces = listInterfaces();
    } catch {
      return false;
    }
    for (const list of Object.values(ifaces)) {
      for (const info of list ?? []) if (normalizeIp(info.address) === ip) return true;
    }
    return false;
  }

  return {
    check(input) {
      if (typeof input !== 'string' || !ADDRESS_CHARS.test(input)) return { ok: false, reason: 'not a valid IP address' };
      const ip = normalizeIp(input);
      if (ip === null) return { ok: false, reason: 'not a valid IP address' };
      const addr = ipaddr.parse(ip);
      const special = REFUSED_RANGES[addr.range()];
      if (special !== undefined) return { ok: false, reason: special };
      if (ssh.client.has(ip)) return { ok: false, reason: "the analyst's own SSH client address" };
      if (isOwnAddress(ip)) return { ok: false, reason: 'an address of this machine' };
      for (const entry of allow) {
        if (entry.cidr[0].kind() === addr.kind() && addr.match(entry.cidr)) {
          return { ok: false, reason: `allowlisted (${entry.text})` };
        }
      }
      return { ok: true, ip };
    },
  };
}
