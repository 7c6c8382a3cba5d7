import { useCallback, useMemo, useReducer, useRef } from 'react';
import { writeFile as fsWriteFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Box, useApp, useStdout } from 'ink';
import type { ConsoleState, ConsoleStore } from '../console/types.js';
import type { KeyContext } from '../keys/keymap.js';
import { calculateLayout } from '../state/layout.js';
import { blockedIpsOf, createVisibleAlertsSelector, findBlock, resolveSelection } from '../state/selectors.js';
import { countOpen } from '../state/alert-status.js';
import { initialUnseen, trackUnseen } from '../state/unseen.js';
import { initialState, viewReducer, type ViewAction, type ViewState } from '../state/view-reducer.js';
import { createTheme, themeFromEnv, type ThemeName } from '../theme/theme.js';
import { ThemeContext } from '../theme/theme-context.js';
import { useConsoleSlice } from '../hooks/use-console-slice.js';
import { useConsoleCommands } from '../hooks/use-console-commands.js';
import { useKeymap } from '../hooks/use-keymap.js';
import { useTerminalSize, type TerminalSize } from '../hooks/use-terminal-size.js';
import { useTerminalScreen } from '../hooks/use-terminal-screen.js';
import { useMouseCommands } from '../hooks/use-mouse-commands.js';
import { ShownRowsContext } from '../hooks/use-shown-rows.js';
import type { WriteFile } from '../hooks/commands/command-env.js';
import { Header } from './Header.js';
import { WarningBanner, bannerLinesFor } from './WarningBanner.js';
import { ConsoleBody } from './ConsoleBody.js';
import { MessageLine } from './MessageLine.js';
import { StatusBar } from './StatusBar.js';
import { TooSmall } from './TooSmall.js';
import { todayOf } from './format/time.js';
import { osc52 } from './format/clipboard.js';

export interface AppProps {
  readonly store: ConsoleStore;
  /** Disable colours (NO_COLOR / --no-color). @default false */
  readonly noColor?: boolean;
  /** The palette: for a dark or a light terminal background. @default from THREATWATCH_THEME / COLORFGBG, else dark */
  readonly theme?: ThemeName;
  /**
   * `alternate`: draw on the terminal's alternate screen (restored on exit) and rewrite only the lines
   * that change; `inline`: draw where the cursor is. @default alternate on a terminal, inline otherwise
   */
  readonly screen?: 'alternate' | 'inline';
  /**
   * The mouse (`--mouse`): the wheel scrolls or moves the selection, a click selects a row. Mouse
   * reporting is switched on with the alternate screen. @default false: reports are ignored
   */
  readonly mouse?: boolean;
  /** Called once when the user quits (q / Ctrl-C) after actions.shutdown() resolved. */
  readonly onExit?: () => void;
  /** Fixed terminal size instead of the real one (tests, embedding). @default the terminal's */
  readonly size?: TerminalSize;
  /** Initial view state (tests). @default initialState */
  readonly initialView?: ViewState;
  /** Puts text on the clipboard. @default an OSC 52 sequence written to the terminal */
  readonly copy?: (text: string) => void;
  /** Writes an export file. @default fs.writeFile, never overwriting, mode 0600 */
  readonly writeFile?: WriteFile;
  /** The directory export paths are relative to. @default process.cwd() */
  readonly cwd?: string;
}

// The parts of the store's state the App itself reads. Not `now`: the clock and the message line
// read it themselves, so the 1 Hz tick does not re-render the App.
const snapshotOf = (s: ConsoleState) => s.snapshot;
const sourcesOf = (s: ConsoleState) => s.sources;
const blocksOf = (s: ConsoleState) => s.blocks;
const warningsOf = (s: ConsoleState) => s.warnings;
const readOnlyOf = (s: ConsoleState) => s.readOnly?.reason ?? null;
// the local day (its midnight): changes once a day, not with every tick
const dayOf = (s: ConsoleState) => todayOf(s.now).dayStart;

const defaultWriteFile: WriteFile = (path, text) => fsWriteFile(path, text, { flag: 'wx', mode: 0o600 });

function keyContext(view: ViewState): KeyContext {
  switch (view.modal.kind) {
    case 'input':
      return 'input';
    case 'confirm':
      return 'confirm';
    case 'help':
      return 'help';
    default:
      if (view.view === 'alerts') return view.screen;
      return view.view;
  }
}

/** The live console: header, warnings, the current view or dialog, message line and key hints. */
export function App(props: AppProps): React.JSX.Element {
  const { store, noColor = false, onExit, size, initialView, mouse = false } = props;
  const { stdout } = useStdout();
  const snapshot = useConsoleSlice(store, snapshotOf);
  const sources = useConsoleSlice(store, sourcesOf);
  const blocks = useConsoleSlice(store, blocksOf);
  const warnings = useConsoleSlice(store, warningsOf);
  const readOnly = useConsoleSlice(store, readOnlyOf);
  const dayStart = useConsoleSlice(store, dayOf);
  const today = useMemo(() => todayOf(dayStart), [dayStart]);
  const [view, dispatchView] = useReducer(viewReducer, initialView ?? initialState);
  // The view as of the latest action, ahead of the render: keys typed faster than a re-render (`/`
  // then `a`) must see the search box already open.
  const viewRef = useRef(view);
  viewRef.current = view;
  const dispatch = useCallback((action: ViewAction) => {
    viewRef.current = viewReducer(viewRef.current, action);
    dispatchView(action);
  }, []);
  const getView = useCallback(() => viewRef.current, []);
  const getContext = useCallback(() => keyContext(viewRef.current), []);
  // mouse reporting stops as soon as the console quits: the keys are no longer read then
  useTerminalScreen(props.screen ? props.screen === 'alternate' : stdout.isTTY === true && process.env.TERM !== 'dumb', mouse && !view.quitting);
  const terminal = useTerminalSize(size);
  const { exit } = useApp();
  const themeName = props.theme ?? themeFromEnv(process.env);
  const theme = useMemo(() => createTheme(noColor, themeName), [noColor, themeName]);
  const bannerLines = bannerLinesFor(warnings.length);
  // one layout object per size, so that memoized panels and rows see the same props
  const layout = useMemo(
    () => calculateLayout(terminal.columns, terminal.rows, { bannerLines }),
    [terminal.columns, terminal.rows, bannerLines],
  );

  // shared with the key handler: filtered and sorted once per snapshot/view change
  const selectAlerts = useMemo(() => createVisibleAlertsSelector(), []);
  const blockedIps = blockedIpsOf(blocks);
  const alerts = selectAlerts(snapshot.alerts, view, blockedIps);
  const selection = resolveSelection(alerts, view.selectedId, view.selectedIndex);
  const open = useMemo(() => countOpen(snapshot.alerts, blockedIps), [snapshot.alerts, blockedIps]);

  // Pin the selection to an alert id, so it stays on the same alert while new ones arrive. Updated
  // during the render (React re-runs this function before committing), not in an effect: an effect
  // would commit, and so draw, every frame twice while new alerts push the selection down.
  if (selection.alert && (selection.alert.id !== view.selectedId || selection.index !== view.selectedIndex)) {
    dispatch({ type: 'select', id: selection.alert.id, index: selection.index });
  }
  // alerts that arrived above the selection, until the analyst moves up to them
  const unseenRef = useRef(initialUnseen);
  unseenRef.current = trackUnseen(unseenRef.current, snapshot.alerts, alerts, selection.index);
  const unseen = unseenRef.current.unseen;

  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const getLayout = useCallback(() => layoutRef.current, []);
  const getBody = useCallback(() => layoutRef.current.body, []);
  const getListRows = useCallback(() => layoutRef.current.alerts.rows, []);
  const copyProp = props.copy;
  const copy = useCallback((text: string) => (copyProp ? copyProp(text) : stdout.write(osc52(text))), [copyProp, stdout]);
  const cwd = props.cwd;
  const resolvePath = useCallback((path: string) => resolve(cwd ?? process.cwd(), path), [cwd]);

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
  const onCommand = useConsoleCommands({
    store,
    getView,
    dispatch,
    getBody,
    getListRows,
    quit,
    selectAlerts,
    copy,
    writeFile: props.writeFile ?? defaultWriteFile,
    resolvePath,
  });
  const pointer = useMouseCommands({ store, getView, getContext, getLayout, dispatch, onCommand, selectAlerts });
  useKeymap(() => (layout.tooSmall ? 'list' : keyContext(viewRef.current)), (command, input, key) => {
    if (layout.tooSmall && command !== 'app.quit') return;
    onCommand(command, input, key);
  }, !view.quitting, mouse ? pointer.onMouse : undefined);

  const detailAlert = view.view === 'alerts' && view.screen === 'detail' ? (snapshot.alerts.find((a) => a.id === view.detailId) ?? null) : null;

  return (
    <ThemeContext.Provider value={theme}>
      <ShownRowsContext.Provider value={mouse ? pointer.shown : null}>
        {layout.tooSmall ? (
          <TooSmall need={{ columns: layout.minColumns, rows: layout.minRows }} have={terminal} />
        ) : (
          // No overflow="hidden" here: clipping makes ink slice every line of the screen on every
          // frame. Each part has a fixed height and truncates its lines; panels that could overflow
          // (help, detail, dialogs) clip themselves.
          <Box flexDirection="column" width={layout.columns} height={layout.rows - 1}>
            <Header
              store={store}
              view={view.view}
              open={open}
              readOnly={readOnly}
              lastEventTime={snapshot.lastEventTime}
              sources={sources}
              blocked={blocks.length}
              today={today}
              width={layout.columns}
            />
            <WarningBanner warnings={warnings} lines={layout.bannerLines} width={layout.columns} />
            <ConsoleBody
              store={store}
              view={view}
              layout={layout}
              snapshot={snapshot}
              sources={sources}
              blocks={blocks}
              blockedIps={blockedIps}
              alerts={alerts}
              selectedIndex={selection.index}
              unseen={unseen}
              detailAlert={detailAlert}
              detailBlock={detailAlert?.ip ? findBlock(blocks, detailAlert.ip) : undefined}
              today={today}
              mouse={mouse}
            />
            <MessageLine view={view} store={store} shown={alerts.length} width={layout.columns} />
            <StatusBar context={context} width={layout.columns} />
          </Box>
        )}
      </ShownRowsContext.Provider>
    </ThemeContext.Provider>
  );
}
