import { useCallback, useState, type Dispatch } from 'react';
import type { Key } from 'ink';
import type { ConsoleStore } from '../console/types.js';
import type { Command, KeyContext } from '../keys/keymap.js';
import type { MouseReport } from '../keys/mouse.js';
import type { Layout } from '../state/layout.js';
import { mouseTarget, type ShownLists } from '../state/mouse-target.js';
import { blockedIpsOf, type VisibleAlertsSelector } from '../state/selectors.js';
import type { ViewAction, ViewState } from '../state/view-reducer.js';

export interface MouseCommandContext {
  readonly store: ConsoleStore;
  /** The view state as of the latest dispatched action. */
  readonly getView: () => ViewState;
  /** Where the analyst is (the key context) as of the latest dispatched action. */
  readonly getContext: () => KeyContext;
  readonly getLayout: () => Layout;
  readonly dispatch: Dispatch<ViewAction>;
  /** The key commands' handler: the wheel issues the commands ↑ and ↓ issue. */
  readonly onCommand: (command: Command, input: string, key: Key) => void;
  /** The list the analyst sees, shared with the render. */
  readonly selectAlerts: VisibleAlertsSelector;
}

export interface MouseCommands {
  /** Filled in by the lists as they draw (provide it with ShownRowsContext). */
  readonly shown: ShownLists;
  /** Acts on a mouse report (see state/mouse-target.ts). */
  readonly onMouse: (report: MouseReport, key: Key) => void;
}

/** The console's mouse (`--mouse`): the wheel scrolls or moves the selection, a click selects a row. */
export function useMouseCommands(ctx: MouseCommandContext): MouseCommands {
  const { store, getView, getContext, getLayout, dispatch, onCommand, selectAlerts } = ctx;
  const [shown] = useState<ShownLists>(() => ({ alerts: null, table: null }));
  const onMouse = useCallback(
    (report: MouseReport, key: Key) => {
      const target = mouseTarget(report, getContext(), getLayout(), shown);
      if (target === null) return;
      switch (target.kind) {
        case 'command':
          for (let i = 0; i < target.times; i++) onCommand(target.command, '', key);
          return;
        case 'alert': {
          // the alert drawn on that row, wherever it is in the list now (new alerts may have come)
          const state = store.getState();
          const ids = selectAlerts(state.snapshot.alerts, getView(), blockedIpsOf(state.blocks)).map((a) => a.id);
          const index = ids.indexOf(target.id);
          if (index >= 0) dispatch({ type: 'select-index', ids, index });
          return;
        }
        case 'row': {
          const view = getView().view;
          if (view === 'blocks' || view === 'diagnostics' || view === 'hosts') dispatch({ type: 'table-move', table: view, index: target.index });
          return;
        }
      }
    },
    [store, getView, getContext, getLayout, dispatch, onCommand, selectAlerts, shown],
  );
  return { shown, onMouse };
}
