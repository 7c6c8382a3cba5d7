/**
 * How `replay --save` (mode `merge`) folds its alerts and blocks into a store someone else triaged.
 * Pure functions; every one is idempotent (merging the same record twice changes nothing more), so
 * the store can re-apply everything it holds on each write against a freshly read file.
 *
 * - A new alert id is added as it is.
 * - An existing alert grows: `count` and `lastSeen` never go down, `firstSeen` never goes up, users,
 *   hosts and flags are the union (capped), and evidence, summary and intel come from whichever record
 *   saw the later event. Its `status` and `history` are never changed.
 * - Blocks: a block is added only for an address that has none; existing blocks are never changed or
 *   removed (the block of a triaged alert stays exactly as the analyst left it).
 */
import { MAX_HOSTS, MAX_USERS, SEVERITIES, type Alert } from '../../engine/model/alert.js';
import type { BlockRecord } from '../../engine/model/block.js';

function union(a: readonly string[], b: readonly string[], cap: number): string[] {
  const out = [...a];
  const seen = new Set(a);
  for (const v of b) {
    if (out.length >= cap) break;
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

const rank = (s: Alert['severity']): number => SEVERITIES.indexOf(s);

/** `existing` grown by `incoming` (same id); triage (`status`, `history`) stays `existing`'s. */
export function growAlert(existing: Alert, incoming: Alert): Alert {
  const newer = incoming.lastSeen > existing.lastSeen || (incoming.lastSeen === existing.lastSeen && incoming.count > existing.count) ? incoming : existing;
  return {
    ...existing,
    ...newer,
    severity: rank(incoming.severity) > rank(existing.severity) ? incoming.severity : existing.severity,
    firstSeen: incoming.firstSeen < existing.firstSeen ? incoming.firstSeen : existing.firstSeen,
    lastSeen: newer.lastSeen,
    count: Math.max(existing.count, incoming.count),
    users: union(existing.users, incoming.users, MAX_USERS),
    hosts: union(existing.hosts, incoming.hosts, MAX_HOSTS),
    flags: union(existing.flags, incoming.flags, Number.MAX_SAFE_INTEGER),
    status: existing.status,
    history: existing.history,
  };
}

/**
 * Merges `incoming` alerts into `base` (file order; grown alerts move to the end, as the writer's
 * "least recently updated first" order has them). Returns a new array; `base` is not modified.
 */
export function mergeAlerts(base: readonly Alert[], incoming: Iterable<Alert>): Alert[] {
  const byId = new Map<string, Alert>();
  for (const a of base) byId.set(a.id, a);
  for (const a of incoming) {
    const existing = byId.get(a.id);
    byId.delete(a.id);
    byId.set(a.id, existing === undefined ? a : growAlert(existing, a));
  }
  return [...byId.values()];
}

/** `base` plus the `incoming` blocks for addresses `base` does not block yet. */
export function mergeBlocks(base: readonly BlockRecord[], incoming: readonly BlockRecord[]): BlockRecord[] {
  const have = new Set(base.map((b) => b.ip));
  const out = [...base];
  for (const b of incoming) {
    if (have.has(b.ip)) continue;
    have.add(b.ip);
    out.push(b);
  }
  return out;
}
