import { describe, expect, it } from 'vitest';
import { buildDetailLines, LABEL_WIDTH, wrapList, wrapWords } from '../../src/components/detail-lines.js';
import { makeAlert } from '../helpers/fake-console.js';

describe('detail lines', () => {
  it('wraps lists between items, never past the width', () => {
    expect(wrapList(['root', 'admin', 'oracle', 'postgres'], 14)).toEqual(['root, admin,', 'oracle,', 'postgres']);
    expect(wrapList(['averyveryverylongname'], 8)).toEqual(['averyver', 'yverylon', 'gname']);
    for (const line of wrapList(Array.from({ length: 50 }, (_, i) => `user${i}`), 20)) {
      expect([...line].length).toBeLessThanOrEqual(20);
    }
  });

  it('wraps sentences between words, cutting only words longer than a line', () => {
    expect(wrapWords('13 failed SSH logins from 203.0.113.76 on demo-bastion', 26)).toEqual([
      '13 failed SSH logins from',
      '203.0.113.76 on',
      'demo-bastion',
    ]);
    expect(wrapWords('ab averyveryverylongword', 10)).toEqual(['ab averyve', 'ryverylong', 'word']);
    expect(wrapWords('', 10)).toEqual(['']);
  });

  it('puts every field name in the label column, never in the value column', () => {
    const alert = makeAlert({ history: [{ status: 'new', at: '2024-03-10T11:59:00Z' }, { status: 'acknowledged', at: '2024-03-10T12:00:00Z' }] });
    const lines = buildDetailLines(alert, undefined, 80);
    const labels = lines.filter((l) => l.label !== '').map((l) => l.label);
    expect(labels).toEqual(['Severity', 'Status', 'Blocked', 'Summary', 'When', 'Hosts', 'Users (1)', 'Intel', 'History', 'Evidence', 'Alert ID']);
    // no heading hides in the value column
    expect(lines.some((l) => /^(Status history|Evidence)/.test(l.text))).toBe(false);
    expect(lines.filter((l) => !l.full).every((l) => LABEL_WIDTH + [...l.text].length <= 80)).toBe(true);
  });

  it('gives each evidence entry its file:line and the escaped raw line, wrapped at full width', () => {
    const long = 'x '.repeat(60).trim();
    const alert = makeAlert({
      evidence: [
        { time: '2024-03-10T11:50:00Z', file: 'auth.log', line: 9, text: 'a\u001b[2Jb' },
        { time: '2024-03-10T11:50:01Z', file: 'auth.log', line: 10, text: long },
      ],
    });
    const lines = buildDetailLines(alert, undefined, 60).filter((l) => l.tone === 'evidence');
    expect(lines[0]).toMatchObject({ prefix: ' auth.log:9  ', text: 'a\\x1b[2Jb', full: true });
    expect(lines[1]?.prefix).toBe(' auth.log:10  ');
    expect(lines.length).toBeGreaterThan(3); // the long line continues on the next lines
    for (const l of lines) expect([...(l.prefix ?? '')].length + [...l.text].length).toBeLessThanOrEqual(60);
  });
});

describe('detail: the rule’s own facts', () => {
  it('lists each fact of the alert, arrays joined and cut past 40 items, and names a subject that is not an IP', async () => {
    const { buildDetailLines } = await import('../../src/components/detail-lines.js');
    const { makeAlert } = await import('../helpers/factories.js');
    const ports = Array.from({ length: 45 }, (_, i) => 1000 + i);
    const alert = makeAlert({ rule: 'PORT_SCAN', facts: { distinctPorts: 45, ports } });
    const text = buildDetailLines(alert, undefined, 200).map((l) => `${l.label} ${l.text}`).join('\n');
    expect(text).toContain('Facts distinctPorts: 45');
    expect(text).toContain('ports: 1000, 1001');
    expect(text).toContain('… 5 more');
    const user = makeAlert({ rule: 'DISTRIBUTED_BRUTE_FORCE', ip: null, subject: { kind: 'user', value: 'root', ip: null }, facts: { ips: ['203.0.113.1', '203.0.113.2'] } });
    const t2 = buildDetailLines(user, undefined, 200).map((l) => `${l.label} ${l.text}`).join('\n');
    expect(t2).toContain('Subject user root');
    expect(t2).toContain('ips: 203.0.113.1, 203.0.113.2');
  });
});
