/** Keys of the table views: blocks (unblock, open the alert, copy), diagnostics, hosts (their alerts). */
import type { Command } from '../../keys/keymap.js';
import type { TableName } from '../../state/view-reducer.js';
import { blockViewRows, diagnosticRows, hostRows } from '../../state/tables.js';
import { readOnlyReason, now, type CommandEnv } from './command-env.js';
import type { ConsoleState } from '../../console/types.js';
import { tableRowsFor } from '../../state/layout.js';


export function tableLength(state: ConsoleState, table: TableName): number {
  if (table === 'blocks') return blockViewRows(state).length;
  if (table === 'diagnostics') return diagnosticRows(state).length;
  return state.hosts?.length ?? 0;
}

export function runTableCommand(env: CommandEnv, command: Command): void {
  const n = now(env);
  const view = n.view.view;
  if (view !== 'blocks' && view !== 'diagnostics' && view !== 'hosts') return;
  const table: TableName = view;
  const count = tableLength(n.state, table);
  const at = Math.min(n.view.tables[table], Math.max(0, count - 1));
  const page = Math.max(1, tableRowsFor(env.getBody().height) - 1);
  const move = (index: number) => env.dispatch({ type: 'table-move', table, index: Math.max(0, Math.min(index, count - 1)) });
  switch (command) {
    case 'table.up':
      return move(at - 1);
    case 'table.down':
      return move(at + 1);
    case 'table.pageUp':
      return move(at - page);
    case 'table.pageDown':
      return move(at + page);
    case 'table.first':
      return move(0);
    case 'table.last':
      return move(count - 1);
    case 'table.unblock': {
      const b = blockViewRows(n.state)[at];
      if (!b) return env.say('No block selected.', 'info');
      const ro = readOnlyReason(n.state);
      if (ro) return env.say(ro, 'error');
      if ((b.state ?? 'active') !== 'active') return env.say(`${b.ip} is not blocked (${b.state}): nothing to lift.`, 'info');
      env.say(`Unblocking ${b.ip}…`, 'info');
      return env.report(env.store.actions.unblock(b.ip), 'Unblock');
    }
    case 'table.copy': {
      const b = blockViewRows(n.state)[at];
      if (!b) return env.say('No block selected.', 'info');
      env.copy(b.ip);
      return env.say(`Copied ${b.ip} to the clipboard (OSC 52; the terminal must allow it).`, 'ok');
    }
    case 'table.open': {
      if (table === 'blocks') {
        const b = blockViewRows(n.state)[at];
        if (!b) return env.say('No block selected.', 'info');
        if (!b.alertId || !n.state.snapshot.alerts.some((a) => a.id === b.alertId)) return env.say(`No alert of ${b.ip} is in memory any more.`, 'info');
        return env.dispatch({ type: 'open-alert', id: b.alertId });
      }
      if (table === 'hosts') {
        const h = hostRows(n.state.hosts ?? [])[at];
        if (!h) return env.say('No host selected.', 'info');
        showHost(env, h.name);
        return;
      }
      return;
    }
  }
}

/** The alerts of one host: the alert list, searched for `host:NAME`. */
export function showHost(env: CommandEnv, host: string): void {
  env.dispatch({ type: 'set-search', search: `host:${host.replace(/\s+/g, '')}` });
  // the event log too: everything narrowed to the one host
  env.dispatch({ type: 'log-filter', filter: { kind: 'host', host } });
  env.dispatch({ type: 'show-view', view: 'alerts' });
  env.dispatch({ type: 'close-detail' });
}
