/**
 * What every key command sees: the store and the view as they are at key time (not as of the last
 * render: keys typed faster than a frame must act on what is there now), the list the analyst sees,
 * and the ways to answer (a message line) and to act (the store's actions, the clipboard, a file).
 */
import type { Dispatch } from 'react';
import type { Alert } from '../../engine/model/alert.js';
import type { FeedItem } from '../../engine/snapshot/types.js';
import type { ActionResult, ConsoleState, ConsoleStore } from '../../console/types.js';
import type { MessageTone, ViewAction, ViewState } from '../../state/view-reducer.js';
import { blockedIpsOf, resolveSelection, type VisibleAlertsSelector } from '../../state/selectors.js';
import { logItems } from '../../state/event-log.js';

/** Writes a file for the export (`wx`: never overwrites). */
export type WriteFile = (path: string, text: string) => Promise<void>;

export interface CommandEnv {
  readonly store: ConsoleStore;
  /** The view state as of the latest dispatched action (ahead of the last render). */
  readonly getView: () => ViewState;
  readonly dispatch: Dispatch<ViewAction>;
  /** The size of the body area (detail, help and log scrolling). */
  readonly getBody: () => { readonly width: number; readonly height: number };
  /** Alert rows the list shows (the page size for PgUp/PgDn). */
  readonly getListRows: () => number;
  readonly quit: () => void;
  readonly selectAlerts: VisibleAlertsSelector;
  /** Puts text on the clipboard (OSC 52). */
  readonly copy: (text: string) => void;
  readonly writeFile: WriteFile;
  /** Resolves an export path typed by the analyst (relative to the current directory). */
  readonly resolvePath: (path: string) => string;
  readonly say: (text: string, tone: MessageTone) => void;
  /** Shows the result of a store action when it settles. */
  readonly report: (pending: Promise<ActionResult>, what: string) => void;
}

/** The state of things at key time. */
export interface Now {
  readonly state: ConsoleState;
  readonly view: ViewState;
  readonly blockedIps: ReadonlySet<string>;
  /** The alerts the list shows. */
  readonly list: readonly Alert[];
  readonly selected: Alert | null;
  readonly selectedIndex: number;
  /** The alert an action applies to: the detail's alert, or the selected one in the list. */
  readonly target: Alert | null;
  /** Marked alerts the list shows (a bulk action applies to these). */
  readonly marked: readonly Alert[];
  /** The events the log lists (paused copy or live, filtered), oldest first. */
  readonly logItems: readonly FeedItem[];
}

export function now(env: CommandEnv): Now {
  const state = env.store.getState();
  const view = env.getView();
  const blockedIps = blockedIpsOf(state.blocks);
  const list = env.selectAlerts(state.snapshot.alerts, view, blockedIps);
  const sel = resolveSelection(list, view.selectedId, view.selectedIndex);
  const detail = view.view === 'alerts' && view.screen === 'detail' ? (state.snapshot.alerts.find((a) => a.id === view.detailId) ?? null) : null;
  const target = view.view === 'alerts' && view.screen === 'detail' ? detail : view.view === 'alerts' ? sel.alert : null;
  const marked = view.marked.size === 0 ? [] : list.filter((a) => view.marked.has(a.id));
  const source = view.log.frozen ?? state.eventLog ?? state.snapshot.feed;
  return { state, view, blockedIps, list, selected: sel.alert, selectedIndex: sel.index, target, marked, logItems: logItems(source, view.log.filter) };
}

/** The live events (not the paused copy): what pausing freezes. */
export function liveEvents(state: ConsoleState): readonly FeedItem[] {
  return state.eventLog ?? state.snapshot.feed;
}

/** Why nothing may be changed, or null when the console may act. */
export function readOnlyReason(state: ConsoleState): string | null {
  return state.readOnly ? `Read-only console (${state.readOnly.reason}): nothing can be changed from here.` : null;
}
