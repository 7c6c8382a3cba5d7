/** Keys of the event log: scroll back (pausing), follow the tail again, search, clear the filter. */
import type { Command } from '../../keys/keymap.js';
import { filterText, findMatch, logWindow, offsetShowing } from '../../state/event-log.js';
import { terminalSafeTruncate } from '../../engine/text/terminal-safe.js';
import { eventLogRows as logVisibleRows } from '../../components/EventLog.js';
import { liveEvents, now, type CommandEnv } from './command-env.js';

export function runLogCommand(env: CommandEnv, command: Command): void {
  const n = now(env);
  const rows = logVisibleRows(env.getBody().height);
  const total = n.logItems.length;
  const win = logWindow(total, rows, n.view.log.offset);
  const feed = liveEvents(n.state);
  const scrollTo = (offset: number): void => {
    const o = Math.max(0, Math.min(offset, Math.max(0, total - rows)));
    if (o === 0 && n.view.log.frozen === null) return; // at the live tail already
    env.dispatch({ type: 'log-scroll', offset: o, feed });
  };
  switch (command) {
    case 'log.up':
      scrollTo(win.offset + 1);
      return;
    case 'log.down':
      scrollTo(win.offset - 1);
      return;
    case 'log.pageUp':
      scrollTo(win.offset + Math.max(1, rows - 1));
      return;
    case 'log.pageDown':
      scrollTo(win.offset - Math.max(1, rows - 1));
      return;
    case 'log.top':
      scrollTo(total);
      return;
    case 'log.bottom':
      env.dispatch({ type: 'log-follow' });
      env.say('Following the newest events.', 'info');
      return;
    case 'log.search':
      env.dispatch({ type: 'open-input', purpose: 'log-search' });
      return;
    case 'log.next':
    case 'log.previous': {
      const search = n.view.log.search;
      if (search === '') return env.say('No search yet: / searches the log.', 'info');
      const found = findMatch(n.logItems, search, n.view.log.match, command === 'log.next', win.end - 1);
      if (!found) return env.say(`No event matches "${terminalSafeTruncate(search, 30)}".`, 'info');
      const item = n.logItems[found.index]!;
      env.dispatch({ type: 'log-search', search, match: item.seq, offset: offsetShowing(total, rows, win.offset, found.index), feed });
      if (found.wrapped) env.say(command === 'log.next' ? 'Search wrapped to the oldest event.' : 'Search wrapped to the newest event.', 'info');
      return;
    }
    case 'log.back':
      if (n.view.log.search !== '') {
        env.dispatch({ type: 'log-clear-search' });
        return env.say('Search cleared.', 'info');
      }
      if (n.view.log.filter !== null) {
        env.say(`Filter on ${filterText(n.view.log.filter)} cleared.`, 'info');
        env.dispatch({ type: 'log-filter', filter: null });
        return;
      }
      return;
  }
}

/** Applies a search typed in the log's search box: the newest match at or above the bottom line. */
export function applyLogSearch(env: CommandEnv, search: string): void {
  const n = now(env);
  const rows = logVisibleRows(env.getBody().height);
  const total = n.logItems.length;
  const feed = liveEvents(n.state);
  const text = search.trim();
  if (text === '') {
    env.dispatch({ type: 'log-clear-search' });
    env.dispatch({ type: 'close-modal' });
    return;
  }
  const win = logWindow(total, rows, n.view.log.offset);
  const found = findMatch(n.logItems, text, null, false, win.end - 1);
  if (!found) {
    env.dispatch({ type: 'log-search', search: text, match: null, offset: win.offset, feed });
    return env.say(`No event matches "${terminalSafeTruncate(text, 30)}" (in the last ${total} events).`, 'info');
  }
  env.dispatch({ type: 'log-search', search: text, match: n.logItems[found.index]!.seq, offset: offsetShowing(total, rows, win.offset, found.index), feed });
  env.say('Paused on the match: n newer, N older, G follows the newest again.', 'info');
}
