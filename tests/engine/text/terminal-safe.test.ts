import { describe, expect, it } from 'vitest';
import { terminalSafe, terminalSafeTruncate } from '../../../src/engine/text/terminal-safe.js';

/** Every character an attacker can use to hide or reorder text (issue: invisible and bidi characters). */
const INVISIBLE = [
  0x00ad, 0x061c, 0x115f, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
  0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x3164, 0xfeff,
];

describe('terminalSafe', () => {
  it('escapes every invisible and direction-changing character as a visible \\uXXXX', () => {
    for (const code of INVISIBLE) {
      const ch = String.fromCharCode(code);
      const out = terminalSafe(`root${ch}admin`);
      expect(out, code.toString(16)).toBe(`root\\u${code.toString(16).padStart(4, '0')}admin`);
    }
  });

  it('an RLO user name cannot reverse the rest of the line', () => {
    const user = 'admin\u202e1.2.3.4 morf';
    const out = terminalSafe(`Failed password for ${user} from 203.0.113.9`);
    expect(out).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain('admin\\u202e1.2.3.4 morf');
  });

  it('keeps escaping C0/C1 controls and leaves ordinary text alone', () => {
    expect(terminalSafe('a\u001b[2Jb\u009bc\td')).toBe('a\\x1b[2Jb\\x9bc\\td');
    expect(terminalSafe('Grüße, 東京, emoji 🎉, Ελληνικά')).toBe('Grüße, 東京, emoji 🎉, Ελληνικά');
    expect(terminalSafeTruncate('\u200b'.repeat(10), 8)).toBe('\\u200b\\…');
  });
});
