/**
 * The last check before any block: only a valid address or range that reaches none of the
 * protected addresses gets through, in its canonical form (safe to put in an argv array).
 *
 * Protected: loopback, unspecified, multicast, broadcast and link-local addresses; the analyst's own
 * SSH client (`SSH_CLIENT` / `SSH_CONNECTION`, first field) and the server address of that
 * connection; this machine's interface addresses; the allowlist (addresses and CIDRs).
 *
 * Every protected IPv4 range is also protected where IPv6 embeds it: NAT64 `64:ff9b::/96`,
 * IPv4-mapped `::ffff:0:0/96`, SIIT IPv4-translated `::ffff:0:0:0/96` and 6to4 `2002::/16`
 * (`2002:7f00:1::/48` is the 6to4 site of 127.0.0.1). IPv4-compatible `::a.b.c.d` is an IPv6
 * address of its own and is not merged with `a.b.c.d`.
 *
 * A range is refused when it includes any protected address, or is wider than `widestRange`.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { FAMILY_BITS, parseBlockTarget, parseBlockTargetVerbose, type BlockTarget, type IpFamily } from '../engine/net/block-target.js';


import type { BlockGuard, GuardResult, TargetVerdict } from '../engine/model/block.js';

export type { BlockGuard, GuardResult, TargetVerdict } from '../engine/model/block.js';

export interface BlockGuardOptions {
  /** Addresses and CIDRs never to block. An invalid entry throws (a silent hole is worse). */
  allowlist: readonly string[];
  /** More addresses of this machine, on top of its interfaces. */
  ownAddresses?: readonly string[];
  /** Environment holding `SSH_CLIENT` / `SSH_CONNECTION` (normally `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Interface lister, read at every check (addresses change). @default os.networkInterfaces */
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** Shortest prefix a range may have. @default { ipv4: 16, ipv6: 32 } */
  widestRange?: Partial<Record<IpFamily, number>>;
}

interface Protected {
  readonly target: BlockTarget;
  /** Why it is protected, as the analyst reads it. */
  readonly reason: string;
}

const SPECIAL: readonly [string, string][] = [
  ['127.0.0.0/8', 'loopback address'],
  ['0.0.0.0/8', 'unspecified address'],
  ['224.0.0.0/4', 'multicast address'],
  ['255.255.255.255', 'broadcast address'],
  ['169.254.0.0/16', 'link-local address'],
  ['::1', 'loopback address'],
  ['::', 'unspecified address'],
  ['ff00::/8', 'multicast address'],
  ['fe80::/10', 'link-local address'],
];

/** Where IPv6 carries an IPv4 address: the base, and the bit offset of the IPv4 inside it. */
const EMBEDDINGS: readonly { name: string; base: bigint; shift: bigint; tail: bigint }[] = [
  { name: 'NAT64 64:ff9b::/96', base: 0x0064ff9bn << 96n, shift: 0n, tail: 0n },
  { name: 'IPv4-mapped ::ffff:0:0/96', base: 0xffffn << 32n, shift: 0n, tail: 0n },
  { name: 'SIIT ::ffff:0:0:0/96', base: 0xffffn << 48n, shift: 0n, tail: 0n },
  { name: '6to4 2002::/16', base: 0x2002n << 112n, shift: 80n, tail: (1n << 80n) - 1n },
];

function known(text: string): BlockTarget {
  const t = parseBlockTarget(text);
  if (t === null) throw new Error(`internal: bad protected range ${text}`);
  return t;
}

const SPECIAL_RANGES: readonly Protected[] = SPECIAL.map(([text, reason]) => ({ target: known(text), reason }));

function parseAllowEntry(entry: string): Protected {
  const text = typeof entry === 'string' ? entry.trim() : '';
  const t = parseBlockTargetVerbose(text);
  if (t.ok) return { target: t.target, reason: `allowlisted (${text})` };
  // A host-bits-set CIDR (`10.0.0.5/8`) in an allowlist means the network: protect it all.
  const slash = text.indexOf('/');
  const base = slash === -1 ? null : parseBlockTarget(text.slice(0, slash));
  const bits = slash === -1 ? NaN : Number(text.slice(slash + 1));
  if (base !== null && /^\d{1,3}$/.test(text.slice(slash + 1)) && bits <= FAMILY_BITS[base.family]) {
    const mask = (1n << BigInt(FAMILY_BITS[base.family] - bits)) - 1n;
    const first = base.first & ~mask;
    return { target: { ...base, text, prefix: bits, range: bits < FAMILY_BITS[base.family], first, last: first | mask }, reason: `allowlisted (${text})` };
  }
  throw new Error(`allowlist entry is not an IP address or CIDR: ${JSON.stringify(entry)}`);
}

/** The IPv6 ranges that embed an IPv4 range. */
function embedded(p: Protected): Protected[] {
  if (p.target.family !== 'ipv4') return [];
  return EMBEDDINGS.map((e) => ({
    target: {
      ...p.target,
      text: `${p.target.text} in ${e.name}`,
      family: 'ipv6' as const,
      range: true,
      first: e.base | (p.target.first << e.shift),
      last: e.base | (p.target.last << e.shift) | e.tail,
    },
    reason: `${p.reason}, embedded in ${e.name}`,
  }));
}

function sshAddresses(env: BlockGuardOptions['env']): Protected[] {
  const out: Protected[] = [];
  for (const key of ['SSH_CLIENT', 'SSH_CONNECTION'] as const) {
    const fields = (env[key] ?? '').trim().split(/\s+/);
    const client = parseBlockTarget(fields[0] ?? '');
    if (client !== null && !client.range) out.push({ target: client, reason: "the analyst's own SSH client address" });
    const server = key === 'SSH_CONNECTION' ? parseBlockTarget(fields[2] ?? '') : null;
    if (server !== null && !server.range) out.push({ target: server, reason: 'an address of this machine' });
  }
  return out;
}

function describe(target: BlockTarget, p: Protected): string {
  if (p.target.first <= target.first && target.last <= p.target.last) return p.reason;
  const what = p.target.range ? p.target.text.split(' in ')[0] : p.target.text;
  return `range includes ${what}: ${p.reason}`;
}

export function createBlockGuard(opts: BlockGuardOptions): BlockGuard {
  const widest: Record<IpFamily, number> = { ipv4: 16, ipv6: 32, ...opts.widestRange };
  const fixed: Protected[] = [
    ...SPECIAL_RANGES,
    ...sshAddresses(opts.env),
    ...(opts.ownAddresses ?? []).flatMap((a) => {
      const t = parseBlockTarget(a);
      return t === null ? [] : [{ target: t, reason: 'an address of this machine' }];
    }),
    ...opts.allowlist.map(parseAllowEntry),
  ];
  const fixedAll = [...fixed, ...fixed.flatMap(embedded)];
  const listInterfaces = opts.interfaces ?? networkInterfaces;

  function interfaceAddresses(): Protected[] {
    let ifaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
    try {
      ifaces = listInterfaces();
    } catch {
      return [];
    }
    const out: Protected[] = [];
    for (const list of Object.values(ifaces)) {
      for (const info of list ?? []) {
        const t = parseBlockTarget(String(info.address).split('%')[0]);
        if (t !== null) out.push({ target: t, reason: 'an address of this machine' });
      }
    }
    return out;
  }

  function checkTarget(input: string): TargetVerdict {
    const parsed = parseBlockTargetVerbose(input);
    if (!parsed.ok) return parsed;
    const target = parsed.target;
    if (target.prefix < widest[target.family]) {
      return { ok: false, reason: `range wider than /${widest[target.family]} (the widest ${target.family === 'ipv4' ? 'IPv4' : 'IPv6'} range allowed)` };
    }
    const own = interfaceAddresses();
    const all = [...fixedAll, ...own, ...own.flatMap(embedded)];
    // Specific reasons first: loopback before "an address of this machine" for 127.0.0.1.
    for (const p of all) {
      if (p.target.family === target.family && p.target.first <= target.last && target.first <= p.target.last) {
        return { ok: false, reason: describe(target, p) };
      }
    }
    return { ok: true, target };
  }

  return {
    checkTarget,
    check(input) {
      const t = parseBlockTarget(input);
      if (t === null || t.range) return { ok: false, reason: 'not a valid IP address' };
      const verdict = checkTarget(input);
      return verdict.ok ? { ok: true, ip: verdict.target.text } : verdict;
    },
  };
}
