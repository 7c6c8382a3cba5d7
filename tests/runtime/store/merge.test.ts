// `replay --save` merges and never changes triage (issue 6: "replay --save on a log the console
// already saw resets those alerts to new").
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/engine/model/alert.js';
import type { BlockRecord } from '../../../src/engine/model/block.js';
import { openStore } from '../../../src/runtime/store/alert-store.js';
import { growAlert, mergeBlocks } from '../../../src/runtime/store/merge.js';
import { makeAlert } from '../../helpers/factories.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tw-merge-'));
const fileOf = (dir: string): { alerts: Alert[]; blocks: BlockRecord[]; checkpoints: Record<string, unknown> } =>
  JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8'));

const triaged = makeAlert({
  id: 'A',
  count: 6,
  lastSeen: '2024-05-01T09:14:41.000Z',
  users: ['root'],
  status: 'blocked',
  history: [
    { status: 'new', at: '2024-05-01T09:14:05.000Z' },
    { status: 'blocked', at: '2024-05-01T09:20:00.000Z', note: 'confirmed' },
  ],
});
const block: BlockRecord = { ip: triaged.ip as string, backend: 'simulate', at: '2024-05-01T09:20:00.000Z', until: '2024-05-01T10:20:00.000Z', alertId: 'A', simulated: true };
// The same incident as replay sees it from the whole log: more lines, status new.
const replayed = makeAlert({
  id: 'A',
  count: 15,
  lastSeen: '2024-05-01T09:16:00.000Z',
  users: ['root', 'oracle'],
  flags: ['USERS_TRUNCATED'],
  status: 'new',
  history: [{ status: 'new', at: '2024-05-02T08:00:00.000Z' }],
  evidence: [{ time: '2024-05-01T09:16:00.000Z', file: 'auth.log', line: 99, text: 'latest line' }],
  summary: '15 failed SSH logins',
});

describe('growAlert', () => {
  it('grows count, lastSeen, users, flags and evidence, and keeps status and history', () => {
    const g = growAlert(triaged, replayed);
    expect(g).toMatchObject({ count: 15, lastSeen: replayed.lastSeen, firstSeen: triaged.firstSeen, users: ['root', 'oracle'], flags: ['USERS_TRUNCATED'], summary: '15 failed SSH logins' });
    expect(g.evidence).toEqual(replayed.evidence);
    expect(g.status).toBe('blocked');
    expect(g.history).toEqual(triaged.history);
  });

  it('never shrinks an alert from an older or shorter record', () => {
    const older = makeAlert({ id: 'A', count: 2, lastSeen: '2024-05-01T09:14:10.000Z', firstSeen: '2024-05-01T09:13:00.000Z', users: ['guest'] });
    const g = growAlert(triaged, older);
    expect(g).toMatchObject({ count: 6, lastSeen: triaged.lastSeen, firstSeen: '2024-05-01T09:13:00.000Z', users: ['root', 'guest'], status: 'blocked' });
    expect(g.evidence).toEqual(triaged.evidence);
  });

  it('is idempotent: merging the same record again changes nothing', () => {
    const once = growAlert(triaged, replayed);
    expect(growAlert(once, replayed)).toEqual(once);
  });

  it('mergeBlocks adds blocks for new addresses and never replaces one', () => {
    const other: BlockRecord = { ...block, ip: '192.0.2.9', alertId: 'B' };
    expect(mergeBlocks([block], [{ ...block, until: null, backend: 'nftables' }, other])).toEqual([block, other]);
  });
});

describe('merge mode', () => {
  it('keeps status, history and block of triaged alerts, grows their counts and adds new alerts', async () => {
    const dir = tmp();
    const w = await openStore(dir, { mode: 'writer' });
    w.upsert(triaged);
    w.upsert(makeAlert({ id: 'C', status: 'false_positive', history: [{ status: 'new', at: '2024-05-01T09:14:05.000Z' }, { status: 'false_positive', at: '2024-05-01T09:30:00.000Z' }] }));
    w.setBlocks([block]);
    w.checkpoints.set('file:/var/log/auth.log', { offset: 4096 });
    await w.close();

    const m = await openStore(dir, { mode: 'merge' });
    expect(m.alerts.map((a) => a.id)).toEqual(['A', 'C']);
    m.upsert(replayed);
    m.upsert(makeAlert({ id: 'B', ip: '192.0.2.9' }));
    m.upsert(makeAlert({ id: 'C', status: 'new', history: [{ status: 'new', at: '2024-05-02T08:00:00.000Z' }] }));
    m.setBlocks([{ ...block, until: null }]);
    await m.close();

    const file = fileOf(dir);
    const byId = new Map(file.alerts.map((a) => [a.id, a]));
    expect([...byId.keys()].sort()).toEqual(['A', 'B', 'C']);
    expect(byId.get('A')).toMatchObject({ status: 'blocked', history: triaged.history, count: 15, users: ['root', 'oracle'] });
    expect(byId.get('C')!.status).toBe('false_positive');
    expect(byId.get('B')!.status).toBe('new');
    expect(file.blocks).toEqual([block]);
    expect(file.checkpoints).toEqual({ 'file:/var/log/auth.log': { offset: 4096 } });
  });

  it('a second replay --save of the same log changes nothing', async () => {
    const dir = tmp();
    for (let i = 0; i < 2; i++) {
      const m = await openStore(dir, { mode: 'merge' });
      m.upsert(replayed);
      await m.close();
    }
    expect(fileOf(dir).alerts.map((a) => [a.id, a.count])).toEqual([['A', 15]]);
  });

  it('re-reads the file at each write and merges into what it finds there', async () => {
    const dir = tmp();
    const m = await openStore(dir, { mode: 'merge' });
    m.upsert(makeAlert({ id: 'B' }));
    await m.flush();
    // What a writer that knows no lock (an older version) might have saved meanwhile.
    writeFileSync(join(dir, 'alerts.json'), JSON.stringify({ version: 1, alerts: [triaged, makeAlert({ id: 'B', count: 40 })], blocks: [block] }));
    m.upsert(replayed);
    await m.close();
    const file = fileOf(dir);
    expect(file.alerts.map((a) => [a.id, a.count, a.status])).toEqual([
      ['B', 40, 'new'],
      ['A', 15, 'blocked'],
    ]);
    expect(file.blocks).toEqual([block]);
  });
});
