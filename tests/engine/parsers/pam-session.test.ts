import { describe, expect, it } from 'vitest';
import { isPamSessionLine } from '../../../src/engine/parsers/pam.js';
import { createRandom } from '../../../src/engine/sim/prng.js';

// The rule, spelled out with indexOf: a `pam_…(<service>:session): ` line within 80 characters.
function reference(text: string, start: number): boolean {
  if (!text.startsWith('pam_', start)) return false;
  const close = text.indexOf(':session): ', start);
  return close !== -1 && close - start < 80 && text.lastIndexOf('(', close) > start;
}

const prng = (seed: number): (() => number) => createRandom(seed).next;

describe('isPamSessionLine (the fast path for PAM session noise)', () => {
  it('recognizes session bookkeeping and nothing else', () => {
    const head = 'Mar  3 01:17:39 db-01 CRON[28537]: ';
    expect(isPamSessionLine(head + 'pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)', head.length)).toBe(true);
    expect(isPamSessionLine(head + 'pam_unix(sshd:auth): authentication failure; rhost=1.2.3.4', head.length)).toBe(false);
    expect(isPamSessionLine(head + 'pam_unix:session): no parenthesis', head.length)).toBe(false);
    expect(isPamSessionLine(head + `pam_${'x'.repeat(80)}(cron:session): late`, head.length)).toBe(false);
    // The marker must start within 80 characters of the module name.
    expect(isPamSessionLine(`pam_${'a'.repeat(70)}(cron:session): at 79`, 0)).toBe(true);
    expect(isPamSessionLine(`pam_${'a'.repeat(71)}(cron:session): at 80`, 0)).toBe(false);
  });

  it('answers like the indexOf rule on 20,000 generated lines', () => {
    const rand = prng(3);
    const pieces = ['pam_', 'unix', '(', ')', ':', 'cron', ':session): ', ':session)', 'session', ': ', ' ', 'x'.repeat(30), 'sshd:auth): '];
    for (let i = 0; i < 20_000; i++) {
      let text = rand() < 0.8 ? 'pam_' : '';
      const n = Math.floor(rand() * 8);
      for (let k = 0; k < n; k++) text += pieces[Math.floor(rand() * pieces.length)];
      const start = 0;
      expect(isPamSessionLine(text, start), JSON.stringify(text)).toBe(reference(text, start));
    }
  });
});
