/** Keys of the alert list and the alert detail: move, filter, sort, mark, triage, block, export. */
import type { AlertStatus } from '../../engine/model/alert.js';
import type { Command } from '../../keys/keymap.js';
import type { SortColumn } from '../../state/alert-sort.js';
import { SORT_NAME } from '../../state/alert-sort.js';
import { hiddenSeverities } from '../../state/selectors.js';
import { defaultExportName } from '../../state/export-alerts.js';
import { detailLineCount, detailVisibleRows } from '../../components/detail-lines.js';
import { terminalSafe } from '../../engine/text/terminal-safe.js';
import { now, readOnlyReason, type CommandEnv, type Now } from './command-env.js';
import type { BlockChoice } from '../../state/view-reducer.js';

const STATUS_VERB: Record<AlertStatus, string> = {
  new: 'Reopened',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  false_positive: 'Marked false positive:',
  blocked: 'Blocked',
};

/** The status in words, after "already" / "are". */
export const STATUS_WORD: Record<AlertStatus, string> = {
  new: 'new',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  false_positive: 'marked false positive',
  blocked: 'blocked',
};

/** The bulk question's verb: "Resolve 5 marked alerts?" */
export const STATUS_ASK: Record<AlertStatus, string> = {
  new: 'Reopen',
  acknowledged: 'Acknowledge',
  resolved: 'Resolve',
  false_positive: 'Mark as false positive',
  blocked: 'Block',
};

const SORT_KEYS: Partial<Record<Command, SortColumn>> = {
  'sort.lastSeen': 'lastSeen',
  'sort.severity': 'severity',
  'sort.rule': 'rule',
  'sort.ip': 'ip',
  'sort.count': 'count',
  'sort.intel': 'intel',
  'sort.status': 'status',
};

const STATUS_KEYS: Partial<Record<Command, AlertStatus>> = {
  'alert.acknowledge': 'acknowledged',
  'alert.resolve': 'resolved',
  'alert.falsePositive': 'false_positive',
};

/** Whether a bulk action applies: marks exist and the list (not the detail) is on screen. */
function bulk(n: Now): boolean {
  return n.marked.length > 0 && n.view.screen === 'list';
}

function setStatus(env: CommandEnv, n: Now, status: AlertStatus): void {
  const ro = readOnlyReason(n.state);
  if (ro) return env.say(ro, 'error');
  if (bulk(n)) {
    const todo = n.marked.filter((a) => a.status !== status);
    if (todo.length === 0) return env.say(`The ${n.marked.length} marked alerts are already ${STATUS_WORD[status]}.`, 'info');
    return env.dispatch({ type: 'ask', action: { kind: 'status', status, alertIds: todo.map((a) => a.id) } });
  }
  const target = n.target;
  if (!target) return env.say('No alert selected.', 'info');
  // once is enough: the same status again would only add a duplicate history entry
  if (target.status === status) return env.say(`Already ${STATUS_WORD[status]}: ${terminalSafe(target.rule)} from ${target.ip}.`, 'info');
  env.store.actions.setStatus(target.id, status);
  env.say(`${STATUS_VERB[status]} ${terminalSafe(target.rule)} from ${target.ip}`, 'ok');
}

function block(env: CommandEnv, n: Now): void {
  const ro = readOnlyReason(n.state);
  if (ro) return env.say(ro, 'error');
  if (bulk(n)) {
    const byIp = new Map<string, string>();
    for (const a of n.marked) if (a.ip !== null && !n.blockedIps.has(a.ip) && !byIp.has(a.ip)) byIp.set(a.ip, a.id);
    if (byIp.size === 0) return env.say(`The IPs of the ${n.marked.length} marked alerts are already blocked.`, 'info');
    return env.dispatch({ type: 'ask', action: { kind: 'block', ips: [...byIp.keys()], alertIds: [...byIp.values()] } });
  }
  const target = n.target;
  if (!target) return env.say('No alert selected.', 'info');
  if (target.ip === null) return env.say(`This alert is about ${target.subject.kind} ${terminalSafe(target.subject.value)}: there is no single address to block.`, 'info');
  if (n.blockedIps.has(target.ip)) return env.say(`${target.ip} is already blocked (u unblocks).`, 'info');
  askBlock(env, target.ip, target.id);
}

/**
 * Asks about a block of one address or range, the guard first: a protected target (loopback, the
 * allowlist, the analyst's own SSH client…) is refused at once, with nothing to confirm.
 */
export function askBlock(env: CommandEnv, target: string, alertId: string | null): void {
  const state = env.store.getState();
  const preview = env.store.actions.previewBlock?.(target);
  if (!preview) {
    const seconds = state.responder.durationSeconds;
    const choice: BlockChoice = { address: target, subnet: null, useSubnet: false, seconds, custom: false, refused: null };
    return env.dispatch({ type: 'ask', action: { kind: 'block', ips: [target], alertIds: [alertId], choice } });
  }
  if (!preview.ok) return env.say(`Cannot block ${terminalSafe(preview.target ?? target)}: ${terminalSafe(preview.reason)}`, 'error');
  if (preview.blockedBy) return env.say(`${preview.target} is already blocked (${preview.blockedBy.ip}).`, 'info');
  const choice: BlockChoice = { address: preview.target, subnet: preview.subnet, useSubnet: false, seconds: preview.seconds, custom: false, refused: null };
  env.dispatch({ type: 'ask', action: { kind: 'block', ips: [preview.target], alertIds: [alertId], choice } });
}

function unblock(env: CommandEnv, n: Now): void {
  const ro = readOnlyReason(n.state);
  if (ro) return env.say(ro, 'error');
  const ips = (bulk(n) ? [...new Set(n.marked.map((a) => a.ip))] : n.target ? [n.target.ip] : []).filter((ip): ip is string => ip !== null);
  if (ips.length === 0) return env.say('No alert selected.', 'info');
  const blocked = ips.filter((ip) => n.blockedIps.has(ip));
  if (blocked.length === 0) return env.say(ips.length === 1 ? `${ips[0]} is not blocked.` : 'None of the marked IPs is blocked.', 'info');
  env.say(`Unblocking ${blocked.length === 1 ? blocked[0] : `${blocked.length} IPs`}…`, 'info');
  if (blocked.length === 1) return env.report(env.store.actions.unblock(blocked[0]!), 'Unblock');
  env.report(
    Promise.all(blocked.map((ip) => env.store.actions.unblock(ip))).then((results) => {
      const ok = results.filter((r) => r.ok).length;
      const failed = results.filter((r) => !r.ok).map((r) => r.message);
      return { ok: failed.length === 0, message: `Unblocked ${ok} of ${blocked.length} IPs${failed.length ? `; ${failed[0]}` : ''}.` };
    }),
    'Unblock',
  );
}

function severityMessage(env: CommandEnv): string {
  const hidden = hiddenSeverities(env.getView());
  if (hidden.length === 0) return 'Showing every severity.';
  return `Showing ${env.getView().severities.join(', ')} (v: the next step).`;
}

export function runAlertCommand(env: CommandEnv, command: Command): void {
  const n = now(env);
  const ids = n.list.map((a) => a.id);
  const page = Math.max(1, env.getListRows() - 1);
  const body = env.getBody();
  const detailPage = detailVisibleRows(body.height);
  const scroll = (delta: number): void => {
    const alert = n.view.screen === 'detail' ? n.target : null;
    const block = alert ? n.state.blocks.find((b) => b.ip === alert.ip) : undefined;
    const context = { alerts: n.state.snapshot.alerts, blocks: n.state.blocks, history: env.store.actions.ipHistory?.bind(env.store.actions) };
    const max = Math.max(0, detailLineCount(alert, block, body.width, context) - detailPage);
    env.dispatch({ type: 'scroll-detail', delta, max });
  };
  const sortColumn = SORT_KEYS[command];
  if (sortColumn) {
    env.dispatch({ type: 'sort-by', column: sortColumn });
    const order = env.getView().sort;
    return env.say(`Sorted by ${SORT_NAME[sortColumn]}, ${order.descending ? 'descending' : 'ascending'} (again: reverse).`, 'info');
  }
  const status = STATUS_KEYS[command];
  if (status) return setStatus(env, n, status);
  switch (command) {
    case 'selection.up':
      return env.dispatch({ type: 'move-selection', ids, delta: -1 });
    case 'selection.down':
      return env.dispatch({ type: 'move-selection', ids, delta: 1 });
    case 'selection.pageUp':
      return env.dispatch({ type: 'move-selection', ids, delta: -page });
    case 'selection.pageDown':
      return env.dispatch({ type: 'move-selection', ids, delta: page });
    case 'selection.first':
      return env.dispatch({ type: 'select-index', ids, index: 0 });
    case 'selection.last':
      return env.dispatch({ type: 'select-index', ids, index: -1 });
    case 'detail.open':
      if (!n.selected) return env.say('No alert selected.', 'info');
      return env.dispatch({ type: 'open-detail', ids });
    case 'detail.scrollUp':
      return scroll(-1);
    case 'detail.scrollDown':
      return scroll(1);
    case 'detail.pageUp':
      return scroll(-Math.max(1, detailPage - 1));
    case 'detail.pageDown':
      return scroll(Math.max(1, detailPage - 1));
    case 'detail.top':
      return scroll(-Number.MAX_SAFE_INTEGER);
    case 'detail.bottom':
      return scroll(Number.MAX_SAFE_INTEGER);
    case 'view.back':
      return env.dispatch({ type: 'close-detail' });
    case 'list.back':
      if (n.view.marked.size > 0) {
        env.dispatch({ type: 'clear-marks' });
        return env.say('Marks cleared.', 'info');
      }
      return env.dispatch({ type: 'clear-search' });
    case 'search.open':
      return env.dispatch({ type: 'open-input', purpose: 'search' });
    case 'filter.status': {
      env.dispatch({ type: 'cycle-status-filter' });
      const f = env.getView().statusFilter;
      const words = { open: 'open alerts (new, acknowledged)', all: 'alerts of every status', closed: 'closed alerts (resolved, false positive, blocked)' };
      return env.say(`Showing ${words[f]} (o: the next filter).`, 'info');
    }
    case 'filter.severity':
      env.dispatch({ type: 'cycle-severity' });
      return env.say(severityMessage(env), 'info');
    case 'mark.toggle':
      if (!n.selected) return env.say('No alert selected.', 'info');
      env.dispatch({ type: 'toggle-mark', id: n.selected.id });
      env.dispatch({ type: 'move-selection', ids, delta: 1 });
      return;
    case 'mark.all': {
      const allMarked = n.list.length > 0 && n.list.every((a) => n.view.marked.has(a.id));
      if (allMarked) {
        env.dispatch({ type: 'clear-marks' });
        return env.say('Marks cleared.', 'info');
      }
      env.dispatch({ type: 'mark', ids });
      return env.say(`Marked the ${ids.length} alerts shown: a r f b act on all of them (Esc clears).`, 'info');
    }
    case 'ip.block':
      return block(env, n);
    case 'ip.unblock':
      return unblock(env, n);
    case 'ip.blockManual': {
      const ro = readOnlyReason(n.state);
      if (ro) return env.say(ro, 'error');
      return env.dispatch({ type: 'open-input', purpose: 'block' });
    }
    case 'events.ofIp':
    case 'events.ofUsers': {
      const t = n.target;
      if (!t) return env.say('No alert selected.', 'info');
      if (command === 'events.ofUsers' && t.users.length === 0) return env.say('This alert names no user.', 'info');
      if (command === 'events.ofIp' && t.ip === null) return env.say('This alert has no single address.', 'info');
      env.dispatch({ type: 'log-filter', filter: command === 'events.ofIp' ? { kind: 'ip', ip: t.ip as string } : { kind: 'users', users: t.users } });
      env.dispatch({ type: 'show-view', view: 'events' });
      return env.say('Event log filtered (Esc clears the filter, 1 goes back to the alerts).', 'info');
    }
    case 'ip.copy': {
      const t = n.target;
      if (!t) return env.say('No alert selected.', 'info');
      if (t.ip === null) return env.say('This alert has no single address to copy.', 'info');
      env.copy(t.ip);
      return env.say(`Copied ${t.ip} to the clipboard (OSC 52; the terminal must allow it).`, 'ok');
    }
    case 'alerts.export':
      if (n.list.length === 0) return env.say('Nothing to export: the list is empty.', 'info');
      return env.dispatch({ type: 'open-input', purpose: 'export', draft: defaultExportName(n.state.now) });
  }
}
