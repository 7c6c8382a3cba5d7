// Every rule that counts failed logins counts what BRUTE_FORCE counts: the parser's `attempts`.
import { describe, expect, it } from 'vitest';
import { createLineParser } from '../../../src/engine/parsers/index.js';
import { AttemptCounter, attemptsOf } from '../../../src/engine/rules/support/attempts.js';
import { makeEvent, T0 } from '../../helpers/factories.js';

describe('attempts as every rule counts them', () => {
  it('is the event’s own attempts: N for `message repeated N times`, 0 for echoes, successes and address-less events', () => {
    const c = new AttemptCounter();
    expect(c.count(makeEvent({ count: 4, attempts: 4 }))).toBe(4);
    expect(c.count(makeEvent({ weight: 'corroboration', attempts: 0 }))).toBe(0);
    expect(c.count(makeEvent({ weight: 'none', type: 'auth_success', attempts: 0 }))).toBe(0);
    expect(attemptsOf(makeEvent({ ip: null, rhost: 'evil.example', attempts: 1 }))).toBe(0);
  });

  it('a connection that named an invalid user counts max(1, failures), as the parser decides per connection', () => {
    const parse = createLineParser({ now: T0 + 86_400_000, timeZone: 'UTC' });
    const lines = [
      'May  1 09:14:00 web-01 sshd[901]: Invalid user oracle from 203.0.113.9 port 4000',
      'May  1 09:14:01 web-01 sshd[901]: Failed password for invalid user oracle from 203.0.113.9 port 4000 ssh2',
      'May  1 09:14:02 web-01 sshd[901]: Failed password for invalid user oracle from 203.0.113.9 port 4000 ssh2',
      'May  1 09:14:03 web-01 sshd[902]: Invalid user test from 203.0.113.9 port 4001',
    ];
    const counted = lines.flatMap((text, i) => parse({ text, file: 'auth.log', line: i + 1 }).events).map(attemptsOf);
    expect(counted.reduce((a, b) => a + b, 0)).toBe(3); // 901: max(1, 2) = 2; 902: max(1, 0) = 1
  });
});
