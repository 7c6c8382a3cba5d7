import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { Box, useApp } from 'ink';
import type { ConsoleStore } from '../console/types.js';
import { SEVERITIES } from '../engine/model/alert.js';
import { terminalSafeTruncate } from '../engine/text/terminal-safe.js';
import type { KeyContext } from '../keys/keymap.js';
import { calculateLayout } from '../state/layout.js';
import { activeSearch, findBlock, hiddenSeverities, resolveSelection, selectVisibleAlerts } from '../state/selectors.js';
import { initialState, viewReducer, type ViewAction, type ViewState } from '../state/view-reducer.js';
import { createTheme } from '../theme/theme.js';
import { ThemeContext } from '../theme/theme-context.js';
import { useConsoleState } from '../hooks/use-console-state.js';
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
  const state = useConsoleState(store);
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
  const layout = calculateLayout(terminal.columns, terminal.rows, { bannerLines: bannerLinesFor(state.warnings.length) });

  const alerts = useMemo(
    () => selectVisibleAlerts(state.snapshot.alerts, view),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.snapshot.alerts, view.severities, view.sort, view.search, view.modal],
  );
  const selection = resolveSelection(alerts, view.selectedId, view.selectedIndex);

  // Pin the selection to an alert id, so it stays on the same alert while new ones arrive.
  useEffect(() => {
    if (selection.alert && (selection.alert.id !== view.selectedId || selection.index !== view.selectedIndex)) {
      dispatch({ type: 'select', id: selection.alert.id, index: selection.index });
    }
  }, [dispatch, selection.alert, selection.index, view.selectedId, view.selectedIndex]);

  const detailAlert =
    view.screen === 'detail' ? (state.snapshot.alerts.find((a) => a.id === view.detailId) ?? null) : null;
  const target = view.screen === 'detail' ? detailAlert : selection.alert;
  const targetBlock = target ? findBlock(state.blocks, target.ip) : undefined;
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
  const onCommand = useConsoleCommands({ store, getView, dispatch, getBody, getListRows, quit });
  useKeymap(() => (layout.tooSmall ? 'list' : keyContext(viewRef.current)), (command, input, key) => {
    if (layout.tooSmall && command !== 'app.quit') return;
    onCommand(command, input, key);
  }, !view.quitting);

  let body: React.JSX.Element;
  if (view.modal.kind === 'help') body = <HelpOverlay width={layout.body.width} height={layout.body.height} />;
  else if (view.modal.kind === 'confirm-block') {
    const modal = view.modal;
    body = (
      <ConfirmBlock
        ip={modal.ip}
        alert={state.snapshot.alerts.find((a) => a.id === modal.alertId) ?? null}
        responder={state.responder}
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
        state={state}
        layout={layout}
        alerts={alerts}
        selectedIndex={selection.index}
        alertBadge={alertBadge(view)}
        filtered={hiddenSeverities(view).length > 0 || activeSearch(view) !== ''}
        feed={view.frozenFeed ?? state.snapshot.feed}
        paused={view.frozenFeed !== null}
      />
    );
  }

  return (
    <ThemeContext.Provider value={theme}>
      {layout.tooSmall ? (
        <TooSmall need={{ columns: layout.minColumns, rows: layout.minRows }} have={terminal} />
      ) : (
        <Box flexDirection="column" width={layout.columns} height={layout.rows - 1} overflow="hidden">
          <Header state={state} width={layout.columns} />
          <WarningBanner warnings={state.warnings} lines={layout.bannerLines} width={layout.columns} />
          {body}
          <MessageLine view={view} now={state.now} width={layout.columns} />
          <StatusBar context={context} width={layout.columns} />
        </Box>
      )}
    </ThemeContext.Provider>
  );
}
