import { describe, expect, it } from 'vitest';
import { initialState, viewReducer, type ViewAction, type ViewState } from '../../src/state/view-reducer.js';
import { makeFeedItem } from '../helpers/fake-console.js';

const run = (actions: ViewAction[], from: ViewState = initialState): ViewState => actions.reduce(viewReducer, from);
const ids = ['a', 'b', 'c', 'd'];

describe('view reducer', () => {
  it('starts on the alert list: open alerts, newest first, every severity, following the events', () => {
    expect(initialState.view).toBe('alerts');
    expect(initialState.screen).toBe('list');
    expect(initialState.statusFilter).toBe('open');
    expect(initialState.sort).toEqual({ column: 'lastSeen', descending: true });
    expect(initialState.severities).toEqual(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
    expect(initialState.log.frozen).toBeNull();
    expect(initialState.marked.size).toBe(0);
    expect(initialState.modal).toEqual({ kind: 'none' });
  });

  it('moves the selection by id and stops at both ends', () => {
    const s = run([{ type: 'select', id: 'b', index: 1 }, { type: 'move-selection', ids, delta: 1 }]);
    expect(s.selectedId).toBe('c');
    expect(run([{ type: 'move-selection', ids, delta: 5 }], s).selectedId).toBe('d');
    expect(run([{ type: 'move-selection', ids, delta: -9 }], s).selectedId).toBe('a');
  });

  it('moves relative to where the selected alert is now, not where it was', () => {
    const s = run([{ type: 'select', id: 'b', index: 1 }]);
    // two new alerts arrived on top: b is now at index 3
    const moved = run([{ type: 'move-selection', ids: ['x', 'y', 'a', 'b', 'c'], delta: 1 }], s);
    expect(moved.selectedId).toBe('c');
  });

  it('g/G select the first and last alert', () => {
    expect(run([{ type: 'select-index', ids, index: -1 }]).selectedId).toBe('d');
    expect(run([{ type: 'select-index', ids, index: 0 }]).selectedId).toBe('a');
  });

  it('opens the detail of the selected alert only when the list shows it, and goes back', () => {
    const s = run([{ type: 'select', id: 'c', index: 2 }, { type: 'open-detail', ids }]);
    expect(s.screen).toBe('detail');
    expect(s.detailId).toBe('c');
    expect(run([{ type: 'close-detail' }], s).screen).toBe('list');
    expect(run([{ type: 'open-detail', ids }]).screen).toBe('list'); // nothing selected
    // the selected alert is hidden by the filters: nothing opens
    expect(run([{ type: 'select', id: 'c', index: 2 }, { type: 'open-detail', ids: ['a', 'b'] }]).screen).toBe('list');
  });

  it('v steps the severity threshold: all, MEDIUM+, HIGH+, CRITICAL, all', () => {
    const steps = [1, 2, 3, 4].map((n) => run(Array.from({ length: n }, () => ({ type: 'cycle-severity' }) as const)).severities);
    expect(steps).toEqual([['MEDIUM', 'HIGH', 'CRITICAL'], ['HIGH', 'CRITICAL'], ['CRITICAL'], ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']]);
    expect(run([{ type: 'set-severities', severities: ['CRITICAL', 'LOW'] }]).severities).toEqual(['LOW', 'CRITICAL']);
  });

  it('o cycles the status filter open → all → closed → open', () => {
    const s1 = run([{ type: 'cycle-status-filter' }]);
    const s2 = run([{ type: 'cycle-status-filter' }], s1);
    expect([s1.statusFilter, s2.statusFilter, run([{ type: 'cycle-status-filter' }], s2).statusFilter]).toEqual(['all', 'closed', 'open']);
  });

  it('a sort key picks its column in its first direction, again reverses', () => {
    const bySev = run([{ type: 'sort-by', column: 'severity' }]);
    expect(bySev.sort).toEqual({ column: 'severity', descending: true });
    expect(run([{ type: 'sort-by', column: 'severity' }], bySev).sort).toEqual({ column: 'severity', descending: false });
    expect(run([{ type: 'sort-by', column: 'rule' }]).sort).toEqual({ column: 'rule', descending: false });
    expect(run([{ type: 'sort-by', column: 'lastSeen' }]).sort).toEqual({ column: 'lastSeen', descending: false });
  });

  it('marks and unmarks alerts for a bulk action', () => {
    const s = run([{ type: 'toggle-mark', id: 'a' }, { type: 'toggle-mark', id: 'b' }, { type: 'toggle-mark', id: 'a' }]);
    expect([...s.marked]).toEqual(['b']);
    expect([...run([{ type: 'mark', ids }], s).marked].sort()).toEqual(ids);
    expect(run([{ type: 'clear-marks' }], s).marked.size).toBe(0);
    expect([...run([{ type: 'unmark', ids: ['b'] }, { type: 'mark', ids: ['c'] }], s).marked]).toEqual(['c']);
  });

  it('applies a typed search on Enter and clears it on Esc', () => {
    const typed = run([
      { type: 'open-input', purpose: 'search' },
      { type: 'input-type', text: '203.' },
      { type: 'input-type', text: '0x' },
      { type: 'input-erase' },
    ]);
    expect(typed.modal).toEqual({ kind: 'input', purpose: 'search', draft: '203.0' });
    expect(typed.search).toBe('');
    const applied = run([{ type: 'set-search', search: '203.0' }], typed);
    expect(applied.search).toBe('203.0');
    expect(applied.modal.kind).toBe('none');
    const reopened = run([{ type: 'open-input', purpose: 'search' }], applied);
    expect(reopened.modal).toEqual({ kind: 'input', purpose: 'search', draft: '203.0' });
    expect(run([{ type: 'clear-search' }], reopened).search).toBe('');
    expect(run([{ type: 'open-input', purpose: 'command' }], applied).modal).toEqual({ kind: 'input', purpose: 'command', draft: '' });
  });

  it('freezes the events when paused or scrolled back, and follows them again', () => {
    const feed = [makeFeedItem(), makeFeedItem()];
    const paused = run([{ type: 'toggle-pause', feed }]);
    expect(paused.log.frozen).toBe(feed);
    expect(run([{ type: 'toggle-pause', feed: [] }], paused).log.frozen).toBeNull();
    const back = run([{ type: 'log-scroll', offset: 5, feed }]);
    expect(back.log).toMatchObject({ frozen: feed, offset: 5 });
    expect(run([{ type: 'log-follow' }], back).log).toMatchObject({ frozen: null, offset: 0 });
    const filtered = run([{ type: 'log-filter', filter: { kind: 'ip', ip: '192.0.2.1' } }], back);
    expect(filtered.log).toMatchObject({ offset: 0, filter: { kind: 'ip', ip: '192.0.2.1' } });
  });

  it('switches views, closing a dialog; other views leave the detail', () => {
    const s = run([{ type: 'select', id: 'c', index: 2 }, { type: 'open-detail', ids }, { type: 'open-help' }, { type: 'show-view', view: 'blocks' }]);
    expect(s.view).toBe('blocks');
    expect(s.screen).toBe('list');
    expect(s.modal.kind).toBe('none');
  });

  it('asks to confirm an action, and closes the dialog', () => {
    const s = run([{ type: 'ask', action: { kind: 'block', ips: ['203.0.113.45'], alertIds: ['a'] } }]);
    expect(s.modal).toEqual({ kind: 'confirm', action: { kind: 'block', ips: ['203.0.113.45'], alertIds: ['a'] } });
    expect(run([{ type: 'close-modal' }], s).modal.kind).toBe('none');
  });

  it('keeps the detail scroll within the content', () => {
    const s = run([{ type: 'scroll-detail', delta: 5, max: 3 }]);
    expect(s.detailScroll).toBe(3);
    expect(run([{ type: 'scroll-detail', delta: -10, max: 3 }], s).detailScroll).toBe(0);
  });
});
