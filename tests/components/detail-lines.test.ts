import { describe, expect, it } from 'vitest';
import { buildDetailLines, wrapList } from '../../src/components/detail-lines.js';
import { makeAlert } from '../helpers/fake-console.js';

describe('detail lines', () => {
  it('wraps lists between items, never past the width', () => {
    expect(wrapList(['root', 'admin', 'oracle', 'postgres'], 14)).toEqual(['root, admin,', 'oracle,', 'postgres']);
    expect(wrapList(['averyveryverylongname'], 8)).toEqual(['averyver', 'yverylon', 'gname']);
    for (const line of wrapList(Array.from({ length: 50 }, (_, i) => `user${i}`), 20)) {
      expect([...line].length).toBeLessThanOrEqual(20);
    }
  });

  it('gives one line per evidence entry with file:line, escaped', () => {
    const alert = makeAlert({
      evidence: [
        { time: '2024-03-10T11:50:00Z', file: 'auth.log', line: 9, text: 'a\u001b[2Jb' },
        { time: '2024-03-10T11:50:01Z', file: 'auth.log', line: 10, text: 'c' },
      ],
    });
    const lines = buildDetailLines(alert, undefined, 200).filter((l) => l.tone === 'evidence');
    expect(lines.map((l) => l.text)).toEqual(['auth.log:9  a\\x1b[2Jb', 'auth.log:10  c']);
  });
});
