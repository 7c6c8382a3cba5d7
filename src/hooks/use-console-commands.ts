import { useCallback, type Dispatch } from 'react';
import type { Key } from 'ink';
import type { Alert, AlertStatus, Severity } from '../engine/model/alert.js';
import type { ActionResult, ConsoleStore } from '../console/types.js';
import type { Command } from '../keys/keymap.js';
import type { MessageTone, ViewAction, ViewState } from '../state/view-reducer.js';
import { findBlock, resolveSelection, selectVisibleAlerts } from '../state/selectors.js';
import { detailLineCount } from '../components/detail-lines.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';

export interface CommandContext {
  readonly store: ConsoleStore;
  /** The view state as of the latest dispatched action (ahead of the last render). */
  readonly getView: () => ViewState;
  readonly dispatch: Dispatch<ViewAction>;
  /** The size of the body area (for the detail's scroll limit). */
  readonly getBody: () => { readonly width: number; readonly height: number };
  readonly quit: () => void;
}

interface Targets {
  readonly ids: readonly string[];
  /** The alert the actions apply to: the detail's alert, or the selected one in the list. */
  readonly target: Alert | null;
  readonly detailScrollMax: number;
}

/** What a key applies to, from the store and view as they are at key time (not the last render). */
function targetsNow(store: ConsoleStore, view: ViewState, body: { width: number; height: number }): Targets {
  const state = store.getState();
  const list = selectVisibleAlerts(state.snapshot.alerts, view);
  const selected = resolveSelection(list, view.selectedId, view.selectedIndex).alert;
  const detail = view.screen === 'detail' ? (state.snapshot.alerts.find((a) => a.id === view.detailId) ?? null) : null;
  const target = view.screen === 'detail' ? detail : selected;
  const block = target ? findBlock(state.blocks, target.ip) : undefined;
  const detailScrollMax = Math.max(0, detailLineCount(detail, block, body.width) - (body.height - 4));
  return { ids: list.map((a) => a.id), target, detailScrollMax };
}

const SEVERITY_KEYS: Record<string, Severity> = { '1': 'LOW', '2': 'MEDIUM', '3': 'HIGH', '4': 'CRITICAL' };

const STATUS_VERB: Partial<Record<AlertStatus, string>> = {
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  false_positive: 'Marked false positive:',
};

function isPrintable(input: string, key: Key): boolean {
  // eslint-disable-next-line no-control-regex
  return !key.ctrl && !key.meta && input.length > 0 && !/[\u0000-\u001f\u007f-\u009f]/.test(input);
}

/** Turns keymap commands into view actions and store actions. */
export function useConsoleCommands(ctx: CommandContext): (command: Command, input: string, key: Key) => void {
  const { store, getView, dispatch, getBody, quit } = ctx;

  const say = useCallback(
    (text: string, tone: MessageTone) => dispatch({ type: 'show-message', text, tone, at: store.getState().now }),
    [dispatch, store],
  );

  const report = useCallback(
    (pending: Promise<ActionResult>, what: string) => {
      pending.then(
        (r) => say(r.message, r.ok ? 'ok' : 'error'),
        (err: unknown) => say(`${what} failed: ${err instanceof Error ? err.message : String(err)}`, 'error'),
      );
    },
    [say],
  );

  return useCallback(
    (command: Command, input: string, key: Key) => {
      const { ids, target, detailScrollMax } = targetsNow(store, getView(), getBody());
      const setStatus = (status: AlertStatus): void => {
        if (!target) return say('No alert selected.', 'info');
        store.actions.setStatus(target.id, status);
        say(`${STATUS_VERB[status] ?? status} ${terminalSafe(target.rule)} from ${target.ip}`, 'ok');
      };
      switch (command) {
        case 'selection.up':
          return dispatch({ type: 'move-selection', ids, delta: -1 });
        case 'selection.down':
          return dispatch({ type: 'move-selection', ids, delta: 1 });
        case 'selection.first':
          return dispatch({ type: 'select-index', ids, index: 0 });
        case 'selection.last':
          return dispatch({ type: 'select-index', ids, index: -1 });
        case 'detail.open':
          return dispatch({ type: 'open-detail' });
        case 'detail.scrollUp':
          return dispatch({ type: 'scroll-detail', delta: -1, max: detailScrollMax });
        case 'detail.scrollDown':
          return dispatch({ type: 'scroll-detail', delta: 1, max: detailScrollMax });
        case 'view.back':
          return dispatch({ type: 'close-detail' });
        case 'search.clearApplied':
          return dispatch({ type: 'clear-search' });
        case 'ip.block': {
          if (!target) return say('No alert selected.', 'info');
          if (findBlock(store.getState().blocks, target.ip)) return say(`${target.ip} is already blocked.`, 'info');
          return dispatch({ type: 'ask-block', ip: target.ip, alertId: target.id });
        }
        case 'ip.unblock': {
          if (!target) return say('No alert selected.', 'info');
          if (!findBlock(store.getState().blocks, target.ip)) return say(`${target.ip} is not blocked.`, 'info');
          say(`Unblocking ${target.ip}…`, 'info');
          return report(store.actions.unblock(target.ip), 'Unblock');
        }
        case 'alert.acknowledge':
          return setStatus('acknowledged');
        case 'alert.resolve':
          return setStatus('resolved');
        case 'alert.falsePositive':
          return setStatus('false_positive');
        case 'filter.severity': {
          const severity = SEVERITY_KEYS[input];
          return severity ? dispatch({ type: 'toggle-severity', severity }) : undefined;
        }
        case 'search.open':
          return dispatch({ type: 'open-search' });
        case 'sort.toggle':
          return dispatch({ type: 'toggle-sort' });
        case 'feed.pause':
          return dispatch({ type: 'toggle-pause', feed: store.getState().snapshot.feed });
        case 'help.open':
          return dispatch({ type: 'open-help' });
        case 'app.quit':
          return quit();
        case 'search.apply':
          return dispatch({ type: 'apply-search' });
        case 'search.clear':
          return dispatch({ type: 'clear-search' });
        case 'search.erase':
          return dispatch({ type: 'search-erase' });
        case 'search.type':
          return isPrintable(input, key) ? dispatch({ type: 'search-input', text: input }) : undefined;
        case 'confirm.yes': {
          const modal = getView().modal;
          if (modal.kind !== 'confirm-block') return;
          const { ip, alertId } = modal;
          dispatch({ type: 'close-modal' });
          say(`Blocking ${ip}…`, 'info');
          return report(store.actions.block(ip, alertId), 'Block');
        }
        case 'confirm.cancel':
          dispatch({ type: 'close-modal' });
          return say('Block cancelled.', 'info');
        case 'help.close':
          return dispatch({ type: 'close-modal' });
      }
    },
    [store, getView, dispatch, getBody, quit, say, report],
  );
}
