/**
 * Where the syslog receiver listens and whom it accepts, checked without I/O: `udp://HOST:PORT` and
 * `tcp://HOST:PORT` (IPv6 in brackets; no host means loopback, no port means 5514), and an allowlist
 * of sender addresses and networks (`192.0.2.10`, `198.51.100.0/24`, `2001:db8::/32`).
 */
import { readFile } from 'node:fs/promises';
import { BlockList, isIP } from 'node:net';
import { normalizeIp } from '../../engine/net/ip.js';

export const DEFAULT_SYSLOG_PORT = 5514;

export interface ListenAddress {
  proto: 'udp' | 'tcp';
  host: string;
  port: number;
  family: 4 | 6;
}

const URL_RE = /^(udp|tcp):\/\/(?:\[([0-9A-Fa-f:.]+)\]|([^\s:/[\]]*))(?::(\d{1,5}))?\/?$/;

/** The address a URL names, or a message saying why it is not one. */
export function parseListenUrl(url: string): ListenAddress | string {
  const m = URL_RE.exec(url.trim());
  if (m === null) return `${url}: expected udp://HOST:PORT or tcp://HOST:PORT (IPv6 in brackets)`;
  const proto = m[1] as 'udp' | 'tcp';
  let host = m[2] ?? m[3] ?? '';
  if (host === '' || host === 'localhost') host = '127.0.0.1';
  const family = isIP(host);
  if (family === 0) return `${url}: the host must be an IP address (no name lookups for a listening socket)`;
  if (m[2] !== undefined && family !== 6) return `${url}: only IPv6 addresses go in brackets`;
  const port = m[4] === undefined ? DEFAULT_SYSLOG_PORT : Number(m[4]);
  if (port > 65535) return `${url}: port out of range`;
  return { proto, host, port, family: family as 4 | 6 };
}

export function formatListen(a: { proto: string; host: string; port: number }): string {
  return `${a.proto}://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}

/** Why an allowlist entry is not an address or network, or null. */
export function allowProblem(entry: string): string | null {
  const [addr, prefix, extra] = entry.split('/');
  const family = isIP(addr ?? '');
  if (family === 0 || extra !== undefined) return `${entry}: not an IP address or network`;
  if (prefix !== undefined) {
    const max = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `${entry}: bad prefix length`;
  }
  return null;
}

/** A matcher for sender addresses; null when the allowlist is empty (everyone is accepted). */
export function allowMatcher(entries: readonly string[]): ((address: string) => boolean) | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [addr, prefix] = entry.split('/') as [string, string | undefined];
    const normalized = normalizeIp(addr) ?? addr;
    const type = isIP(normalized) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(normalized, type);
    else list.addSubnet(normalized, Number(prefix), type);
  }
  return (address) => {
    const a = normalizeIp(address);
    return a !== null && list.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4');
  };
}

/** A socket's peer address as a line's `peer`: IPv4-mapped IPv6 as dotted IPv4, no zone. */
export function peerAddress(remote: string | undefined): string {
  if (remote === undefined) return 'unknown';
  return normalizeIp(remote) ?? remote;
}

/**
 * The kernel's count of datagrams dropped for the UDP socket bound to `port` (the `drops` column of
 * /proc/net/udp or udp6), or null where that is not available.
 */
export async function udpKernelDrops(port: number, family: 4 | 6): Promise<number | null> {
  let table: string;
  try {
    table = await readFile(family === 6 ? '/proc/net/udp6' : '/proc/net/udp', 'utf8');
  } catch {
    return null;
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let drops: number | null = null;
  for (const row of table.split('\n').slice(1)) {
    const cols = row.trim().split(/\s+/);
    if (cols.length < 13 || cols[1]!.split(':')[1] !== hexPort) continue;
    drops = (drops ?? 0) + Number(cols[12]);
  }
  return drops;
}
