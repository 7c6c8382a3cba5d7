import { useCallback, useMemo, useReducer, useRef } from 'react';
import { Box, useApp } from 'ink';
import type { ConsoleState, ConsoleStore } from '../console/types.js';
import { SEVERITIES } from '../engine/model/alert.js';
import { terminalSafeTruncate } from '../engine/text/terminal-safe.js';
import type { KeyContext } from '../keys/keymap.js';
import { calculateLayout } from '../state/layout.js';
import { activeSearch, createVisibleAlertsSelector, findBlock, hiddenSeverities, resolveSelection } from '../state/selectors.js';
import { initialState, viewReducer, type ViewAction, type ViewState } from '../state/view-reducer.js';
import { createTheme } from '../theme/theme.js';
import { ThemeContext } from '../theme/theme-context.js';
import { useConsoleSlice } from '../hooks/use-console-slice.js';
import { useConsoleCommands } from '../hooks/use-console-commands.js';
import { useKeymap } from '../hooks/use-keymap.js';
import { useTerminalSize, type TerminalSize } from '../hooks/use-terminal-size.js';
import { Header } from './Header.js';
import { WarningBanner, bannerLinesFor } from './WarningBanner.js';
import { Dashboard } from './Dashboard.js';
import { AlertDetail } from './AlertDetail.js';
import { ConfirmBlock } from './ConfirmBlock.js';
import { HelpOverlay } from './HelpOverlay.js';
import { MessageLine } from './MessageLine.js';
import { StatusBar } from './StatusBar.js';
import { TooSmall } from './TooSmall.js';
import { todayOf } from './format/time.js';

export interface AppProps {
  readonly store: ConsoleStore;
  /** Disable colours (NO_COLOR / --no-color). @default false */
  readonly noColor?: boolean;
  /** Called once when the user quits (q / Ctrl-C) after actions.shutdown() resolved. */
  readonly onExit?: () => void;
  /** Fixed terminal size instead of the real one (tests, embedding). @default the terminal's */
  readonly size?: TerminalSize;
  /** Initial view state (tests). @default initialState */
  readonly initialView?: ViewState;
}

// The parts of the store's state the App itself reads. Not `now`: the clock and the message line
// read it themselves, so the 1 Hz tick does not re-render the App.
const snapshotOf = (s: ConsoleState) => s.snapshot;
const sourcesOf = (s: ConsoleState) => s.sources;
const blocksOf = (s: ConsoleState) => s.blocks;
const warningsOf = (s: ConsoleState) => s.warnings;
const responderOf = (s: ConsoleState) => s.responder;
// the local day (its midnight): changes once a day, not with every tick
const dayOf = (s: ConsoleState) => todayOf(s.now).dayStart;

function keyContext(view: ViewState): KeyContext {
  switch (view.modal.kind) {
    case 'search':
      return 'search';
    case 'confirm-block':
      return 'confirm';
    case 'help':
      return 'help';
    default:
      return view.screen;
  }
}

function alertBadge(view: ViewState): string {
  const sort = view.sort === 'newest' ? 'newest first' : 'by severity';
  const hidden = hiddenSeverities(view);
  const sev = hidden.length === 0 ? 'all severities' : hidden.length === SEVERITIES.length ? 'all severities hidden' : `${hidden.join(' ')} hidden`;
  const text = activeSearch(view);
  const search = text ? ` · search "${terminalSafeTruncate(text, 20)}"` : '';
  return `${sort} · ${sev}${search}`;
}

/** The live console: header, warnings, alert list / detail / dialogs, message line and key hints. */
export function App({ store, noColor = false, onExit, size, initialView }: AppProps): React.JSX.Element {
  const snapshot = useConsoleSlice(store, snapshotOf);
  const sources = useConsoleSlice(store, sourcesOf);
  const blocks = useConsoleSlice(store, blocksOf);
  const warnings = useConsoleSlice(store, warningsOf);
  const responder = useConsoleSlice(store, responderOf);
  const dayStart = useConsoleSlice(store, dayOf);
  const today = useMemo(() => todayOf(dayStart), [dayStart]);
  const [view, dispatchView] = useReducer(viewReducer, initialView ?? initialState);
  // The view as of the latest action, ahead of the render: keys typed faster than a re-render (`/`
  // then `a`) must see the search modal already open.
  const viewRef = useRef(view);
  viewRef.current = view;
  const dispatch = useCallback((action: ViewAction) => {
    viewRef.current = viewReducer(viewRef.current, action);
    dispatchView(action);
  }, []);
  const getView = useCallback(() => viewRef.current, []);
  const terminal = useTerminalSize(size);
  const { exit } = useApp();
  const theme = useMemo(() => createTheme(noColor), [noColor]);
  const bannerLines = bannerLinesFor(warnings.length);
  // one layout object per size, so that memoized panels and rows see the same props
  const layout = useMemo(
    () => calculateLayout(terminal.columns, terminal.rows, { bannerLines }),
    [terminal.columns, terminal.rows, bannerLines],
  );

  // shared with the key handler: filtered and sorted once per snapshot/view change
  const selectAlerts = useMemo(() => createVisibleAlertsSelector(), []);
  const alerts = selectAlerts(snapshot.alerts, view);
  const selection = resolveSelection(alerts, view.selectedId, view.selectedIndex);

  // Pin the selection to an alert id, so it stays on the same alert while new ones arrive. Updated
  // during the render (React re-runs this function before committing), not in an effect: an effect
  // would commit, and so draw, every frame twice while new alerts push the selection down.
  if (selection.alert && (selection.alert.id !== view.selectedId || selection.index !== view.selectedIndex)) {
    dispatch({ type: 'select', id: selection.alert.id, index: selection.index });
  }

  const detailAlert = view.screen === 'detail' ? (snapshot.alerts.find((a) => a.id === view.detailId) ?? null) : null;
  const target = view.screen === 'detail' ? detailAlert : selection.alert;
  const targetBlock = target ? findBlock(blocks, target.ip) : undefined;
  const bodyRef = useRef(layout.body);
  bodyRef.current = layout.body;
  const getBody = useCallback(() => bodyRef.current, []);
  const listRowsRef = useRef(layout.alerts.rows);
  listRowsRef.current = layout.alerts.rows;
  const getListRows = useCallback(() => listRowsRef.current, []);

  const quitting = useRef(false);
  const quit = useCallback(() => {
    if (quitting.current) return;
    quitting.current = true;
    dispatch({ type: 'quit' });
    Promise.resolve()
      .then(() => store.actions.shutdown())
      .catch(() => undefined)
      .finally(() => {
        exit();
        onExit?.();
      });
  }, [dispatch, store, exit, onExit]);

  const context = keyContext(view);
  const onCommand = useConsoleCommands({ store, getView, dispatch, getBody, getListRows, quit, selectAlerts });
  useKeymap(() => (layout.tooSmall ? 'list' : keyContext(viewRef.current)), (command, input, key) => {
    if (layout.tooSmall && command !== 'app.quit') return;
    onCommand(command, input, key);
  }, !view.quitting);

  let body: React.JSX.Element;
  if (view.modal.kind === 'help') body = <HelpOverlay width={layout.body.width} height={layout.body.height} scroll={view.modal.scroll} />;
  else if (view.modal.kind === 'confirm-block') {
    const modal = view.modal;
    body = (
      <ConfirmBlock
        ip={modal.ip}
        alert={snapshot.alerts.find((a) => a.id === modal.alertId) ?? null}
        responder={responder}
        width={layout.body.width}
        height={layout.body.height}
      />
    );
  } else if (view.screen === 'detail') {
    body = (
      <AlertDetail
        alert={detailAlert}
        block={targetBlock}
        scroll={view.detailScroll}
        width={layout.body.width}
        height={layout.body.height}
      />
    );
  } else {
    body = (
      <Dashboard
        snapshot={snapshot}
        sources={sources}
        blocks={blocks}
        layout={layout}
        alerts={alerts}
        selectedIndex={selection.index}
        alertBadge={alertBadge(view)}
        filtered={hiddenSeverities(view).length > 0 || activeSearch(view) !== ''}
        feed={view.frozenFeed ?? snapshot.feed}
        paused={view.frozenFeed !== null}
        today={today}
      />
    );
  }

  return (
    <ThemeContext.Provider value={theme}>
      {layout.tooSmall ? (
        <TooSmall need={{ columns: layout.minColumns, rows: layout.minRows }} have={terminal} />
      ) : (
        // No overflow="hidden" here: clipping makes ink slice every line of the screen on every
        // frame. Each part has a fixed height and truncates its lines; panels that could overflow
        // (help, detail, dialogs) clip themselves.
        <Box flexDirection="column" width={layout.columns} height={layout.rows - 1}>
          <Header
            store={store}
            counters={snapshot.counters}
            lastEventTime={snapshot.lastEventTime}
            sources={sources}
            blocked={blocks.length}
            today={today}
            width={layout.columns}
          />
          <WarningBanner warnings={warnings} lines={layout.bannerLines} width={layout.columns} />
          {body}
          <MessageLine view={view} store={store} width={layout.columns} />
          <StatusBar context={context} width={layout.columns} />
        </Box>
      )}
    </ThemeContext.Provider>
  );
}
