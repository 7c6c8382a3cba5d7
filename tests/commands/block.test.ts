// The pure parts of block/unblock/blocks: --for durations, records as they stand now, the table.
import { describe, expect, it } from 'vitest';
import { parseBlockDuration } from '../../src/commands/block-duration.js';
import { blockViews, blocksTable, timeLeft } from '../../src/commands/blocks.js';
import type { BlockRecord } from '../../src/engine/model/block.js';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const rec = (over: Partial<BlockRecord>): BlockRecord => ({
  ip: '203.0.113.45',
  backend: 'simulate',
  at: '2026-03-02T09:00:00.000Z',
  until: null,
  alertId: null,
  simulated: true,
  ...over,
});

describe('--for DURATION', () => {
  it.each([
    ['90s', 90],
    ['10m', 600],
    ['1h', 3600],
    ['7d', 604_800],
    ['2w', 1_209_600],
    [' 1H ', 3600],
    ['permanent', null],
  ])('%s is %s seconds', (text, seconds) => {
    expect(parseBlockDuration(text)).toEqual({ ok: true, seconds });
  });

  it.each(['', '10', '1.5h', '-1h', '0s', '1y', 'forever', '1h30m', '99999w', '10 m'])('refuses %j', (text) => {
    expect(parseBlockDuration(text)).toMatchObject({ ok: false, message: expect.any(String) });
  });
});

describe('blocks view', () => {
  it('fills in the state, reads a block past its time as expired, and counts the seconds left', () => {
    const records = [
      rec({ ip: '203.0.113.1', until: '2026-03-02T10:10:00.000Z' }),
      rec({ ip: '203.0.113.2', until: '2026-03-02T09:59:59.000Z' }),
      rec({ ip: '203.0.113.3', state: 'unblocked', endedAt: '2026-03-02T09:30:00.000Z' }),
      rec({ ip: '198.51.100.0/24' }),
      rec({ ip: '203.0.113.4', backend: 'nftables', simulated: false, state: 'failed', error: 'nft: command not found' }),
    ];
    expect(blockViews(records, NOW, false).map((v) => [v.ip, v.state, v.secondsLeft])).toEqual([
      ['203.0.113.1', 'active', 600],
      ['198.51.100.0/24', 'active', null],
    ]);
    expect(blockViews(records, NOW, true).map((v) => v.state)).toEqual(['active', 'expired', 'unblocked', 'active', 'failed']);
    const table = blocksTable(blockViews(records, NOW, true)).split('\n');
    expect(table[0]).toMatch(/^TARGET\s+STATE\s+BACKEND\s+LEFT\s+PLACED\s+BY\s+NOTE$/);
    expect(table[1]).toMatch(/^203\.0\.113\.1\s+active\s+simulate\s+10m 00s\s+2026-03-02 09:00:00Z/);
    expect(table[4]).toMatch(/^198\.51\.100\.0\/24\s+active\s+simulate\s+permanent/);
    expect(table[5]).toMatch(/failed\s+nftables\s+-\s+.*nft: command not found$/);
  });

  it('escapes control characters from the store before they reach the terminal', () => {
    const table = blocksTable(blockViews([rec({ state: 'failed', error: 'boom\u001b[2J' })], NOW, true));
    expect(table).not.toContain('\u001b');
    expect(table).toContain('boom\\x1b[2J');
  });

  it.each([
    [45, '45s'],
    [200, '3m 20s'],
    [7500, '2h 05m'],
    [273_600, '3d 4h'],
  ])('time left %s s reads %s', (s, text) => {
    expect(timeLeft(s)).toBe(text);
  });
});
