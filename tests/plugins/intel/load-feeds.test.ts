import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot, IntelFeedError, loadIntelFeeds, shippedFeedPath } from '../../../src/plugins/intel/load-feeds.js';

describe('loadIntelFeeds', () => {
  it('loads the shipped feed by default (documentation ranges only)', async () => {
    const feeds = await loadIntelFeeds();
    expect(feeds.files).toEqual([shippedFeedPath()]);
    expect(feeds.diagnostics).toEqual([]);
    expect(feeds.index.size).toBeGreaterThanOrEqual(5);
    expect(feeds.index.lookup('203.0.113.200')[0]).toMatchObject({ file: 'blacklist.csv', entry: '203.0.113.200' });
    expect(feeds.index.lookup('2001:db8:bad::7')).toHaveLength(1);
    expect(feeds.index.lookup('8.8.8.8')).toEqual([]);
  });

  it('finds the package root from both the src and the dist layout', () => {
    const root = findPackageRoot();
    expect(findPackageRoot(join(root, 'dist', 'engine', 'intel-feeds'))).toBe(root);
    expect(findPackageRoot(join(root, 'src', 'engine', 'intel-feeds'))).toBe(root);
  });

  it('adds extra feeds; a malformed row is a diagnostic with file:line, the rest still loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-intel-'));
    const extra = join(dir, 'extra.netset');
    writeFileSync(extra, '# mine\n192.0.2.1\nbogus-entry\n192.0.2.128/25\n');
    const feeds = await loadIntelFeeds([extra]);
    expect(feeds.files).toEqual([shippedFeedPath(), extra]);
    expect(feeds.diagnostics).toEqual([expect.objectContaining({ kind: 'bad-intel-row', file: extra, line: 3 })]);
    expect(feeds.diagnostics[0]!.message).toContain(`${extra}:3`);
    expect(feeds.index.lookup('192.0.2.200')[0]).toMatchObject({ file: 'extra.netset', entry: '192.0.2.128/25' });
  });

  it('a missing feed is an error naming the file', async () => {
    const missing = join(tmpdir(), 'tw-no-such-feed.csv');
    await expect(loadIntelFeeds({ extraPaths: [missing], includeShipped: false })).rejects.toThrow(IntelFeedError);
    await expect(loadIntelFeeds([missing])).rejects.toThrow(`Cannot read intel feed ${missing}: no such file`);
  });
});
