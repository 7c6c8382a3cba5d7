import { describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH } from '../../../src/engine/parsers/types.js';
import { LineSplitter } from '../../../src/plugins/sources/line-splitter.js';

describe('LineSplitter', () => {
  it('returns only complete lines and holds the partial last one until its newline', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('one\ntw'))).toEqual(['one']);
    expect(s.holding).toBe(true);
    expect(s.push(Buffer.from('o\nthree'))).toEqual(['two']);
    expect(s.push(Buffer.from('\n'))).toEqual(['three']);
    expect(s.holding).toBe(false);
  });

  it('decodes a UTF-8 character split across two chunks', () => {
    const bytes = Buffer.from('usér ✓\n', 'utf8');
    const s = new LineSplitter();
    const out: string[] = [];
    for (const b of bytes) out.push(...s.push(Buffer.from([b])));
    expect(out).toEqual(['usér ✓']);
  });

  it('replaces invalid UTF-8 with U+FFFD instead of failing', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from([0x61, 0xff, 0x62, 0x0a]))).toEqual(['a\ufffdb']);
  });

  it('drops a trailing CR (CRLF files)', () => {
    expect(new LineSplitter().push(Buffer.from('a\r\nb\n'))).toEqual(['a', 'b']);
  });

  it('cuts an over-long line just past the limit and keeps going with the next line', () => {
    const s = new LineSplitter();
    const long = 'x'.repeat(MAX_LINE_LENGTH * 2);
    const out = [...s.push(Buffer.from(long.slice(0, 70_000))), ...s.push(Buffer.from(`${long.slice(70_000)}\nnext\n`))];
    expect(out).toHaveLength(2);
    expect(out[0]).toHaveLength(MAX_LINE_LENGTH + 1);
    expect(out[1]).toBe('next');
  });

  it('flush returns the unterminated rest once, reset forgets it', () => {
    const s = new LineSplitter();
    s.push(Buffer.from('tail'));
    expect(s.flush()).toBe('tail');
    expect(s.flush()).toBeNull();
    s.push(Buffer.from('gone'));
    s.reset();
    expect(s.push(Buffer.from('\n'))).toEqual(['']);
  });

  it('gives the same lines for plain ASCII chunks as for chunks with multi-byte text', () => {
    const ascii = 'Mar  3 00:00:03 web-02 sshd[1]: Failed password for root from 1.2.3.4 port 22 ssh2\r\nsecond\n\nthird\n';
    expect(new LineSplitter().push(Buffer.from(ascii))).toEqual([
      'Mar  3 00:00:03 web-02 sshd[1]: Failed password for root from 1.2.3.4 port 22 ssh2',
      'second',
      '',
      'third',
    ]);
    const mixed = Buffer.concat([Buffer.from('plain\n'), Buffer.from('usér\n', 'utf8'), Buffer.from([0x62, 0xc3, 0x0a])]);
    expect(new LineSplitter().push(mixed)).toEqual(['plain', 'usér', 'b\ufffd']);
  });

  it('cuts an over-long ASCII line that arrives whole in one chunk', () => {
    const long = 'y'.repeat(MAX_LINE_LENGTH + 500);
    const out = new LineSplitter().push(Buffer.from(`short\n${long}\nafter\n`));
    expect(out).toHaveLength(3);
    expect(out[1]).toBe('y'.repeat(MAX_LINE_LENGTH + 1));
    expect(out[2]).toBe('after');
  });

  it('joins a line split between an ASCII chunk and the next one', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('one\ntwo and a half'))).toEqual(['one']);
    expect(s.push(Buffer.from(' é\r\n'))).toEqual(['two and a half é']);
  });
});
