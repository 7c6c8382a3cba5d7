// Several processes on one data directory: kill -9 mid-flood, writer + merge, two writers.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/engine/model/alert.js';
import { openStore } from '../../../src/runtime/store/alert-store.js';
import { decodeStoreText } from '../../../src/runtime/store/store-file.js';
import { makeAlert } from '../../helpers/factories.js';
import { removeTranspiled, spawnStoreChild } from './helpers/children.js';

afterAll(removeTranspiled);

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tw-proc-'));
const readStore = (dir: string): { alerts: Alert[]; blocks: { ip: string; alertId: string | null }[]; checkpoints: Record<string, unknown> } =>
  JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8'));

describe('kill -9', () => {
  it('50 kills at random moments of a write flood: the store always parses, agrees with its checkpoint, and the next open takes over the lock', async () => {
    const dir = tmp();
    let lastSeq = 0;
    let killedMidWrite = 0;
    let child = spawnStoreChild(['flood', dir], { waitForGo: true });
    for (let round = 0; round < 50; round++) {
      child.go();
      await child.waitFor(['ready']);
      const current = child;
      if (round < 49) child = spawnStoreChild(['flood', dir], { waitForGo: true }); // starts up meanwhile
      await sleep(Math.floor(Math.random() * 40));
      current.proc.kill('SIGKILL');
      expect(await current.exited).toBe('SIGKILL');

      const names = readdirSync(dir);
      expect(names).toContain('lock'); // the dead writer's
      if (names.some((n) => n.endsWith('.tmp'))) killedMidWrite++;
      if (names.includes('alerts.json')) {
        const decoded = decodeStoreText(readFileSync(join(dir, 'alerts.json'), 'utf8'));
        if (!decoded.ok) throw new Error(`round ${round}: store does not parse: ${decoded.problem}`);
        expect(decoded.report.alerts.dropped + decoded.report.blocks.dropped).toBe(0);
        const seq = decoded.data.checkpoints.seq as number | undefined;
        const flood = decoded.data.alerts.find((a) => a.id === 'flood');
        expect(flood?.count).toBe(seq); // one atomic write: alerts and checkpoint never disagree
        expect(seq ?? 0).toBeGreaterThanOrEqual(lastSeq); // nothing saved is ever lost
        lastSeq = seq ?? 0;
      }

      const next = await openStore(dir, { mode: 'writer' });
      expect(next.warnings).toEqual([]);
      expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid).toBe(process.pid);
      expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]); // leftovers removed
      await next.close();
    }
    expect(lastSeq).toBeGreaterThan(0);
    console.log(`kill -9 loop: 50 kills, ${killedMidWrite} left a temporary file behind (killed mid-write), final seq ${lastSeq}`);
  }, 60_000);
});

describe('exit', () => {
  it('a process that exits without closing its store still saves pending changes and releases the lock', async () => {
    const dir = tmp();
    const child = spawnStoreChild(['exit', dir]);
    expect(await child.exited).toBe(0);
    const file = readStore(dir);
    expect(file.alerts.map((a) => a.id)).toEqual(['on-exit']);
    expect(file.checkpoints).toEqual({ k: 3 });
    expect(readdirSync(dir)).toEqual(['alerts.json']);
  });
});

describe('writer and merge in two processes', () => {
  it('a merge that starts while a console writes waits for it, and nothing of either is lost', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'alerts.json'), JSON.stringify({ version: 1, alerts: [makeAlert({ id: 'w1', count: 1 })], blocks: [] }), { mode: 0o600 });
    const writer = spawnStoreChild(['triage', dir, '20', '400']);
    await writer.waitFor(['ready']);
    const merge = await openStore(dir, { mode: 'merge', lockWaitMs: 10_000 }); // waits for the writer's close
    await writer.waitFor(['closed']);
    merge.upsert(makeAlert({ id: 'w1', count: 99, lastSeen: '2024-05-02T00:00:00.000Z', status: 'new' })); // replay saw more of w1
    for (let i = 1; i <= 10; i++) merge.upsert(makeAlert({ id: `r${i}`, ip: `192.0.2.${i}` }));
    merge.setBlocks([{ ip: '192.0.2.1', backend: 'simulate', at: '2024-05-02T00:00:00.000Z', until: null, alertId: 'r1', simulated: true }]);
    await merge.close();

    const file = readStore(dir);
    const byId = new Map(file.alerts.map((a) => [a.id, a]));
    for (let i = 1; i <= 40; i++) expect(byId.get(`w${i}`)?.status, `w${i}`).toBe(i <= 20 ? 'acknowledged' : 'resolved');
    for (let i = 1; i <= 10; i++) expect(byId.has(`r${i}`), `r${i}`).toBe(true);
    expect(byId.get('w1')).toMatchObject({ count: 99, status: 'acknowledged' });
    expect(byId.get('w1')!.history.map((h) => h.status)).toEqual(['new', 'acknowledged']);
    expect(file.blocks.map((b) => b.alertId)).toEqual(['w1', 'r1']);
    expect(file.checkpoints).toEqual({ 'file:auth.log': { offset: 1234 } });
  });

  it('a console that starts during a merge waits for it, and keeps what the merge added', async () => {
    const dir = tmp();
    const merge = await openStore(dir, { mode: 'merge' });
    for (let i = 1; i <= 10; i++) merge.upsert(makeAlert({ id: `r${i}` }));
    const writer = spawnStoreChild(['triage', dir, '5', '50']);
    await sleep(300);
    await merge.close();
    await writer.waitFor(['closed']);
    const ids = readStore(dir).alerts.map((a) => a.id).sort();
    expect(ids).toEqual([...Array.from({ length: 10 }, (_, i) => `r${i + 1}`), ...Array.from({ length: 10 }, (_, i) => `w${i + 1}`)].sort());
  });
});

describe('two writers in two processes', () => {
  it('the second is refused, naming the pid of the first', async () => {
    const dir = tmp();
    const first = spawnStoreChild(['hold', dir]);
    await first.waitFor(['ready']);
    const second = spawnStoreChild(['hold', dir]);
    const line = await second.waitFor(['error', 'ready']);
    expect(line).toContain(`in use by threatwatch-tui pid ${first.proc.pid}`);
    expect(line).toContain('--readonly');
    expect(await second.exited).toBe(2);
    first.proc.kill('SIGKILL');
    await first.exited;
  });

  it('two starts racing for one stale lock: exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const dir = tmp();
      writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: 2 ** 22 + 1, token: 'dead', startedAt: 'then', mode: 'writer', procStart: null }));
      const a = spawnStoreChild(['hold', dir]);
      const b = spawnStoreChild(['hold', dir]);
      const lines = await Promise.all([a.waitFor(['ready', 'error']), b.waitFor(['ready', 'error'])]);
      expect(lines.filter((l) => l === 'ready')).toHaveLength(1);
      const winner = lines[0] === 'ready' ? a : b;
      expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid).toBe(winner.proc.pid);
      a.proc.kill('SIGKILL');
      b.proc.kill('SIGKILL');
      await Promise.all([a.exited, b.exited]);
    }
  }, 30_000);
});
