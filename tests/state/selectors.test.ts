import { describe, expect, it } from 'vitest';
import {
  createVisibleAlertsSelector,
  matchesSearch,
  openAlertCount,
  resolveSelection,
  selectVisibleAlerts,
  visibleWindow,
} from '../../src/state/selectors.js';
import { initialState } from '../../src/state/view-reducer.js';
import { countersFor, makeAlert } from '../helpers/fake-console.js';

describe('alert selectors', () => {
  const low = makeAlert({ severity: 'LOW', lastSeen: '2024-03-10T10:00:03Z', ip: '192.0.2.1' });
  const crit = makeAlert({ severity: 'CRITICAL', lastSeen: '2024-03-10T10:00:01Z', ip: '192.0.2.2' });
  const high = makeAlert({ severity: 'HIGH', lastSeen: '2024-03-10T10:00:02Z', users: ['oracle'], ip: '198.51.100.9' });
  const all = [crit, low, high];

  it('sorts newest lastSeen first, or by severity', () => {
    expect(selectVisibleAlerts(all, initialState).map((a) => a.severity)).toEqual(['LOW', 'HIGH', 'CRITICAL']);
    expect(selectVisibleAlerts(all, { ...initialState, sort: 'severity' }).map((a) => a.severity)).toEqual([
      'CRITICAL',
      'HIGH',
      'LOW',
    ]);
  });

  it('hides severities switched off', () => {
    const shown = selectVisibleAlerts(all, { ...initialState, severities: ['HIGH', 'CRITICAL'] });
    expect(shown.map((a) => a.id).sort()).toEqual([crit.id, high.id].sort());
  });

  it('searches IP, users, rule and summary, case-insensitively', () => {
    expect(matchesSearch(high, '198.51')).toBe(true);
    expect(matchesSearch(high, 'ORACLE')).toBe(true);
    expect(matchesSearch(high, 'brute_force')).toBe(true);
    expect(matchesSearch(high, 'failed ssh')).toBe(true);
    expect(matchesSearch(high, '192.0.2')).toBe(false);
    expect(selectVisibleAlerts(all, { ...initialState, search: 'oracle' })).toEqual([high]);
  });

  it('keeps the selection on the same alert wherever it moves, else on its former row', () => {
    expect(resolveSelection(all, high.id, 0)).toEqual({ index: 2, alert: high });
    expect(resolveSelection([crit, low], high.id, 2)).toEqual({ index: 1, alert: low });
    expect(resolveSelection([], high.id, 2)).toEqual({ index: -1, alert: null });
  });

  it('windows long lists around the selection and counts what is hidden', () => {
    expect(visibleWindow(3, 0, 5, 0)).toEqual({ start: 0, end: 3, above: 0, below: 0 });
    expect(visibleWindow(20, 0, 5, 0)).toEqual({ start: 0, end: 5, above: 0, below: 15 });
    expect(visibleWindow(20, 7, 5, 0)).toEqual({ start: 3, end: 8, above: 3, below: 12 });
    // selection inside the previous window: the window does not move
    expect(visibleWindow(20, 5, 5, 3)).toEqual({ start: 3, end: 8, above: 3, below: 12 });
    expect(visibleWindow(20, 19, 5, 0).below).toBe(0);
  });

  it('counts open alerts as new plus acknowledged', () => {
    const counters = countersFor([
      makeAlert({ status: 'new' }),
      makeAlert({ status: 'acknowledged' }),
      makeAlert({ status: 'resolved' }),
      makeAlert({ status: 'false_positive' }),
    ]);
    expect(openAlertCount(counters)).toBe(2);
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

  it('recomputes when the alerts, the sort, the severities or the search change', () => {
    const select = createVisibleAlertsSelector();
    const alerts = [a, b];
    const first = select(alerts, initialState);
    const newer = makeAlert({ lastSeen: '2024-03-10T10:00:03Z', severity: 'LOW' });
    expect(select([newer, ...alerts], initialState).map((x) => x.id)).toEqual([newer.id, b.id, a.id]);
    expect(select(alerts, { ...initialState, sort: 'severity' })).not.toBe(first);
    expect(select(alerts, { ...initialState, severities: ['CRITICAL'] }).map((x) => x.id)).toEqual([b.id]);
    expect(select(alerts, { ...initialState, search: 'nothing-matches' })).toEqual([]);
    expect(select(alerts, { ...initialState, modal: { kind: 'search', draft: b.ip as string } }).map((x) => x.id)).toEqual([b.id]);
  });
});
