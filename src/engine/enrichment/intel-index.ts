/**
 * Threat-intel lookup by IP. Entries are grouped per prefix length into a Map from masked network
 * to entries; a lookup probes only the prefix lengths present (at most 33 for IPv4, 129 for IPv6),
 * each an O(1) Map hit, and returns every matching entry (a bare IP and the /24 around it both
 * match). IPv6 networks are masked as BigInts and keyed by their hex text: V8 hashes a BigInt Map
 * key by its low bits only, so networks with zero host bits would all collide.
 */
import type { IntelMatch } from '../model/alert.js';
import { normalizeIp } from '../net/ip.js';
import type { FeedEntry } from './feed-parse.js';
import { ipv4ToNumber, ipv6ToBigInt, maskIpv4, maskIpv6 } from './network.js';

export interface IntelIndex {
  /** Number of distinct entries indexed. */
  readonly size: number;
  /** Every entry matching `ip` (any textual form), most specific first; [] when none or not an IP. */
  lookup(ip: string): IntelMatch[];
}

interface Level<K> {
  prefix: number;
  map: Map<K, IntelMatch[]>;
}

export function buildIntelIndex(entries: readonly FeedEntry[]): IntelIndex {
  const v4 = new Map<number, Map<number, IntelMatch[]>>();
  const v6 = new Map<number, Map<string, IntelMatch[]>>();
  const seen = new Set<string>();
  let size = 0;
  for (const e of entries) {
    const n = e.network;
    const dedupe = `${e.file}|${n.text}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    size++;
    const match: IntelMatch = { file: e.file, entry: e.entry, reason: e.reason, source: e.source };
    if (n.kind === 'ipv4') {
      let level = v4.get(n.prefix);
      if (level === undefined) v4.set(n.prefix, (level = new Map()));
      const key = n.value as number;
      const list = level.get(key);
      if (list === undefined) level.set(key, [match]);
      else list.push(match);
    } else {
      let level = v6.get(n.prefix);
      if (level === undefined) v6.set(n.prefix, (level = new Map()));
      const key = (n.value as bigint).toString(16);
      const list = level.get(key);
      if (list === undefined) level.set(key, [match]);
      else list.push(match);
    }
  }
  const levels4: Level<number>[] = [...v4].map(([prefix, map]) => ({ prefix, map })).sort((a, b) => b.prefix - a.prefix);
  const levels6: Level<string>[] = [...v6].map(([prefix, map]) => ({ prefix, map })).sort((a, b) => b.prefix - a.prefix);

  return {
    size,
    lookup(ip: string): IntelMatch[] {
      const normalized = normalizeIp(ip);
      if (normalized === null) return [];
      const out: IntelMatch[] = [];
      if (normalized.includes(':')) {
        if (levels6.length === 0) return out;
        const value = ipv6ToBigInt(normalized);
        for (const level of levels6) {
          const hit = level.map.get(maskIpv6(value, level.prefix).toString(16));
          if (hit !== undefined) for (const m of hit) out.push(m);
        }
      } else {
        if (levels4.length === 0) return out;
        const value = ipv4ToNumber(normalized);
        for (const level of levels4) {
          const hit = level.map.get(maskIpv4(value, level.prefix));
          if (hit !== undefined) for (const m of hit) out.push(m);
        }
      }
      return out;
    },
  };
}

/** An index with no entries. */
export function emptyIntelIndex(): IntelIndex {
  return buildIntelIndex([]);
}
