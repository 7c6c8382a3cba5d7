import { useCallback, type Dispatch } from 'react';
import type { Key } from 'ink';
import type { ActionResult, ConsoleStore } from '../console/types.js';
import type { Command } from '../keys/keymap.js';
import type { MessageTone, ViewAction, ViewName, ViewState } from '../state/view-reducer.js';
import { selectVisibleAlerts, type VisibleAlertsSelector } from '../state/selectors.js';
import { helpScrollMax, helpVisibleRows } from '../components/help-layout.js';
import { liveEvents, type CommandEnv, type WriteFile } from './commands/command-env.js';
import { runAlertCommand } from './commands/alert-commands.js';
import { runLogCommand } from './commands/log-commands.js';
import { runTableCommand } from './commands/table-commands.js';
import { runInputCommand } from './commands/input-commands.js';

/**
 * What the console hands the commands: the `CommandEnv` less what this hook makes itself (`say`,
 * `report`), with the list selector optional (default `selectVisibleAlerts`, shared with the render
 * when given).
 */
export type CommandContext = Omit<CommandEnv, 'say' | 'report' | 'selectAlerts'> & {
  readonly selectAlerts?: VisibleAlertsSelector;
};

const VIEW_KEYS: Partial<Record<Command, ViewName>> = {
  'view.alerts': 'alerts',
  'view.events': 'events',
  'view.blocks': 'blocks',
  'view.diagnostics': 'diagnostics',
  'view.hosts': 'hosts',
};

/** Turns keymap commands into view actions and store actions. */
export function useConsoleCommands(ctx: CommandContext): (command: Command, input: string, key: Key) => void {
  const { store, getView, dispatch, getBody, getListRows, quit, copy, writeFile, resolvePath } = ctx;
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
      const env: CommandEnv = { store, getView, dispatch, getBody, getListRows, quit, selectAlerts, copy, writeFile, resolvePath, say, report };
      const view = VIEW_KEYS[command];
      if (view) {
        if (view === 'hosts' && !store.getState().hosts) {
          return say('No hosts view: only one host reports here (the runtime lists hosts when several do).', 'info');
        }
        return dispatch({ type: 'show-view', view });
      }
      switch (command) {
        case 'command.open':
          return dispatch({ type: 'open-input', purpose: 'command' });
        case 'feed.pause':
          dispatch({ type: 'toggle-pause', feed: liveEvents(store.getState()) });
          return say(getView().log.frozen !== null ? 'Live events paused (alerts still update); p resumes.' : 'Live events resumed.', 'info');
        case 'help.open':
          return dispatch({ type: 'open-help' });
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
        case 'app.quit':
          return quit();
        default:
          // by the command's area (see keys/bindings.ts)
          if (command.startsWith('input.') || command.startsWith('confirm.')) return runInputCommand(env, command, input, key);
          if (command.startsWith('log.')) return runLogCommand(env, command);
          if (command.startsWith('table.')) return runTableCommand(env, command);
          return runAlertCommand(env, command);
      }
    },
    [store, getView, dispatch, getBody, getListRows, quit, selectAlerts, copy, writeFile, resolvePath, say, report],
  );
}
