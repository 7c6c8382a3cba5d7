import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { ConsoleState, ConsoleStore } from '../console/types.js';

/**
 * One part of the store's state (`(s) => s.snapshot`, `(s) => s.now`); the component re-renders only
 * when that part changes (by identity). The store keeps unchanged parts identical from one state to
 * the next, so a clock tick re-renders the clock, not the alert table. `select` must return a part of
 * the state or a primitive, never a new object (that would re-render on every notification).
 */
export function useConsoleSlice<T>(store: ConsoleStore, select: (state: ConsoleState) => T): T {
  const selectRef = useRef(select);
  selectRef.current = select;
  const get = useCallback(() => selectRef.current(store.getState()), [store]);
  return useSyncExternalStore(store.subscribe, get, get);
}
