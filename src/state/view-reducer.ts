/**
 * The console's view state (what the user is looking at, not what the engine knows): selection by
 * alert id, severity filters, sort, search, the open modal, the paused feed and the transient
 * message. Pure: every input, including the current list of alert ids and the clock, is an action
 * field.
 */
import { SEVERITIES, type Severity } from '../engine/model/alert.js';
import type { FeedItem } from '../engine/snapshot/types.js';

export type SortMode = 'newest' | 'severity';
export type Screen = 'list' | 'detail';
export type MessageTone = 'ok' | 'error' | 'info';

export type Modal =
  | { readonly kind: 'none' }
  | { readonly kind: 'help'; readonly scroll: number }
  | { readonly kind: 'search'; readonly draft: string }
  | { readonly kind: 'confirm-block'; readonly ip: string; readonly alertId: string | null };

export interface ViewMessage {
  readonly text: string;
  readonly tone: MessageTone;
  /** Wall-clock ms (the store's `now`) when it was shown. */
  readonly at: number;
}

export interface ViewState {
  readonly screen: Screen;
  /** The selected alert, by id; null until there is one. */
  readonly selectedId: string | null;
  /** Where the selection was in the list: the fallback when the selected alert leaves the list. */
  readonly selectedIndex: number;
  /** The alert shown by the detail screen. */
  readonly detailId: string | null;
  readonly detailScroll: number;
  /** Severities shown; all by default. */
  readonly severities: readonly Severity[];
  readonly sort: SortMode;
  /** The applied search ('' for none). */
  readonly search: string;
  readonly modal: Modal;
  /** The feed as it was when paused, or null when live. */
  readonly frozenFeed: readonly FeedItem[] | null;
  readonly message: ViewMessage | null;
  readonly quitting: boolean;
}

export const initialState: ViewState = {
  screen: 'list',
  selectedId: null,
  selectedIndex: 0,
  detailId: null,
  detailScroll: 0,
  severities: SEVERITIES,
  sort: 'newest',
  search: '',
  modal: { kind: 'none' },
  frozenFeed: null,
  message: null,
  quitting: false,
};

export type ViewAction =
  | { type: 'move-selection'; ids: readonly string[]; delta: number }
  | { type: 'select-index'; ids: readonly string[]; index: number }
  | { type: 'select'; id: string | null; index: number }
  /** Opens the selected alert, only when it is among `ids` (the alerts the list shows). */
  | { type: 'open-detail'; ids: readonly string[] }
  | { type: 'close-detail' }
  | { type: 'scroll-detail'; delta: number; max: number }
  | { type: 'toggle-severity'; severity: Severity }
  | { type: 'toggle-sort' }
  | { type: 'open-search' }
  | { type: 'search-input'; text: string }
  | { type: 'search-erase' }
  | { type: 'apply-search' }
  | { type: 'clear-search' }
  | { type: 'toggle-pause'; feed: readonly FeedItem[] }
  | { type: 'open-help' }
  | { type: 'scroll-help'; delta: number; max: number }
  | { type: 'ask-block'; ip: string; alertId: string | null }
  | { type: 'close-modal' }
  | { type: 'show-message'; text: string; tone: MessageTone; at: number }
  | { type: 'quit' };

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

function selectAt(state: ViewState, ids: readonly string[], index: number): ViewState {
  if (ids.length === 0) return state;
  const i = clamp(index, 0, ids.length - 1);
  return { ...state, selectedId: ids[i] ?? null, selectedIndex: i };
}

/** Current index of the selection within `ids` (the fallback index when it is not there). */
function currentIndex(state: ViewState, ids: readonly string[]): number {
  const i = state.selectedId === null ? -1 : ids.indexOf(state.selectedId);
  return i >= 0 ? i : clamp(state.selectedIndex, 0, Math.max(0, ids.length - 1));
}

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
  switch (action.type) {
    case 'move-selection':
      return selectAt(state, action.ids, currentIndex(state, action.ids) + action.delta);
    case 'select-index':
      return selectAt(state, action.ids, action.index < 0 ? action.ids.length - 1 : action.index);
    case 'select':
      if (state.selectedId === action.id && state.selectedIndex === action.index) return state;
      return { ...state, selectedId: action.id, selectedIndex: action.index };
    case 'open-detail':
      if (state.selectedId === null || !action.ids.includes(state.selectedId)) return state;
      return { ...state, screen: 'detail', detailId: state.selectedId, detailScroll: 0 };
    case 'close-detail':
      return { ...state, screen: 'list', detailScroll: 0 };
    case 'scroll-detail':
      return { ...state, detailScroll: clamp(state.detailScroll + action.delta, 0, Math.max(0, action.max)) };
    case 'toggle-severity': {
      const on = state.severities.includes(action.severity);
      const next = on ? state.severities.filter((s) => s !== action.severity) : [...state.severities, action.severity];
      return { ...state, severities: SEVERITIES.filter((s) => next.includes(s)) };
    }
    case 'toggle-sort':
      return { ...state, sort: state.sort === 'newest' ? 'severity' : 'newest' };
    case 'open-search':
      return { ...state, modal: { kind: 'search', draft: state.search } };
    case 'search-input':
      if (state.modal.kind !== 'search') return state;
      return { ...state, modal: { kind: 'search', draft: state.modal.draft + action.text } };
    case 'search-erase':
      if (state.modal.kind !== 'search') return state;
      return { ...state, modal: { kind: 'search', draft: [...state.modal.draft].slice(0, -1).join('') } };
    case 'apply-search':
      if (state.modal.kind !== 'search') return state;
      return { ...state, search: state.modal.draft.trim(), modal: { kind: 'none' } };
    case 'clear-search':
      return { ...state, search: '', modal: state.modal.kind === 'search' ? { kind: 'none' } : state.modal };
    case 'toggle-pause':
      return { ...state, frozenFeed: state.frozenFeed === null ? action.feed : null };
    case 'open-help':
      return { ...state, modal: { kind: 'help', scroll: 0 } };
    case 'scroll-help':
      if (state.modal.kind !== 'help') return state;
      return { ...state, modal: { kind: 'help', scroll: clamp(state.modal.scroll + action.delta, 0, Math.max(0, action.max)) } };
    case 'ask-block':
      return { ...state, modal: { kind: 'confirm-block', ip: action.ip, alertId: action.alertId } };
    case 'close-modal':
      return { ...state, modal: { kind: 'none' } };
    case 'show-message':
      return { ...state, message: { text: action.text, tone: action.tone, at: action.at } };
    case 'quit':
      return { ...state, quitting: true, modal: { kind: 'none' } };
  }
}
