import { describe, expect, it } from 'vitest';
import { initialState, viewReducer, type ViewAction, type ViewState } from '../../src/state/view-reducer.js';
import { makeFeedItem } from '../helpers/fake-console.js';

const run = (actions: ViewAction[], from: ViewState = initialState): ViewState => actions.reduce(viewReducer, from);
const ids = ['a', 'b', 'c', 'd'];

describe('view reducer', () => {
  it('starts on the list, newest first, every severity shown, nothing paused', () => {
    expect(initialState.screen).toBe('list');
    expect(initialState.sort).toBe('newest');
    expect(initialState.severities).toEqual(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
    expect(initialState.frozenFeed).toBeNull();
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

  it('opens the detail of the selected alert and goes back', () => {
    const s = run([{ type: 'select', id: 'c', index: 2 }, { type: 'open-detail', ids }]);
    expect(s.screen).toBe('detail');
    expect(s.detailId).toBe('c');
    expect(run([{ type: 'close-detail' }], s).screen).toBe('list');
    expect(run([{ type: 'open-detail', ids }]).screen).toBe('list'); // nothing selected
    // the selected alert is hidden by the filters: nothing opens
    expect(run([{ type: 'select', id: 'c', index: 2 }, { type: 'open-detail', ids: ['a', 'b'] }]).screen).toBe('list');
  });

  it('toggles severity filters on and off, keeping severity order', () => {
    const s = run([{ type: 'toggle-severity', severity: 'LOW' }, { type: 'toggle-severity', severity: 'HIGH' }]);
    expect(s.severities).toEqual(['MEDIUM', 'CRITICAL']);
    expect(run([{ type: 'toggle-severity', severity: 'LOW' }], s).severities).toEqual(['LOW', 'MEDIUM', 'CRITICAL']);
  });

  it('toggles the sort', () => {
    expect(run([{ type: 'toggle-sort' }]).sort).toBe('severity');
    expect(run([{ type: 'toggle-sort' }, { type: 'toggle-sort' }]).sort).toBe('newest');
  });

  it('applies a typed search on Enter and clears it on Esc', () => {
    const typed = run([
      { type: 'open-search' },
      { type: 'search-input', text: '203.' },
      { type: 'search-input', text: '0x' },
      { type: 'search-erase' },
    ]);
    expect(typed.modal).toEqual({ kind: 'search', draft: '203.0' });
    expect(typed.search).toBe('');
    const applied = run([{ type: 'apply-search' }], typed);
    expect(applied.search).toBe('203.0');
    expect(applied.modal.kind).toBe('none');
    const reopened = run([{ type: 'open-search' }], applied);
    expect(reopened.modal).toEqual({ kind: 'search', draft: '203.0' });
    expect(run([{ type: 'clear-search' }], reopened).search).toBe('');
  });

  it('freezes the feed it is given when paused and lets go when resumed', () => {
    const feed = [makeFeedItem(), makeFeedItem()];
    const paused = run([{ type: 'toggle-pause', feed }]);
    expect(paused.frozenFeed).toBe(feed);
    expect(run([{ type: 'toggle-pause', feed: [] }], paused).frozenFeed).toBeNull();
  });

  it('asks to confirm a block naming the IP, and closes the dialog', () => {
    const s = run([{ type: 'ask-block', ip: '203.0.113.45', alertId: 'a' }]);
    expect(s.modal).toEqual({ kind: 'confirm-block', ip: '203.0.113.45', alertId: 'a' });
    expect(run([{ type: 'close-modal' }], s).modal.kind).toBe('none');
  });

  it('keeps the detail scroll within the content', () => {
    const s = run([{ type: 'scroll-detail', delta: 5, max: 3 }]);
    expect(s.detailScroll).toBe(3);
    expect(run([{ type: 'scroll-detail', delta: -10, max: 3 }], s).detailScroll).toBe(0);
  });
});
