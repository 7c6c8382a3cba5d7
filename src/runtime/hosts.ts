/**
 * The fleet: every logging host that reported, with its last event and counts, for the console's
 * hosts view and header (a syslog receiver or several files feed one console). Bounded: at most
 * `max` hosts are tracked (the least recently heard-from dropped first).
 */
import type { SecurityEvent } from '../engine/model/event.js';
import { withGetters } from '../engine/with-getters.js';

export interface HostInfo {
  /** As the envelope names it (attacker-influenced on a syslog port: escape before display). */
  host: string;
  /** Events parsed from this host so far. */
  events: number;
  /** Event time of its latest event (ms), or null. */
  lastEventTime: number | null;
  /** Wall clock (ms) when its latest event arrived. */
  lastHeardAt: number;
  /** Wall clock (ms) when it first reported. */
  firstHeardAt: number;
}

export interface HostTracker {
  record(e: SecurityEvent): void;
  /** Hosts, most recently heard-from first (same array until something changed). */
  list(): readonly HostInfo[];
  readonly size: number;
}

export function createHostTracker(opts: { now: () => number; max?: number }): HostTracker {
  const max = Math.max(1, opts.max ?? 1000);
  const hosts = new Map<string, HostInfo>();
  let view: readonly HostInfo[] | null = null;
  let lastNow = 0;
  let lastNowAt = 0;
  const api: Omit<HostTracker, 'size'> = {
    record(e) {
      const name = e.host;
      if (name === null) return;
      // one wall-clock read per ~256 events is plenty for "last heard"
      if ((lastNowAt++ & 255) === 0) lastNow = opts.now();
      let h = hosts.get(name);
      if (h === undefined) {
        if (hosts.size >= max) {
          let oldest: HostInfo | null = null;
          for (const x of hosts.values()) if (oldest === null || x.lastHeardAt < oldest.lastHeardAt) oldest = x;
          if (oldest !== null) hosts.delete(oldest.host);
        }
        lastNow = opts.now();
        h = { host: name, events: 0, lastEventTime: null, lastHeardAt: lastNow, firstHeardAt: lastNow };
        hosts.set(name, h);
      }
      h.events += e.count > 0 ? 1 : 0;
      if (Number.isFinite(e.time) && (h.lastEventTime === null || e.time > h.lastEventTime)) h.lastEventTime = e.time;
      h.lastHeardAt = lastNow;
      view = null;
    },
    list() {
      if (view === null) view = Object.freeze([...hosts.values()].map((h) => Object.freeze({ ...h })).sort((a, b) => b.lastHeardAt - a.lastHeardAt));
      return view;
    },
  };
  // (a getter in the literal would make it a slow dictionary object, called per line)
  return withGetters(api, { size: (): number => hosts.size });
}
