// Threat intel that reloads live: an edit applies within a second, a broken edit keeps the last
// good list and names file and line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IntelIndex } from '../../src/engine/enrichment/intel-index.js';
import type { Diagnostic } from '../../src/engine/snapshot/types.js';
import { watchIntelFeeds } from '../../src/runtime/intel-reload.js';

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('live intel reload', () => {
  it('applies an edit within a second; a broken edit keeps the last good entries and names file:line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-intel-'));
    const feed = join(dir, 'feed.netset');
    writeFileSync(feed, '# test feed\n198.51.100.0/24\n');
    const indexes: IntelIndex[] = [];
    const diags: Diagnostic[] = [];
    const r = watchIntelFeeds({ paths: [feed], onIndex: (i) => indexes.push(i), diagnostic: (d) => diags.push(d), debounceMs: 50, usePolling: true });
    await r.ready;
    await new Promise((res) => setTimeout(res, 300));
    writeFileSync(feed, '# test feed\n198.51.100.0/24\n203.0.113.77\n');
    await until(() => indexes.length === 1); // applied after a 50 ms debounce here, 200 ms by default
    expect(indexes[0]!.lookup('203.0.113.77').map((m) => m.entry)).toEqual(['203.0.113.77']);
    expect(indexes[0]!.lookup('198.51.100.9')).toHaveLength(1);

    writeFileSync(feed, '# test feed\n198.51.100.0/24\nnot-an-address\n');
    await until(() => diags.some((d) => d.line === 3));
    const bad = diags.find((d) => d.line === 3)!;
    expect(bad.message).toContain(`${feed}:3`);
    expect(bad.message).toContain('last good');
    expect(indexes).toHaveLength(1); // the list in force is still the last good one
    await r.close();
  });
});
