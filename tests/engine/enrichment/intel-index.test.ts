import { describe, expect, it } from 'vitest';
import { escalate } from '../../../src/engine/enrichment/escalate.js';
import { parseFeed } from '../../../src/engine/enrichment/feed-parse.js';
import { buildIntelIndex } from '../../../src/engine/enrichment/intel-index.js';

const feed = parseFeed(
  [
    'ip,reason,source',
    '203.0.113.0/26,scanning network,abuse-feed',
    '203.0.113.45,brute force,honeypot',
    '198.51.100.23,stuffing,honeypot',
    '2001:db8:bad::/48,abusive v6,drop',
    '2001:db8:bad:1::/64,narrower v6,drop',
    '0.0.0.0/0,everything,test-all',
  ].join('\n'),
  'blacklist.csv',
).entries;

describe('intel index', () => {
  const index = buildIntelIndex(feed.filter((e) => e.entry !== '0.0.0.0/0'));

  it.each([
    ['203.0.113.45', ['203.0.113.45', '203.0.113.0/26']],
    ['203.0.113.63', ['203.0.113.0/26']],
    ['203.0.113.64', []],
    ['198.51.100.23', ['198.51.100.23']],
    ['::ffff:198.51.100.23', ['198.51.100.23']],
    ['2001:db8:bad:1::99', ['2001:db8:bad:1::/64', '2001:db8:bad::/48']],
    ['2001:0DB8:0BAD:0002:0000:0000:0000:0001', ['2001:db8:bad::/48']],
    ['2001:db8:bae::1', []],
    ['not-an-ip', []],
  ])('%s matches %j (most specific first)', (ip, entries) => {
    expect(index.lookup(ip).map((m) => m.entry)).toEqual(entries);
  });

  it('returns file, entry, reason and source for each match', () => {
    expect(index.lookup('198.51.100.23')).toEqual([{ file: 'blacklist.csv', entry: '198.51.100.23', reason: 'stuffing', source: 'honeypot' }]);
  });

  it('a /0 entry matches every IPv4 address', () => {
    const all = buildIntelIndex(feed);
    expect(all.lookup('8.8.8.8').map((m) => m.entry)).toEqual(['0.0.0.0/0']);
    expect(all.lookup('2001:db8::1')).toEqual([]);
  });

  it('the same entry listed twice in one file is indexed once; in two files, twice', () => {
    const a = parseFeed('192.0.2.1\n192.0.2.1\n', 'a.txt').entries;
    const b = parseFeed('192.0.2.1\n', 'b.txt').entries;
    const idx = buildIntelIndex([...a, ...b]);
    expect(idx.size).toBe(2);
    expect(idx.lookup('192.0.2.1').map((m) => m.file)).toEqual(['a.txt', 'b.txt']);
  });

  it('builds 100,000 entries well under a second and looks up fast', () => {
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) lines.push(`10.${(i >> 8) & 255}.${i & 255}.0/24`);
    for (let i = 0; i < 50_000; i++) lines.push(`2001:db8:${i.toString(16)}::/48`);
    const parsed = parseFeed(lines.join('\n'), 'big.netset').entries;
    const idx = buildIntelIndex(parsed);
    expect(idx.size).toBe(100_000);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) hits += idx.lookup(`10.0.${i & 255}.7`).length;
    expect(hits).toBe(100_000);
    expect(idx.lookup('10.0.5.7').map((m) => m.entry)).toEqual(['10.0.5.0/24']);
    expect(idx.lookup('2001:db8:ff::1').map((m) => m.entry)).toEqual(['2001:db8:ff::/48']);
  });
});

describe('escalate', () => {
  const match = [{ file: 'f', entry: 'e', reason: null, source: null }];
  it.each([
    ['HIGH', 'CRITICAL'],
    ['CRITICAL', 'CRITICAL'],
    ['MEDIUM', 'HIGH'],
    ['LOW', 'HIGH'],
  ] as const)('a known threat raises %s to %s and flags KNOWN_THREAT', (from, to) => {
    expect(escalate(from, match)).toEqual({ severity: to, flags: ['KNOWN_THREAT'] });
  });
  it('no match leaves the severity alone', () => {
    expect(escalate('HIGH', [])).toEqual({ severity: 'HIGH', flags: [] });
  });
});
