/**
 * "New since you looked": alerts that arrive above the selection (where the analyst is not
 * looking) are marked until the selection reaches them or goes above them. Alerts present when the
 * console started, and alerts arriving at or below the selection, are not marked. Pure: the alert
 * lists and the selection are inputs; the result is the same object when nothing changed.
 */
import type { Alert } from '../engine/model/alert.js';

export interface UnseenState {
  /** Every alert id seen so far in the runtime's list (null before the first list). */
  readonly known: ReadonlySet<string> | null;
  /** The runtime's list `known` was built from. */
  readonly from: readonly Alert[] | null;
  readonly unseen: ReadonlySet<string>;
}

export const initialUnseen: UnseenState = { known: null, from: null, unseen: new Set() };

/**
 * @param all the runtime's alerts (what exists)
 * @param list the alerts the list shows, in order
 * @param selectedIndex where the selection is in `list` now (-1: none)
 */
export function trackUnseen(prev: UnseenState, all: readonly Alert[], list: readonly Alert[], selectedIndex: number): UnseenState {
  let known = prev.known;
  let unseen = prev.unseen;
  let changed = false;
  let indexOf: Map<string, number> | null = null;
  const index = (id: string): number => {
    if (indexOf === null) {
      indexOf = new Map();
      list.forEach((a, i) => indexOf!.set(a.id, i));
    }
    return indexOf.get(id) ?? -1;
  };
  if (known === null || all !== prev.from) {
    const next = new Set<string>();
    const added: string[] = [];
    for (const a of all) {
      next.add(a.id);
      if (known !== null && !known.has(a.id)) added.push(a.id);
    }
    const grown = added.filter((id) => {
      const i = index(id);
      return i >= 0 && i < selectedIndex;
    });
    if (grown.length > 0) unseen = new Set([...unseen, ...grown]);
    known = next;
    changed = true;
  }
  if (unseen.size > 0) {
    const kept = [...unseen].filter((id) => known!.has(id) && !(index(id) >= selectedIndex && index(id) >= 0) && !(index(id) === -1 && selectedIndex < 0));
    if (kept.length !== unseen.size) {
      unseen = new Set(kept);
      changed = true;
    }
  }
  return changed ? { known, from: all, unseen } : prev;
}
