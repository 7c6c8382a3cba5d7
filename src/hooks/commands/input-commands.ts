/** Text boxes (search, `:` command line, export path, log search) and the confirmation dialog. */
import { parseBlockDuration } from '../../commands/block-duration.js';
import type { Key } from 'ink';
import type { Command } from '../../keys/keymap.js';
import type { ActionResult } from '../../console/types.js';
import { BLOCK_DURATIONS, type PendingAction } from '../../state/view-reducer.js';
import { parseCommandLine, type LineCommand } from '../../state/command-line.js';
import { SORT_NAME } from '../../state/alert-sort.js';
import { defaultExportName, exportText, formatOfPath } from '../../state/export-alerts.js';
import { terminalSafe, terminalSafeTruncate } from '../../engine/text/terminal-safe.js';
import { applyLogSearch } from './log-commands.js';
import { showHost } from './table-commands.js';
import { STATUS_WORD, askBlock } from './alert-commands.js';
import { now, readOnlyReason, type CommandEnv } from './command-env.js';

function isPrintable(input: string, key: Key): boolean {
  // eslint-disable-next-line no-control-regex
  return !key.ctrl && !key.meta && input.length > 0 && !/[\u0000-\u001f\u007f-\u009f]/.test(input);
}

/** Writes the alerts the list shows to `path` (JSON, or CSV for `.csv`); never overwrites a file. */
export function exportAlerts(env: CommandEnv, path: string): void {
  const n = now(env);
  const target = env.resolvePath(path.trim() === '' ? defaultExportName(n.state.now) : path.trim());
  const format = formatOfPath(target);
  const alerts = n.list;
  const text = exportText(alerts, n.blockedIps, format);
  env.say(`Writing ${alerts.length} alerts to ${terminalSafeTruncate(target, 60)}…`, 'info');
  env.writeFile(target, text).then(
    () => env.say(`Wrote ${alerts.length} ${alerts.length === 1 ? 'alert' : 'alerts'} to ${terminalSafeTruncate(target, 80)} (${format.toUpperCase()}).`, 'ok'),
    (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EEXIST' ? 'the file exists (x again with another name)' : err.code === 'ENOENT' ? 'no such directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
      env.say(`Not exported: ${terminalSafeTruncate(target, 60)}: ${why}.`, 'error');
    },
  );
}

function runLine(env: CommandEnv, line: LineCommand): void {
  switch (line.kind) {
    case 'view':
      return env.dispatch({ type: 'show-view', view: line.view });
    case 'events':
      if (line.ip !== null) env.dispatch({ type: 'log-filter', filter: { kind: 'ip', ip: line.ip } });
      return env.dispatch({ type: 'show-view', view: 'events' });
    case 'host':
      showHost(env, line.host);
      return env.say(`Alerts of host ${terminalSafeTruncate(line.host, 30)} (Esc clears the search).`, 'info');
    case 'severity':
      env.dispatch({ type: 'set-severities', severities: line.severities });
      return env.say(`Showing ${line.severities.join(', ')}.`, 'info');
    case 'status':
      env.dispatch({ type: 'set-status-filter', filter: line.filter });
      return env.say(`Showing ${line.filter === 'all' ? 'every status' : `${line.filter} alerts`}.`, 'info');
    case 'sort':
      env.dispatch({ type: 'set-sort', order: line.order });
      return env.say(`Sorted by ${SORT_NAME[line.order.column]}, ${line.order.descending ? 'descending' : 'ascending'}.`, 'info');
    case 'export':
      if (line.path === null) return env.dispatch({ type: 'open-input', purpose: 'export', draft: defaultExportName(now(env).state.now) });
      return exportAlerts(env, line.path);
    case 'help':
      return env.dispatch({ type: 'open-help' });
    case 'quit':
      return env.quit();
  }
}

/** Carries out a confirmed action: one message for all of it. */
function carryOut(env: CommandEnv, action: PendingAction): void {
  const n = now(env);
  const ro = readOnlyReason(n.state);
  if (ro) return env.say(ro, 'error');
  if (action.kind === 'status') {
    for (const id of action.alertIds) env.store.actions.setStatus(id, action.status);
    env.dispatch({ type: 'clear-marks' });
    return env.say(`${action.alertIds.length} ${action.alertIds.length === 1 ? 'alert' : 'alerts'} ${STATUS_WORD[action.status]}.`, 'ok');
  }
  const { ips, alertIds, choice } = action;
  if (choice) {
    const target = choice.useSubnet && choice.subnet ? choice.subnet : choice.address;
    env.say(`Blocking ${target}…`, 'info');
    env.dispatch({ type: 'clear-marks' });
    const opts = choice.custom ? { seconds: choice.seconds } : undefined;
    return env.report(opts ? env.store.actions.block(target, alertIds[0] ?? null, opts) : env.store.actions.block(target, alertIds[0] ?? null), 'Block');
  }
  env.say(`Blocking ${ips.length === 1 ? ips[0] : `${ips.length} IPs`}…`, 'info');
  env.dispatch({ type: 'clear-marks' });
  if (ips.length === 1) return env.report(env.store.actions.block(ips[0]!, alertIds[0] ?? null), 'Block');
  const all = async (): Promise<ActionResult> => {
    const refused: string[] = [];
    let ok = 0;
    // one after the other: a firewall backend is not a place for concurrent edits
    for (const [i, ip] of ips.entries()) {
      const r = await env.store.actions.block(ip, alertIds[i] ?? null).catch((err: unknown) => ({ ok: false, message: String(err) }));
      if (r.ok) ok++;
      else refused.push(`${ip}: ${r.message}`);
    }
    return { ok: refused.length === 0, message: `Blocked ${ok} of ${ips.length} IPs${refused.length ? `; not blocked: ${refused.slice(0, 2).join('; ')}${refused.length > 2 ? ` (+${refused.length - 2})` : ''}` : ''}.` };
  };
  env.report(all(), 'Block');
}

export function runInputCommand(env: CommandEnv, command: Command, input: string, key: Key): void {
  const view = env.getView();
  const modal = view.modal;
  switch (command) {
    case 'input.type':
      if (isPrintable(input, key)) env.dispatch({ type: 'input-type', text: input });
      return;
    case 'input.erase':
      env.dispatch({ type: 'input-erase' });
      return;
    case 'input.cancel':
      if (modal.kind === 'input' && modal.purpose === 'search') env.dispatch({ type: 'clear-search' });
      else if (modal.kind === 'input' && modal.resume) env.dispatch({ type: 'ask', action: modal.resume });
      else env.dispatch({ type: 'close-modal' });
      return;
    case 'input.apply': {
      if (modal.kind !== 'input') return;
      const text = modal.draft;
      switch (modal.purpose) {
        case 'search':
          env.dispatch({ type: 'set-search', search: text });
          return;
        case 'log-search':
          applyLogSearch(env, text);
          return;
        case 'export':
          env.dispatch({ type: 'close-modal' });
          exportAlerts(env, text);
          return;
        case 'block': {
          env.dispatch({ type: 'close-modal' });
          const target = text.trim();
          if (target === '') return env.say('Nothing to block: type an address or a CIDR range.', 'info');
          askBlock(env, target, null);
          return;
        }
        case 'duration': {
          const resume = modal.resume;
          if (!resume || resume.kind !== 'block' || !resume.choice) return env.dispatch({ type: 'close-modal' });
          const parsed = parseBlockDuration(text.trim());
          env.dispatch({ type: 'ask', action: parsed.ok ? { ...resume, choice: { ...resume.choice, seconds: parsed.seconds, custom: true } } : resume });
          if (!parsed.ok) env.say(`Duration: ${parsed.message}`, 'error');
          return;
        }
        case 'command': {
          env.dispatch({ type: 'close-modal' });
          const parsed = parseCommandLine(text);
          if (parsed.kind === 'error') env.say(parsed.message, 'error');
          else runLine(env, parsed);
          return;
        }
      }
      return;
    }
    case 'confirm.duration': {
      if (modal.kind !== 'confirm' || modal.action.kind !== 'block' || !modal.action.choice) return;
      const c = modal.action.choice;
      const at = BLOCK_DURATIONS.indexOf(c.seconds);
      const seconds = BLOCK_DURATIONS[(at + 1) % BLOCK_DURATIONS.length] ?? null;
      env.dispatch({ type: 'block-choice', choice: { ...c, seconds, custom: true } });
      return;
    }
    case 'confirm.typeDuration': {
      if (modal.kind !== 'confirm' || modal.action.kind !== 'block' || !modal.action.choice) return;
      env.dispatch({ type: 'open-input', purpose: 'duration', draft: '', resume: modal.action });
      return;
    }
    case 'confirm.subnet': {
      if (modal.kind !== 'confirm' || modal.action.kind !== 'block' || !modal.action.choice) return;
      const c = modal.action.choice;
      if (!c.subnet) return;
      const useSubnet = !c.useSubnet;
      const target = useSubnet ? c.subnet : c.address;
      const verdict = env.store.actions.previewBlock?.(target);
      const refused = verdict && !verdict.ok ? verdict.reason : verdict?.ok && verdict.blockedBy ? `already blocked (${verdict.blockedBy.ip})` : null;
      env.dispatch({ type: 'block-choice', choice: { ...c, useSubnet, refused } });
      return;
    }
    case 'confirm.yes':
      if (modal.kind !== 'confirm') return;
      if (modal.action.kind === 'block' && modal.action.choice?.refused) {
        return env.say(`Cannot block ${terminalSafe(modal.action.choice.useSubnet ? (modal.action.choice.subnet ?? '') : modal.action.choice.address)}: ${terminalSafe(modal.action.choice.refused)}`, 'error');
      }
      env.dispatch({ type: 'close-modal' });
      carryOut(env, modal.action);
      return;
    case 'confirm.cancel':
      if (modal.kind !== 'confirm') return;
      env.dispatch({ type: 'close-modal' });
      env.say(modal.action.kind === 'block' ? 'Block cancelled.' : 'Cancelled: nothing changed.', 'info');
      return;
  }
}
