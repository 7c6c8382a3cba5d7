import { describe, expect, it } from 'vitest';
import type { SecurityEvent } from '../../../src/engine/model/event.js';
import { AttemptCounter, attemptsOf } from '../../../src/engine/rules/support/attempts.js';
import { makeEvent, T0 } from '../../helpers/factories.js';

const credit = (pid: number, t = T0) => makeEvent({ type: 'invalid_user', weight: 'credit', pid, time: t, user: 'oracle' });
const failed = (pid: number, t = T0 + 1000, count = 1) => makeEvent({ weight: 'attempt', pid, time: t, count, user: 'oracle' });

describe('AttemptCounter counts failed attempts as BRUTE_FORCE does', () => {
  it('a connection counts max(1, failures): the credit absorbs its first failure', () => {
    const c = new AttemptCounter();
    expect([c.count(credit(1)), c.count(failed(1)), c.count(failed(1)), c.count(failed(1))]).toEqual([1, 0, 1, 1]);
    expect(c.count(credit(2))).toBe(1); // a credit alone (the client left before a password)
  });

  it('`message repeated N times` counts N; corroboration, none and address-less events count 0', () => {
    const c = new AttemptCounter();
    expect(c.count(failed(3, T0, 4))).toBe(4);
    expect(c.count(makeEvent({ weight: 'corroboration' }))).toBe(0);
    expect(c.count(makeEvent({ weight: 'none', type: 'auth_success' }))).toBe(0);
    expect(c.count(makeEvent({ ip: null, rhost: 'evil.example' }))).toBe(0);
  });

  it('a credit waits 10 minutes for its failure, then is forgotten', () => {
    const c = new AttemptCounter();
    c.count(credit(5, T0));
    c.sweep(T0 + 600_000);
    expect(c.count(failed(5, T0 + 600_001))).toBe(1);
  });

  it('prefers the parser’s own per-event `attempts` number when the event has one', () => {
    const c = new AttemptCounter();
    const withAttempts = (n: number): SecurityEvent => Object.assign(failed(7), { attempts: n });
    expect(attemptsOf(withAttempts(3))).toBe(3);
    expect(attemptsOf(failed(7))).toBeUndefined();
    expect(c.count(credit(7))).toBe(1);
    expect(c.count(withAttempts(0))).toBe(0);
    expect(c.count(withAttempts(2))).toBe(2);
  });
});
