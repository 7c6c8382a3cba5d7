import { useSyncExternalStore } from 'react';
import type { ConsoleState, ConsoleStore } from '../console/types.js';

/** The store's current state; re-renders when the store notifies. */
export function useConsoleState(store: ConsoleStore): ConsoleState {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
