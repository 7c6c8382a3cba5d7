import { useCallback, type Dispatch } from 'react';
import type { Key } from 'ink';
import type { Alert, AlertStatus, Severity } from '../engine/model/alert.js';
import type { ActionResult, ConsoleStore } from '../console/types.js';
import type { Command } from '../keys/keymap.js';
import type { MessageTone, ViewAction, ViewState } from '../state/view-reducer.js';
import { findBlock, resolveSelection, selectVisibleAlerts, type VisibleAlertsSelector } from '../state/selectors.js';
import { detailLineCount, detailVisibleRows } from '../components/detail-lines.js';
import { helpScrollMax, helpVisibleRows } from '../components/help-layout.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';

export interface CommandContext {
  readonly store: ConsoleStore;
  /** The view state as of the latest dispatched action (ahead of the last render). */
  readonly getView: () => ViewState;
  readonly dispatch: Dispatch<ViewAction>;
  /** The size of the body area (for the detail's scroll limit). */
  readonly getBody: () => { readonly width: number; readonly height: number };
  /** Alert rows the list shows (the page size for PgUp/PgDn). */
  readonly getListRows: () => number;
  readonly quit: () => void;
  /** The list the user sees, shared with the render (memoized). @default selectVisibleAlerts */
  readonly selectAlerts?: VisibleAlertsSelector;
}

interface Targets {
  readonly ids: readonly string[];
  /** The alert the actions apply to: the detail's alert, or the selected one in the list. */
  readonly target: Alert | null;
  readonly detailScrollMax: number;
  /** Lines the detail view shows at once (its page size). */
  readonly detailPage: number;
}

/** What a key applies to, from the store and view as they are at key time (not the last render). */
function targetsNow(
  store: ConsoleStore,
  view: ViewState,
  body: { width: number; height: number },
  selectAlerts: VisibleAlertsSelector,
): Targets {
  const state = store.getState();
  const list = selectAlerts(state.snapshot.alerts, view);
  const selected = resolveSelection(list, view.selectedId, view.selectedIndex).alert;
  const detail = view.screen === 'detail' ? (state.snapshot.alerts.find((a) => a.id === view.detailId) ?? null) : null;
  const target = view.screen === 'detail' ? detail : selected;
  const block = target ? findBlock(state.blocks, target.ip) : undefined;
  const detailPage = detailVisibleRows(body.height);
  const detailScrollMax = Math.max(0, detailLineCount(detail, block, body.width) - detailPage);
  return { ids: list.map((a) => a.id), target, detailScrollMax, detailPage };
}

const SEVERITY_KEYS: Record<string, Severity> = { '1': 'LOW', '2': 'MEDIUM', '3': 'HIGH', '4': 'CRITICAL' };

/** What the list shows after toggling `severity`, in words. */
function severityMessage(view: ViewState, severity: Severity, key: string): string {
  const hidden = !view.severities.includes(severity);
  const all = view.severities.length === 4;
  if (hidden) return `Hiding ${severity} alerts (${key} shows them again).`;
  return all ? `Showing ${severity} alerts again: all severities shown.` : `Showing ${severity} alerts again.`;
}

const STATUS_VERB: Partial<Record<AlertStatus, string>> = {
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  false_positive: 'Marked false positive:',
};

const STATUS_WORD: Record<AlertStatus, string> = {
  new: 'new',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  false_positive: 'marked false positive',
  blocked: 'blocked',
};

function isPrintable(input: string, key: Key): boolean {
  // eslint-disable-next-line no-control-regex
  return !key.ctrl && !key.meta && input.length > 0 && !/[\u0000-\u001f\u007f-\u009f]/.test(input);
}

/** Turns keymap commands into view actions and store actions. */
export function useConsoleCommands(ctx: CommandContext): (command: Command, input: string, key: Key) => void {
  const { store, getView, dispatch, getBody, getListRows, quit } = ctx;
  const selectAlerts = ctx.selectAlerts ?? selectVisibleAlerts;

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
      const { ids, target, detailScrollMax, detailPage } = targetsNow(store, getView(), getBody(), selectAlerts);
      const page = Math.max(1, getListRows() - 1);
      const setStatus = (status: AlertStatus): void => {
        if (!target) return say('No alert selected.', 'info');
        // once is enough: the same status again would only add a duplicate history entry
        if (target.status === status) return say(`Already ${STATUS_WORD[status]}: ${terminalSafe(target.rule)} from ${target.ip}.`, 'info');
        store.actions.setStatus(target.id, status);
        say(`${STATUS_VERB[status] ?? status} ${terminalSafe(target.rule)} from ${target.ip}`, 'ok');
      };
      switch (command) {
        case 'selection.up':
          return dispatch({ type: 'move-selection', ids, delta: -1 });
        case 'selection.down':
          return dispatch({ type: 'move-selection', ids, delta: 1 });
        case 'selection.pageUp':
          return dispatch({ type: 'move-selection', ids, delta: -page });
        case 'selection.pageDown':
          return dispatch({ type: 'move-selection', ids, delta: page });
        case 'selection.first':
          return dispatch({ type: 'select-index', ids, index: 0 });
        case 'selection.last':
          return dispatch({ type: 'select-index', ids, index: -1 });
        case 'detail.open':
          if (!target) return say('No alert selected.', 'info');
          return dispatch({ type: 'open-detail', ids });
        case 'detail.scrollUp':
          return dispatch({ type: 'scroll-detail', delta: -1, max: detailScrollMax });
        case 'detail.scrollDown':
          return dispatch({ type: 'scroll-detail', delta: 1, max: detailScrollMax });
        case 'detail.pageUp':
          return dispatch({ type: 'scroll-detail', delta: -Math.max(1, detailPage - 1), max: detailScrollMax });
        case 'detail.pageDown':
          return dispatch({ type: 'scroll-detail', delta: Math.max(1, detailPage - 1), max: detailScrollMax });
        case 'detail.top':
          return dispatch({ type: 'scroll-detail', delta: -Number.MAX_SAFE_INTEGER, max: detailScrollMax });
        case 'detail.bottom':
          return dispatch({ type: 'scroll-detail', delta: Number.MAX_SAFE_INTEGER, max: detailScrollMax });
        case 'view.back':
          return dispatch({ type: 'close-detail' });
        case 'search.clearApplied':
          return dispatch({ type: 'clear-search' });
        case 'ip.block': {
          if (!target) return say('No alert selected.', 'info');
          if (findBlock(store.getState().blocks, target.ip)) return say(`${target.ip} is already blocked (u unblocks).`, 'info');
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
          if (!severity) return;
          dispatch({ type: 'toggle-severity', severity });
          return say(severityMessage(getView(), severity, input), 'info');
        }
        case 'search.open':
          return dispatch({ type: 'open-search' });
        case 'sort.toggle':
          dispatch({ type: 'toggle-sort' });
          return say(getView().sort === 'severity' ? 'Sorted by severity, then newest.' : 'Sorted newest first.', 'info');
        case 'feed.pause':
          dispatch({ type: 'toggle-pause', feed: store.getState().snapshot.feed });
          return say(getView().frozenFeed !== null ? 'Live events paused (alerts still update); p resumes.' : 'Live events resumed.', 'info');
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
        case 'help.scrollUp':
        case 'help.scrollDown':
        case 'help.pageUp':
        case 'help.pageDown': {
          const body = getBody();
          const page = Math.max(1, helpVisibleRows(body.height) - 1);
          const delta = { 'help.scrollUp': -1, 'help.scrollDown': 1, 'help.pageUp': -page, 'help.pageDown': page }[command];
          return dispatch({ type: 'scroll-help', delta, max: helpScrollMax(body.width, body.height) });
        }
        case 'help.close':
          return dispatch({ type: 'close-modal' });
      }
    },
    [store, getView, dispatch, getBody, getListRows, quit, say, report, selectAlerts],
  );
}
