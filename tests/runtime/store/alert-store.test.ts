import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { BlockRecord } from '../../../src/console/types.js';
import { defaultDataDir, openAlertStore } from '../../../src/runtime/store/alert-store.js';
import { makeAlert } from '../../helpers/factories.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tw-store-'));
const block: BlockRecord = { ip: '203.0.113.45', backend: 'simulate', at: '2024-05-01T10:00:00.000Z', until: null, alertId: 'a1', simulated: true };

describe('alert store', () => {
  it('creates the data directory (0700) and round-trips alerts and blocks', async () => {
    const dir = join(tmp(), 'nested', 'threatwatch');
    const store = await openAlertStore(dir);
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
    expect(store.alerts).toEqual([]);
    store.upsert(makeAlert({ id: 'a1' }));
    store.upsert(makeAlert({ id: 'a2', count: 7 }));
    store.upsert(makeAlert({ id: 'a1', status: 'acknowledged' }));
    store.setBlocks([block]);
    await store.close();
    const file = JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8'));
    expect(file.version).toBe(1);
    const again = await openAlertStore(dir);
    expect(again.alerts.map((a) => [a.id, a.status])).toEqual([
      ['a2', 'new'],
      ['a1', 'acknowledged'],
    ]);
    expect(again.blocks).toEqual([block]);
    expect(again.warnings).toEqual([]);
    await again.close();
  });

  it('batches writes: 100 upserts become one write after the debounce', async () => {
    const dir = tmp();
    const store = await openAlertStore(dir, { debounceMs: 50 });
    for (let i = 0; i < 100; i++) store.upsert(makeAlert({ id: `a${i}`, count: i }));
    expect(store.writes).toBe(0);
    await vi.waitFor(() => expect(existsSync(join(dir, 'alerts.json'))).toBe(true), { timeout: 2000, interval: 10 });
    expect(store.writes).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8')).alerts).toHaveLength(100);
    await store.close();
    expect(store.writes).toBe(1); // nothing new to write
  });

  it('writes atomically through a temp file and leaves no temp file behind', async () => {
    const dir = tmp();
    const store = await openAlertStore(dir);
    store.upsert(makeAlert());
    await store.flush();
    expect(readdirSync(dir)).toEqual(['alerts.json']);
  });

  it('caps retained alerts, dropping the least recently updated', async () => {
    const dir = tmp();
    const store = await openAlertStore(dir, { maxAlerts: 2 });
    for (const id of ['a', 'b', 'c']) store.upsert(makeAlert({ id }));
    store.upsert(makeAlert({ id: 'a' }));
    await store.close();
    const reopened = await openAlertStore(dir);
    expect(reopened.alerts.map((a) => a.id)).toEqual(['c', 'a']);
  });

  it.each([
    ['not JSON', '{"version": 1, "alerts": [', 'not valid JSON'],
    ['wrong shape', '{"version": 1, "alerts": [{"id": 5}], "blocks": []}', 'unexpected content'],
    ['JSON null', 'null', 'unexpected content'],
  ])('moves a corrupt file (%s) aside with its content intact and starts empty', async (_name, content, why) => {
    const dir = tmp();
    writeFileSync(join(dir, 'alerts.json'), content);
    const store = await openAlertStore(dir, { now: () => Date.UTC(2024, 4, 1, 12, 0, 0) });
    const aside = join(dir, 'alerts.json.corrupt-20240501T120000Z');
    expect(readFileSync(aside, 'utf8')).toBe(content);
    expect(store.alerts).toEqual([]);
    expect(store.warnings).toHaveLength(1);
    expect(store.warnings[0]).toContain(why);
    expect(store.warnings[0]).toContain(aside);
    store.upsert(makeAlert());
    await store.close();
    expect(readFileSync(aside, 'utf8')).toBe(content);
  });

  it('never overwrites an earlier moved-aside file', async () => {
    const dir = tmp();
    const now = () => Date.UTC(2024, 4, 1, 12, 0, 0);
    writeFileSync(join(dir, 'alerts.json'), 'first');
    await openAlertStore(dir, { now });
    writeFileSync(join(dir, 'alerts.json'), 'second');
    await openAlertStore(dir, { now });
    expect(readFileSync(join(dir, 'alerts.json.corrupt-20240501T120000Z'), 'utf8')).toBe('first');
    expect(readFileSync(join(dir, 'alerts.json.corrupt-20240501T120000Z-2'), 'utf8')).toBe('second');
  });

  it.each([
    [{ XDG_STATE_HOME: '/var/state', HOME: '/home/ana' }, '/var/state/threatwatch'],
    [{ HOME: '/home/ana' }, '/home/ana/.local/state/threatwatch'],
    [{ XDG_STATE_HOME: 'relative', HOME: '/home/ana' }, '/home/ana/.local/state/threatwatch'],
  ])('defaultDataDir(%j) = %s', (env, expected) => {
    expect(defaultDataDir(env)).toBe(expected);
  });
});
