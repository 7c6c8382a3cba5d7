import { describe, expect, it } from 'vitest';
import { createVisibleAlertsSelector, resolveSelection, selectVisibleAlerts, visibleWindow } from '../../src/state/selectors.js';
import { initialState } from '../../src/state/view-reducer.js';
import { countOpen } from '../../src/state/alert-status.js';
import { makeAlert } from '../helpers/fake-console.js';

const all = { ...initialState, statusFilter: 'all' as const };

describe('alert selectors', () => {
  const low = makeAlert({ severity: 'LOW', lastSeen: '2024-03-10T10:00:03Z', ip: '192.0.2.1' });
  const crit = makeAlert({ severity: 'CRITICAL', lastSeen: '2024-03-10T10:00:01Z', ip: '192.0.2.2' });
  const high = makeAlert({ severity: 'HIGH', lastSeen: '2024-03-10T10:00:02Z', users: ['oracle'], ip: '198.51.100.9' });
  const list = [crit, low, high];

  it('sorts newest lastSeen first, or by any column', () => {
    expect(selectVisibleAlerts(list, all).map((a) => a.severity)).toEqual(['LOW', 'HIGH', 'CRITICAL']);
    expect(selectVisibleAlerts(list, { ...all, sort: { column: 'severity', descending: true } }).map((a) => a.severity)).toEqual(['CRITICAL', 'HIGH', 'LOW']);
    expect(selectVisibleAlerts(list, { ...all, sort: { column: 'ip', descending: false } }).map((a) => a.ip)).toEqual(['192.0.2.1', '192.0.2.2', '198.51.100.9']);
  });

  it('hides severities switched off', () => {
    const shown = selectVisibleAlerts(list, { ...all, severities: ['HIGH', 'CRITICAL'] });
    expect(shown.map((a) => a.id).sort()).toEqual([crit.id, high.id].sort());
  });

  it('shows open alerts by default; all; or only the closed ones (an IP blocked right now is closed)', () => {
    const resolved = makeAlert({ status: 'resolved' });
    const fp = makeAlert({ status: 'false_positive' });
    const acked = makeAlert({ status: 'acknowledged' });
    const onBlocked = makeAlert({ status: 'new', ip: '203.0.113.99' });
    const unblocked = makeAlert({ status: 'blocked', ip: '203.0.113.98' });
    const alerts = [resolved, fp, acked, onBlocked, unblocked];
    const blocked = new Set(['203.0.113.99']);
    const ids = (f: 'open' | 'all' | 'closed') => selectVisibleAlerts(alerts, { ...initialState, statusFilter: f }, blocked).map((a) => a.id).sort();
    expect(ids('open')).toEqual([acked.id, unblocked.id].sort());
    expect(ids('closed')).toEqual([resolved.id, fp.id, onBlocked.id].sort());
    expect(ids('all')).toHaveLength(5);
    expect(countOpen(alerts, blocked)).toBe(2);
  });

  it('keeps the selection on the same alert wherever it moves, else on its former row', () => {
    expect(resolveSelection(list, high.id, 0)).toEqual({ index: 2, alert: high });
    expect(resolveSelection([crit, low], high.id, 2)).toEqual({ index: 1, alert: low });
    expect(resolveSelection([], high.id, 2)).toEqual({ index: -1, alert: null });
  });

  it('windows long lists around the selection and counts what is hidden', () => {
    expect(visibleWindow(3, 0, 5, 0)).toEqual({ start: 0, end: 3, above: 0, below: 0 });
    expect(visibleWindow(20, 0, 5, 0)).toEqual({ start: 0, end: 5, above: 0, below: 15 });
    expect(visibleWindow(20, 7, 5, 0)).toEqual({ start: 3, end: 8, above: 3, below: 12 });
    expect(visibleWindow(20, 5, 5, 3)).toEqual({ start: 3, end: 8, above: 3, below: 12 });
    expect(visibleWindow(20, 19, 5, 0).below).toBe(0);
  });
});

describe('the shared visible-alerts selector', () => {
  const a = makeAlert({ lastSeen: '2024-03-10T10:00:01Z', severity: 'LOW' });
  const b = makeAlert({ lastSeen: '2024-03-10T10:00:02Z', severity: 'CRITICAL' });

  it('answers the same list again, without re-sorting, while the alerts and the view are unchanged', () => {
    const select = createVisibleAlertsSelector();
    const alerts = [a, b];
    const first = select(alerts, initialState);
    expect(first.map((x) => x.id)).toEqual([b.id, a.id]);
    const moved: typeof initialState = { ...initialState, selectedIndex: 3 };
    expect(select(alerts, moved)).toBe(first); // the selection is not an input
  });

  it('recomputes when the alerts, blocks, sort, filters or search change', () => {
    const select = createVisibleAlertsSelector();
    const alerts = [a, b];
    const first = select(alerts, initialState);
    const newer = makeAlert({ lastSeen: '2024-03-10T10:00:03Z', severity: 'LOW' });
    expect(select([newer, ...alerts], initialState).map((x) => x.id)).toEqual([newer.id, b.id, a.id]);
    expect(select(alerts, { ...initialState, sort: { column: 'severity', descending: true } })).not.toBe(first);
    expect(select(alerts, { ...initialState, severities: ['CRITICAL'] }).map((x) => x.id)).toEqual([b.id]);
    expect(select(alerts, { ...initialState, search: 'nothing-matches' })).toEqual([]);
    expect(select(alerts, { ...initialState, modal: { kind: 'input', purpose: 'search', draft: b.ip as string } }).map((x) => x.id)).toEqual([b.id]);
    expect(select(alerts, initialState, new Set([b.ip as string])).map((x) => x.id)).toEqual([a.id]);
    expect(select(alerts, { ...initialState, statusFilter: 'closed' })).toEqual([]);
  });
});
