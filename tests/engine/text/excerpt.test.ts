import { describe, expect, it } from 'vitest';
import { cutMarker, detach, EVIDENCE_TEXT_LIMIT, excerpt, PENDING_TEXT_LIMIT, stringBytes } from '../../../src/engine/text/excerpt.js';

describe('excerpt', () => {
  it('keeps a text within the limit as it is', () => {
    const line = 'May  1 09:14:00 bastion-01 sshd[1]: Failed password for root from 203.0.113.45 port 1 ssh2';
    expect(excerpt(line, PENDING_TEXT_LIMIT)).toBe(line);
    expect(excerpt('x'.repeat(1024), 1024)).toBe('x'.repeat(1024));
  });

  it('cuts a longer text to the limit and says how much was cut', () => {
    const line = 'a'.repeat(60_000);
    const cut = excerpt(line, PENDING_TEXT_LIMIT);
    expect(cut).toBe('a'.repeat(1024) + '…[+58976 chars]');
    expect(cut.endsWith(cutMarker(60_000, 1024))).toBe(true);
    expect(excerpt(line, EVIDENCE_TEXT_LIMIT)).toHaveLength(4096 + '…[+55904 chars]'.length);
  });

  it('never splits a surrogate pair', () => {
    const line = 'x'.repeat(1023) + '😀' + 'y'.repeat(10);
    const cut = excerpt(line, 1024);
    expect(cut.startsWith('x'.repeat(1023) + '…')).toBe(true);
    expect(cut).toBe('x'.repeat(1023) + '…[+12 chars]');
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut)).toBe(false);
  });

  it('detach copies the characters exactly', () => {
    const parent = 'p'.repeat(1000) + 'the user name we keep' + 'q'.repeat(1000);
    const view = parent.slice(1000, 1021);
    expect(detach(view)).toBe('the user name we keep');
    expect(detach('short')).toBe('short');
    expect(detach('')).toBe('');
  });

  it('estimates bytes as characters plus a fixed overhead', () => {
    expect(stringBytes(null)).toBe(0);
    expect(stringBytes('abc')).toBe(stringBytes('') + 3);
  });
});
