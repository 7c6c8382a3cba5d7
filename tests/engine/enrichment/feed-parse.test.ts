import { describe, expect, it } from 'vitest';
import { parseFeed, splitCsvLine } from '../../../src/engine/enrichment/feed-parse.js';
import { parseNetwork } from '../../../src/engine/enrichment/network.js';

describe('parseNetwork', () => {
  it.each([
    ['203.0.113.7', 'ipv4', 32, '203.0.113.7'],
    ['10.0.0.0/8', 'ipv4', 8, '10.0.0.0/8'],
    ['10.1.2.3/8', 'ipv4', 8, '10.0.0.0/8'],
    ['0.0.0.0/0', 'ipv4', 0, '0.0.0.0/0'],
    ['2001:DB8:BAD::/48', 'ipv6', 48, '2001:db8:bad::/48'],
    ['2001:0db8:0000:0000:0000:0000:0000:0045', 'ipv6', 128, '2001:db8::45'],
    ['::ffff:198.51.100.0/120', 'ipv4', 24, '198.51.100.0/24'],
  ])('%s → %s /%i %s', (text, kind, prefix, canonical) => {
    const n = parseNetwork(text);
    expect(n).toMatchObject({ kind, prefix, text: canonical });
  });

  it.each(['scanner.example.net', '10.0.0.0/33', '2001:db8::/129', '1.2.3.4/', '1.2.3.4/x', '010.0.0.1', '1.2.3.4-1.2.3.9', ''])('rejects %j', (text) => {
    expect(typeof parseNetwork(text)).toBe('string');
  });
});

describe('splitCsvLine', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['"a, b",c', ['a, b', 'c']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['a,,', ['a', '', '']],
  ])('%s', (line, fields) => {
    expect(splitCsvLine(line)).toEqual(fields);
  });
  it('returns null for an unterminated quote', () => {
    expect(splitCsvLine('"open,x')).toBeNull();
  });
});

describe('parseFeed', () => {
  it('reads CSV with a header in any column order, quoted fields, comments', () => {
    const text = '# comment\nsource,ip,reason\nhoneypot,198.51.100.23,"SSH brute force, many users"\n,203.0.113.0/26,\n';
    const { entries, errors } = parseFeed(text, '/x/intel/blacklist.csv');
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      expect.objectContaining({ entry: '198.51.100.23', reason: 'SSH brute force, many users', source: 'honeypot', file: 'blacklist.csv', line: 3 }),
      expect.objectContaining({ entry: '203.0.113.0/26', reason: null, source: null, line: 4 }),
    ]);
  });

  it('reports a malformed row with its line number and keeps going', () => {
    const { entries, errors } = parseFeed('ip,reason\n198.51.100.1,ok\nnot-an-ip,bad\n"unterminated,x\n2001:db8::1,ok\n', 'feed.csv');
    expect(entries.map((e) => e.entry)).toEqual(['198.51.100.1', '2001:db8::1']);
    expect(errors.map((e) => [e.file, e.line])).toEqual([
      ['feed.csv', 3],
      ['feed.csv', 4],
    ]);
    expect(errors[0]!.message).toContain('not-an-ip');
  });

  it('reads a headerless .csv as ip,reason,source', () => {
    const { entries } = parseFeed('198.51.100.9,scanner,sensor-1\n', 'x.csv');
    expect(entries[0]).toMatchObject({ entry: '198.51.100.9', reason: 'scanner', source: 'sensor-1' });
  });

  it('reads Spamhaus DROP lines; the text after ";" becomes the reason', () => {
    const text = '; Spamhaus DROP List 2024/05/01\n; Last-Modified: x\n1.10.16.0/20 ; SBL256894\n2.56.192.0/22 ; SBL459831\n';
    const { entries, errors } = parseFeed(text, 'drop.txt');
    expect(errors).toEqual([]);
    expect(entries.map((e) => [e.entry, e.reason])).toEqual([
      ['1.10.16.0/20', 'SBL256894'],
      ['2.56.192.0/22', 'SBL459831'],
    ]);
  });

  it('reads FireHOL .netset / .ipset lists with # comments, IPv4 and IPv6', () => {
    const text = '#\n# firehol_level1\n#\n0.0.0.0/8\n192.0.2.66\n2001:db8:bad::/48 # inline comment\n\n';
    const { entries, errors } = parseFeed(text, 'firehol_level1.netset');
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.network.text)).toEqual(['0.0.0.0/8', '192.0.2.66', '2001:db8:bad::/48']);
    expect(entries.map((e) => e.line)).toEqual([4, 5, 6]);
  });

  it('handles CRLF line endings and a BOM', () => {
    const { entries, errors } = parseFeed('\ufeffip,reason\r\n198.51.100.1,x\r\n', 'f.csv');
    expect(errors).toEqual([]);
    expect(entries).toHaveLength(1);
  });
});
