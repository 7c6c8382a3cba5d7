import { describe, expect, it } from 'vitest';
import { AlertBook } from '../../../src/engine/alerts/alert-book.js';
import { addToDraft, createDraft, type IncidentDraft } from '../../../src/engine/alerts/alert-builder.js';
import { makeAlert, makeEvent, T0 } from '../../helpers/factories.js';

function draft(ip: string, time = T0, n = 6): IncidentDraft {
  const d = createDraft('BRUTE_FORCE', ip, 'HIGH');
  for (let i = 0; i < n; i++) addToDraft(d, makeEvent({ ip, time: time + i * 1000 }), 1);
  return d;
}

describe('AlertBook', () => {
  it('raises an alert with status new and updates it in place while open', () => {
    const book = new AlertBook();
    const raised = book.raise(draft('203.0.113.45'), '2024-05-01T09:14:05.000Z');
    expect(raised).toMatchObject({ status: 'new', count: 6, history: [{ status: 'new', at: '2024-05-01T09:14:05.000Z' }] });
    expect(book.flushUpdates()).toEqual([]);
    const d = book.draftForUpdate('BRUTE_FORCE', '203.0.113.45')!;
    addToDraft(d, makeEvent({ time: T0 + 7000 }), 1);
    const [updated] = book.flushUpdates();
    expect(updated!.id).toBe(raised.id);
    expect(updated!.count).toBe(7);
    expect(raised.count).toBe(6);
    expect(book.flushUpdates()).toEqual([]);
  });

  it('close returns the final alert and ends the incident', () => {
    const book = new AlertBook();
    const a = book.raise(draft('203.0.113.45'), 'x');
    expect(book.isOpen(a.id)).toBe(true);
    expect(book.close('BRUTE_FORCE', '203.0.113.45')!.id).toBe(a.id);
    expect(book.isOpen(a.id)).toBe(false);
    expect(book.openDraft('BRUTE_FORCE', '203.0.113.45')).toBeUndefined();
    expect(book.close('BRUTE_FORCE', '203.0.113.45')).toBeNull();
  });

  it('status changes append to the history', () => {
    const book = new AlertBook();
    const a = book.raise(draft('203.0.113.45'), 'raised');
    book.setStatus(a.id, 'acknowledged', '2024-05-01T10:00:00.000Z');
    const b = book.setStatus(a.id, 'blocked', '2024-05-01T10:01:00.000Z', 'simulate 1h')!;
    expect(b.status).toBe('blocked');
    expect(b.history.map((h) => h.status)).toEqual(['new', 'acknowledged', 'blocked']);
    expect(b.history[2]).toEqual({ status: 'blocked', at: '2024-05-01T10:01:00.000Z', note: 'simulate 1h' });
    expect(book.setStatus('nope', 'resolved', 'x')).toBeNull();
  });

  it('lists alerts most recently raised first and keeps the same array until a change', () => {
    const book = new AlertBook();
    book.raise(draft('198.51.100.1'), 'x');
    book.raise(draft('198.51.100.2', T0 + 10_000), 'x');
    const list = book.list();
    expect(list.map((a) => a.ip)).toEqual(['198.51.100.2', '198.51.100.1']);
    expect(book.list()).toBe(list);
    book.setStatus(list[0]!.id, 'resolved', 'x');
    expect(book.list()).not.toBe(list);
  });

  it('drops the oldest closed alerts past the cap, never open ones', () => {
    const book = new AlertBook({ maxAlerts: 2 });
    book.raise(draft('198.51.100.1'), 'x'); // stays open
    book.raise(draft('198.51.100.2', T0 + 1000), 'x');
    book.close('BRUTE_FORCE', '198.51.100.2');
    book.raise(draft('198.51.100.3', T0 + 2000), 'x');
    expect(book.list().map((a) => a.ip)).toEqual(['198.51.100.3', '198.51.100.1']);
  });

  it('a re-raised incident with the id of a stored alert keeps its status and history', () => {
    const book = new AlertBook();
    const d = draft('203.0.113.45');
    const stored = makeAlert({
      id: 'BRUTE_FORCE-20240501T091400Z-203.0.113.45',
      status: 'acknowledged',
      history: [{ status: 'new', at: 'a' }, { status: 'acknowledged', at: 'b' }],
    });
    book.load([stored]);
    const a = book.raise(d, 'c');
    expect(a.id).toBe(stored.id);
    expect(a.status).toBe('acknowledged');
    expect(a.history).toHaveLength(2);
    expect(book.size).toBe(1);
  });

  it('drops closed alerts earliest closed first, loaded ones before this run\'s', () => {
    const book = new AlertBook({ maxAlerts: 3 });
    book.load([makeAlert({ id: 'old-1', ip: '192.0.2.1', firstSeen: '2024-04-01T00:00:00.000Z' })]);
    book.raise(draft('198.51.100.1'), 'x');
    book.raise(draft('198.51.100.2', T0 + 1000), 'x');
    book.close('BRUTE_FORCE', '198.51.100.2');
    book.close('BRUTE_FORCE', '198.51.100.1');
    book.raise(draft('198.51.100.3', T0 + 2000), 'x'); // 4 > 3: the loaded alert goes
    expect(book.list().map((a) => a.ip)).toEqual(['198.51.100.3', '198.51.100.2', '198.51.100.1']);
    book.raise(draft('198.51.100.4', T0 + 3000), 'x'); // then .2, closed before .1
    expect(book.list().map((a) => a.ip)).toEqual(['198.51.100.4', '198.51.100.3', '198.51.100.1']);
  });

  it('raising and closing past the cap costs the same whether 500 or 8,000 incidents stay open', () => {
    const cycle = (open: number): number => {
      const book = new AlertBook({ maxAlerts: 100 });
      for (let i = 0; i < open; i++) book.raise(draft(`10.0.${i >> 8}.${i & 255}`, T0 + i, 1), 'x'); // stay open
      const started = performance.now();
      for (let i = 0; i < 6000; i++) {
        const ip = `10.1.${i >> 8}.${i & 255}`;
        book.raise(draft(ip, T0 + i, 1), 'x');
        book.close('BRUTE_FORCE', ip);
      }
      const ms = performance.now() - started;
      expect(book.openCount).toBe(open);
      expect(book.size).toBe(open); // every closed alert was dropped, no open one
      return ms;
    };
    cycle(500); // warm up
    const few = Math.min(cycle(500), cycle(500));
    const many = Math.min(cycle(8000), cycle(8000));
    expect(many / few).toBeLessThan(2.5);
  });
});

