import { describe, expect, it } from 'vitest';
import { createLineParser } from '../../../src/engine/parsers/line-parser.js';
import { createTrafficGenerator } from '../../../src/engine/sim/generator.js';

// The generator feeds the demo and `simulate`: every line a parser family claims must parse, and
// the events must carry the generator's own time.
describe('generated traffic through the real parser', () => {
  it.each([
    ['rfc3164', 'sshd'],
    ['rfc3339', 'sshd-session'],
  ] as const)('%s / %s: no unmatched lines, event times agree, attacks show up as events', (format, sshdProgram) => {
    const start = Date.UTC(2024, 4, 1, 9);
    const gen = createTrafficGenerator({ seed: 21, startTime: start, format, sshdProgram });
    const parse = createLineParser({ now: start + 7200_000 });
    const unmatched: string[] = [];
    const types = new Map<string, number>();
    let badTime = 0;
    for (let i = 0; i < 30_000; i++) {
      const l = gen.next();
      const r = parse({ text: l.text, file: 'sim', line: i + 1 });
      if (r.status === 'unmatched') unmatched.push(l.text);
      if (r.status === 'unknown' && /\b(sshd|sshd-session|kernel)\[?/.test(l.text.slice(0, 60))) unmatched.push(l.text);
      for (const e of r.events) {
        types.set(e.type, (types.get(e.type) ?? 0) + e.count);
        if (Math.abs(e.time - l.time) >= 1000) badTime++;
      }
    }
    expect(unmatched.slice(0, 5)).toEqual([]);
    expect(badTime).toBe(0);
    for (const t of ['auth_failure', 'auth_success', 'invalid_user', 'preauth_disconnect', 'firewall_block']) {
      expect(types.get(t) ?? 0, t).toBeGreaterThan(0);
    }
  });
});
