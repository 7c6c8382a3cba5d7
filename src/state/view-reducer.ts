/**
 * The console's view state (what the analyst is looking at, not what the runtime knows): the view,
 * the selection by alert id, the filters (status, severities, search), the sort, the marks for
 * bulk actions, the event log's position, the open modal and the transient message. Pure: every
 * input, including the current list of alert ids and the clock, is an action field.
 */
import { SEVERITIES, type AlertStatus, type Severity } from '../engine/model/alert.js';
import type { FeedItem } from '../engine/snapshot/types.js';
import { STATUS_FILTERS, type StatusFilter } from './alert-status.js';
import { DEFAULT_SORT, nextSort, type SortColumn, type SortOrder } from './alert-sort.js';
import { initialLog, type LogFilter, type LogState } from './event-log.js';

export type ViewName = 'alerts' | 'events' | 'blocks' | 'diagnostics' | 'hosts';
export type Screen = 'list' | 'detail';
export type MessageTone = 'ok' | 'error' | 'info';
/** What a text box is for: the alert search, the `:` command line, the export path, the log search. */
export type InputPurpose = 'search' | 'command' | 'export' | 'log-search' | 'block' | 'duration';
/** The tables of the other views, each with its own selection. */
export type TableName = 'blocks' | 'diagnostics' | 'hosts';

/** Durations the block dialog offers (`d` steps through them): 1 h, 10 min, 24 h, 7 d, permanent. */
export const BLOCK_DURATIONS: readonly (number | null)[] = [3600, 600, 86_400, 604_800, null];

/** The choices of a single block: duration, and the address or its /24 (/64) subnet. */
export interface BlockChoice {
  /** The address (or range) asked about. */
  readonly address: string;
  /** The /24 or /64 around the address, when the guard offered one. */
  readonly subnet: string | null;
  /** Block the subnet instead of the address. */
  readonly useSubnet: boolean;
  /** Duration in seconds, null = permanent. */
  readonly seconds: number | null;
  /** The analyst changed the duration (otherwise the backend's default, with any increment, applies). */
  readonly custom: boolean;
  /** Why the guard refuses the current target (the subnet), or null. */
  readonly refused: string | null;
}

/** An action waiting for the analyst's `y`. */
export type PendingAction =
  | { readonly kind: 'block'; readonly ips: readonly string[]; readonly alertIds: readonly (string | null)[]; readonly choice?: BlockChoice }
  | { readonly kind: 'status'; readonly status: AlertStatus; readonly alertIds: readonly string[] };

export type Modal =
  | { readonly kind: 'none' }
  | { readonly kind: 'help'; readonly scroll: number }
  | { readonly kind: 'input'; readonly purpose: InputPurpose; readonly draft: string; readonly resume?: PendingAction }
  | { readonly kind: 'confirm'; readonly action: PendingAction };

export interface ViewMessage {
  readonly text: string;
  readonly tone: MessageTone;
  /** Wall-clock ms (the store's `now`) when it was shown. */
  readonly at: number;
}

export interface ViewState {
  readonly view: ViewName;
  /** The alerts view shows the list or one alert's detail. */
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
  /** Statuses shown: open ones by default. */
  readonly statusFilter: StatusFilter;
  readonly sort: SortOrder;
  /** The applied search ('' for none). */
  readonly search: string;
  /** Alerts marked for a bulk action (space), by id. */
  readonly marked: ReadonlySet<string>;
  readonly log: LogState;
  /** Selected row of each table view. */
  readonly tables: Readonly<Record<TableName, number>>;
  readonly modal: Modal;
  readonly message: ViewMessage | null;
  readonly quitting: boolean;
}

const NO_MARKS: ReadonlySet<string> = new Set();

export const initialState: ViewState = {
  view: 'alerts',
  screen: 'list',
  selectedId: null,
  selectedIndex: 0,
  detailId: null,
  detailScroll: 0,
  severities: SEVERITIES,
  statusFilter: 'open',
  sort: DEFAULT_SORT,
  search: '',
  marked: NO_MARKS,
  log: initialLog,
  tables: { blocks: 0, diagnostics: 0, hosts: 0 },
  modal: { kind: 'none' },
  message: null,
  quitting: false,
};

/** Severity thresholds `v` steps through: all, MEDIUM and up, HIGH and up, CRITICAL only. */
export const SEVERITY_STEPS: readonly (readonly Severity[])[] = [SEVERITIES, SEVERITIES.slice(1), SEVERITIES.slice(2), SEVERITIES.slice(3)];

export type ViewAction =
  | { type: 'move-selection'; ids: readonly string[]; delta: number }
  | { type: 'select-index'; ids: readonly string[]; index: number }
  | { type: 'select'; id: string | null; index: number }
  /** Opens the selected alert, only when it is among `ids` (the alerts the list shows). */
  | { type: 'open-detail'; ids: readonly string[] }
  /** Opens an alert by id (from the blocks view). */
  | { type: 'open-alert'; id: string }
  | { type: 'close-detail' }
  | { type: 'scroll-detail'; delta: number; max: number }
  | { type: 'show-view'; view: ViewName }
  | { type: 'set-severities'; severities: readonly Severity[] }
  | { type: 'cycle-severity' }
  | { type: 'set-status-filter'; filter: StatusFilter }
  | { type: 'cycle-status-filter' }
  | { type: 'sort-by'; column: SortColumn }
  | { type: 'set-sort'; order: SortOrder }
  | { type: 'toggle-mark'; id: string }
  | { type: 'mark'; ids: readonly string[] }
  | { type: 'unmark'; ids: readonly string[] }
  | { type: 'clear-marks' }
  | { type: 'open-input'; purpose: InputPurpose; draft?: string; resume?: PendingAction }
  | { type: 'input-type'; text: string }
  | { type: 'input-erase' }
  | { type: 'set-search'; search: string }
  | { type: 'clear-search' }
  | { type: 'toggle-pause'; feed: readonly FeedItem[] }
  | { type: 'log-scroll'; offset: number; feed: readonly FeedItem[] }
  | { type: 'log-follow' }
  | { type: 'log-filter'; filter: LogFilter | null }
  | { type: 'log-search'; search: string; match: number | null; offset: number; feed: readonly FeedItem[] }
  | { type: 'log-clear-search' }
  | { type: 'table-move'; table: TableName; index: number }
  | { type: 'open-help' }
  | { type: 'scroll-help'; delta: number; max: number }
  | { type: 'ask'; action: PendingAction }
  /** Changes the open block dialog's choices. */
  | { type: 'block-choice'; choice: BlockChoice }
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

function sameSet(a: readonly Severity[], b: readonly Severity[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

function withMarks(state: ViewState, marked: Set<string>): ViewState {
  return { ...state, marked: marked.size === 0 ? NO_MARKS : marked };
}

function withLog(state: ViewState, log: Partial<LogState>): ViewState {
  return { ...state, log: { ...state.log, ...log } };
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
      return { ...state, view: 'alerts', screen: 'detail', detailId: state.selectedId, detailScroll: 0 };
    case 'open-alert':
      return { ...state, view: 'alerts', screen: 'detail', detailId: action.id, detailScroll: 0 };
    case 'close-detail':
      return { ...state, screen: 'list', detailScroll: 0 };
    case 'scroll-detail':
      return { ...state, detailScroll: clamp(state.detailScroll + action.delta, 0, Math.max(0, action.max)) };
    case 'show-view':
      return { ...state, view: action.view, screen: action.view === 'alerts' ? state.screen : 'list', modal: { kind: 'none' } };
    case 'set-severities':
      return { ...state, severities: SEVERITIES.filter((s) => action.severities.includes(s)) };
    case 'cycle-severity': {
      const at = SEVERITY_STEPS.findIndex((step) => sameSet(step, state.severities));
      return { ...state, severities: SEVERITY_STEPS[(at + 1) % SEVERITY_STEPS.length] ?? SEVERITIES };
    }
    case 'set-status-filter':
      return { ...state, statusFilter: action.filter };
    case 'cycle-status-filter':
      return { ...state, statusFilter: STATUS_FILTERS[(STATUS_FILTERS.indexOf(state.statusFilter) + 1) % STATUS_FILTERS.length] ?? 'open' };
    case 'sort-by':
      return { ...state, sort: nextSort(state.sort, action.column) };
    case 'set-sort':
      return { ...state, sort: action.order };
    case 'toggle-mark': {
      const marked = new Set(state.marked);
      if (!marked.delete(action.id)) marked.add(action.id);
      return withMarks(state, marked);
    }
    case 'mark':
      return withMarks(state, new Set([...state.marked, ...action.ids]));
    case 'unmark': {
      const marked = new Set(state.marked);
      for (const id of action.ids) marked.delete(id);
      return withMarks(state, marked);
    }
    case 'clear-marks':
      return state.marked.size === 0 ? state : { ...state, marked: NO_MARKS };
    case 'open-input': {
      const draft = action.draft ?? (action.purpose === 'search' ? state.search : action.purpose === 'log-search' ? state.log.search : '');
      return { ...state, modal: action.resume ? { kind: 'input', purpose: action.purpose, draft, resume: action.resume } : { kind: 'input', purpose: action.purpose, draft } };
    }
    case 'input-type':
      if (state.modal.kind !== 'input') return state;
      return { ...state, modal: { ...state.modal, draft: state.modal.draft + action.text } };
    case 'input-erase':
      if (state.modal.kind !== 'input') return state;
      return { ...state, modal: { ...state.modal, draft: [...state.modal.draft].slice(0, -1).join('') } };
    case 'set-search':
      return { ...state, search: action.search.trim(), modal: { kind: 'none' } };
    case 'clear-search':
      return { ...state, search: '', modal: state.modal.kind === 'input' ? { kind: 'none' } : state.modal };
    case 'toggle-pause':
      return state.log.frozen === null ? withLog(state, { frozen: action.feed }) : withLog(state, { frozen: null, offset: 0 });
    case 'log-scroll':
      return withLog(state, { frozen: state.log.frozen ?? action.feed, offset: Math.max(0, action.offset) });
    case 'log-follow':
      return withLog(state, { frozen: null, offset: 0 });
    case 'log-filter':
      return withLog(state, { filter: action.filter, offset: 0, match: null });
    case 'log-search':
      return {
        ...withLog(state, { search: action.search, match: action.match, offset: action.offset, frozen: state.log.frozen ?? action.feed }),
        modal: { kind: 'none' },
      };
    case 'log-clear-search':
      return withLog(state, { search: '', match: null });
    case 'table-move':
      return { ...state, tables: { ...state.tables, [action.table]: Math.max(0, action.index) } };
    case 'open-help':
      return { ...state, modal: { kind: 'help', scroll: 0 } };
    case 'scroll-help':
      if (state.modal.kind !== 'help') return state;
      return { ...state, modal: { kind: 'help', scroll: clamp(state.modal.scroll + action.delta, 0, Math.max(0, action.max)) } };
    case 'ask':
      return { ...state, modal: { kind: 'confirm', action: action.action } };
    case 'block-choice':
      if (state.modal.kind !== 'confirm' || state.modal.action.kind !== 'block') return state;
      return { ...state, modal: { kind: 'confirm', action: { ...state.modal.action, choice: action.choice } } };
    case 'close-modal':
      return { ...state, modal: { kind: 'none' } };
    case 'show-message':
      return { ...state, message: { text: action.text, tone: action.tone, at: action.at } };
    case 'quit':
      return { ...state, quitting: true, modal: { kind: 'none' } };
  }
}
