/**
 * Slot index for per-process tables keyed by (logging host, PID): a small id per host (bounded
 * map) mixed into the PID, masked to a power-of-two table. Callers store host and PID in the slot
 * and compare them on lookup, so a collision only forgets, it never answers for another process.
 */
const MAX_HOST_IDS = 4096;
/** Slots of the per-process tables (a power of two): PIDs within this distance of each other never share one. */
export const PROCESS_SLOTS = 8192;

export type SlotOf = (host: string | null, pid: number) => number;

/** A slot function for a table of `slots` entries (a power of two). */
export function createSlotIndex(slots: number): SlotOf {
  const mask = slots - 1;
  const hostIds = new Map<string, number>();
  // Consecutive lines mostly come from one host (often the very same string): one-entry cache.
  let lastHost: string | null = null;
  let lastId = 0;
  return (host, pid) => {
    let id = 0;
    if (host !== null) {
      if (host === lastHost) {
        id = lastId;
      } else {
        id = hostIds.get(host) ?? 0;
        if (id === 0 && hostIds.size < MAX_HOST_IDS) {
          id = hostIds.size + 1;
          hostIds.set(host, id);
        }
        lastHost = host;
        lastId = id;
      }
    }
    return (pid + Math.imul(id, 0x9e3779b1)) & mask;
  };
}
