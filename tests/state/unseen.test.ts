import { describe, expect, it } from 'vitest';
import { initialUnseen, trackUnseen } from '../../src/state/unseen.js';
import { makeAlert } from '../helpers/fake-console.js';

describe('new since you looked', () => {
  const a = makeAlert();
  const b = makeAlert();
  const c = makeAlert();
  const d = makeAlert();

  it('marks nothing at start, marks alerts that arrive above the selection, not below it', () => {
    let s = trackUnseen(initialUnseen, [a, b], [a, b], 1);
    expect(s.unseen.size).toBe(0);
    // c arrives on top: the selection (on b) is now at index 2
    s = trackUnseen(s, [c, a, b], [c, a, b], 2);
    expect([...s.unseen]).toEqual([c.id]);
    // d arrives at the bottom (below the selection): not marked
    s = trackUnseen(s, [c, a, b, d], [c, a, b, d], 2);
    expect([...s.unseen]).toEqual([c.id]);
  });

  it('clears an alert when the selection reaches it or goes above it', () => {
    let s = trackUnseen(initialUnseen, [a, b], [a, b], 1);
    s = trackUnseen(s, [c, d, a, b], [c, d, a, b], 3);
    expect([...s.unseen].sort()).toEqual([c.id, d.id].sort());
    s = trackUnseen(s, [c, d, a, b], [c, d, a, b], 1); // on d
    expect([...s.unseen]).toEqual([c.id]);
    s = trackUnseen(s, [c, d, a, b], [c, d, a, b], 0);
    expect(s.unseen.size).toBe(0);
  });

  it('returns the same state when nothing changed', () => {
    const s = trackUnseen(initialUnseen, [a, b], [a, b], 0);
    expect(trackUnseen(s, [a, b].slice(0), [a, b], 0).unseen).toBe(s.unseen);
    const list = [a, b];
    const t = trackUnseen(s, list, list, 0);
    expect(trackUnseen(t, list, list, 0)).toBe(t);
  });
});
