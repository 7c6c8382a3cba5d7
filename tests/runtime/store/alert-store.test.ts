import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { BlockRecord } from '../../../src/engine/model/block.js';
import { defaultDataDir, openAlertStore, openStore, type AlertStore, type OpenStoreOptions } from '../../../src/runtime/store/alert-store.js';
import { makeAlert } from '../../helpers/factories.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tw-store-'));
const block: BlockRecord = { ip: '203.0.113.45', backend: 'simulate', at: '2024-05-01T10:00:00.000Z', until: null, alertId: 'a1', simulated: true };
const writer = (dir: string, opts: Omit<OpenStoreOptions, 'mode'> = {}): Promise<AlertStore> => openStore(dir, { mode: 'writer', ...opts });
const fileOf = (dir: string): { version: number; alerts: { id: string; count: number }[]; blocks: BlockRecord[]; checkpoints: Record<string, unknown> } =>
  JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8'));

describe('alert store', () => {
  it('creates the data directory (0700) and round-trips alerts and blocks', async () => {
    const dir = join(tmp(), 'nested', 'threatwatch');
    const store = await writer(dir);
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
    expect(store.alerts).toEqual([]);
    store.upsert(makeAlert({ id: 'a1' }));
    store.upsert(makeAlert({ id: 'a2', count: 7 }));
    store.upsert(makeAlert({ id: 'a1', status: 'acknowledged' }));
    store.setBlocks([block]);
    await store.close();
    expect(fileOf(dir).version).toBe(1);
    const again = await writer(dir);
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
    const store = await writer(dir, { debounceMs: 50 });
    for (let i = 0; i < 100; i++) store.upsert(makeAlert({ id: `a${i}`, count: i }));
    expect(store.writes).toBe(0);
    await vi.waitFor(() => expect(existsSync(join(dir, 'alerts.json'))).toBe(true), { timeout: 2000, interval: 10 });
    expect(store.writes).toBe(1);
    expect(fileOf(dir).alerts).toHaveLength(100);
    await store.close();
    expect(store.writes).toBe(1); // nothing new to write
  });

  it('leaves no temporary file behind, and only the lock while open', async () => {
    const dir = tmp();
    const store = await writer(dir);
    store.upsert(makeAlert());
    await store.flush();
    expect(readdirSync(dir).sort()).toEqual(['alerts.json', 'lock']);
    await store.close();
    expect(readdirSync(dir)).toEqual(['alerts.json']);
  });

  it('caps retained alerts, dropping the least recently updated', async () => {
    const dir = tmp();
    const store = await writer(dir, { maxAlerts: 2 });
    for (const id of ['a', 'b', 'c']) store.upsert(makeAlert({ id }));
    store.upsert(makeAlert({ id: 'a' }));
    await store.close();
    const reopened = await writer(dir);
    expect(reopened.alerts.map((a) => a.id)).toEqual(['c', 'a']);
    await reopened.close();
  });

  it.each([
    ['not JSON', '{"version": 1, "alerts": [', 'not valid JSON'],
    ['JSON null', 'null', 'unexpected content'],
    ['a newer version', '{"version": 2, "alerts": [], "blocks": []}', 'unexpected content at version'],
    ['alerts not a list', '{"version": 1, "alerts": {}, "blocks": []}', 'unexpected content at alerts'],
  ])('moves a file that is not a store (%s) aside with its content intact and starts empty', async (_name, content, why) => {
    const dir = tmp();
    writeFileSync(join(dir, 'alerts.json'), content);
    const store = await writer(dir, { now: () => Date.UTC(2024, 4, 1, 12, 0, 0) });
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
    await (await writer(dir, { now })).close();
    writeFileSync(join(dir, 'alerts.json'), 'second');
    await (await writer(dir, { now })).close();
    expect(readFileSync(join(dir, 'alerts.json.corrupt-20240501T120000Z'), 'utf8')).toBe('first');
    expect(readFileSync(join(dir, 'alerts.json.corrupt-20240501T120000Z-2'), 'utf8')).toBe('second');
  });

  it('never quotes the file in its warning', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'alerts.json'), 'root:$6$secret-hash:19000:0:99999:7:::\n');
    const store = await writer(dir);
    expect(store.warnings.join('\n')).not.toMatch(/secret|root:/);
    await store.close();
  });

  it('openAlertStore is the writer mode under its old name', async () => {
    const dir = tmp();
    const store = await openAlertStore(dir, { debounceMs: 10 });
    expect(store.mode).toBe('writer');
    expect(existsSync(join(dir, 'lock'))).toBe(true);
    await store.close();
  });

  it.each([
    [{ XDG_STATE_HOME: '/var/state', HOME: '/home/ana' }, '/var/state/threatwatch'],
    [{ HOME: '/home/ana' }, '/home/ana/.local/state/threatwatch'],
    [{ XDG_STATE_HOME: 'relative', HOME: '/home/ana' }, '/home/ana/.local/state/threatwatch'],
  ])('defaultDataDir(%j) = %s', (env, expected) => {
    expect(defaultDataDir(env)).toBe(expected);
  });
});

describe('tolerant load', () => {
  const good = (id: string): unknown => makeAlert({ id });

  it('accepts a store that starts with a UTF-8 byte order mark', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'alerts.json'), `\uFEFF${JSON.stringify({ version: 1, alerts: [good('a1')], blocks: [block] })}`);
    const store = await writer(dir);
    expect(store.warnings).toEqual([]);
    expect(store.alerts.map((a) => a.id)).toEqual(['a1']);
    expect(store.blocks).toEqual([block]);
    expect(readdirSync(dir).filter((n) => n.includes('corrupt'))).toEqual([]);
    await store.close();
  });

  it('drops only the invalid records, keeps the rest, says how many, and keeps a copy of the original', async () => {
    const dir = tmp();
    // What a forged "PAM <400 digits> more authentication failures" left behind: a count of Infinity, saved as null.
    const text = JSON.stringify({
      version: 1,
      alerts: [good('a1'), { ...(good('bad') as object), count: null }, good('a3')],
      blocks: [block, { ...block, ip: '' }],
    });
    writeFileSync(join(dir, 'alerts.json'), text);
    const store = await writer(dir, { now: () => Date.UTC(2024, 4, 1, 12, 0, 0) });
    expect(store.alerts.map((a) => a.id)).toEqual(['a1', 'a3']);
    expect(store.blocks).toEqual([block]);
    expect(store.warnings).toHaveLength(1);
    expect(store.warnings[0]).toContain('dropped 1 of 3 alerts and 1 of 2 blocks');
    expect(store.warnings[0]).toContain('alerts[1].count');
    const copy = join(dir, 'alerts.json.rejected-20240501T120000Z');
    expect(store.warnings[0]).toContain(copy);
    expect(readFileSync(copy, 'utf8')).toBe(text);
    expect((statSync(copy).mode & 0o777).toString(8)).toBe('600');
    expect(readdirSync(dir).filter((n) => n.includes('corrupt'))).toEqual([]);
    await store.close();
    expect(fileOf(dir).alerts.map((a) => a.id)).toEqual(['a1', 'a3']);
  });

  it.each([
    ['Infinity (as 1e999)', '1e999'],
    ['negative', '-1'],
    ['fractional', '2.5'],
    ['beyond 2^53', '1e300'],
    ['a string', '"6"'],
  ])('bounds numbers: a count that is %s is an invalid record', async (_name, raw) => {
    const dir = tmp();
    const one = JSON.stringify(good('a1'));
    const bad = JSON.stringify(good('bad')).replace(/"count":\d+/, `"count":${raw}`);
    writeFileSync(join(dir, 'alerts.json'), `{"version":1,"alerts":[${one},${bad}],"blocks":[]}`);
    const store = await writer(dir);
    expect(store.alerts.map((a) => a.id)).toEqual(['a1']);
    expect(store.warnings[0]).toContain('dropped 1 of 2 alerts');
    await store.close();
  });

  it('keeps the subject and facts of an alert as written', async () => {
    const dir = tmp();
    const withSubject = { ...(good('a1') as object), subject: { kind: 'ip', value: '203.0.113.45', ip: '203.0.113.45' }, facts: { ports: [22, 80] } };
    writeFileSync(join(dir, 'alerts.json'), JSON.stringify({ version: 1, alerts: [withSubject], blocks: [] }));
    const store = await writer(dir);
    expect(store.alerts[0]).toEqual(withSubject);
    await store.close();
  });
});

describe('checkpoints', () => {
  it('saves opaque JSON per key in alerts.json, with the alerts, and loads it back', async () => {
    const dir = tmp();
    const store = await writer(dir, { debounceMs: 10 });
    const offset = { dev: 2049, ino: 131, offset: 8192, fingerprint: 'ab12', open: [{ id: 'x', count: 3 }] };
    store.upsert(makeAlert({ id: 'a1' }));
    store.checkpoints.set('file:/var/log/auth.log', offset);
    offset.offset = 1; // copied at set time
    await vi.waitFor(() => expect(existsSync(join(dir, 'alerts.json'))).toBe(true), { timeout: 2000, interval: 5 });
    expect(store.writes).toBe(1); // one write for both
    expect(fileOf(dir).checkpoints['file:/var/log/auth.log']).toMatchObject({ offset: 8192 });
    await store.close();
    const again = await writer(dir);
    expect(again.checkpoints.get('file:/var/log/auth.log')).toMatchObject({ offset: 8192, open: [{ id: 'x', count: 3 }] });
    expect(again.checkpoints.keys()).toEqual(['file:/var/log/auth.log']);
    again.checkpoints.delete('file:/var/log/auth.log');
    await again.close();
    expect(fileOf(dir).checkpoints).toEqual({});
  });

  it('refuses a value that is not JSON at set time', async () => {
    const store = await writer(tmp());
    expect(() => store.checkpoints.set('k', undefined)).toThrow(/not JSON/);
    expect(() => store.checkpoints.set('k', 10n)).toThrow();
    await store.close();
  });

  it('loads a store written before checkpoints existed', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'alerts.json'), JSON.stringify({ version: 1, alerts: [], blocks: [] }));
    const store = await writer(dir);
    expect(store.warnings).toEqual([]);
    expect(store.checkpoints.keys()).toEqual([]);
    await store.close();
  });
});

describe('read-only mode', () => {
  it('takes no lock, never writes, and opens while a writer holds the directory', async () => {
    const dir = tmp();
    const w = await writer(dir);
    w.upsert(makeAlert({ id: 'a1' }));
    await w.flush();
    const before = readFileSync(join(dir, 'alerts.json'), 'utf8');
    const ro = await openStore(dir, { mode: 'readonly', debounceMs: 1 });
    expect(ro.alerts.map((a) => a.id)).toEqual(['a1']);
    ro.upsert(makeAlert({ id: 'a2' }));
    ro.checkpoints.set('k', 1);
    await ro.flush();
    ro.flushSync();
    await ro.close();
    expect(ro.writes).toBe(0);
    expect(readFileSync(join(dir, 'alerts.json'), 'utf8')).toBe(before);
    expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid).toBe(process.pid); // the writer's, untouched
    await w.close();
  });

  it('does not create a missing directory, nor move a corrupt file aside', async () => {
    const missing = join(tmp(), 'nope');
    const ro = await openStore(missing, { mode: 'readonly' });
    expect(ro.alerts).toEqual([]);
    expect(existsSync(missing)).toBe(false);
    const dir = tmp();
    writeFileSync(join(dir, 'alerts.json'), 'garbage');
    const ro2 = await openStore(dir, { mode: 'readonly' });
    expect(ro2.warnings[0]).toContain('read-only');
    expect(readdirSync(dir)).toEqual(['alerts.json']);
  });
});

describe('flushSync', () => {
  it('writes pending changes synchronously, for exit paths', async () => {
    const dir = tmp();
    const store = await writer(dir, { debounceMs: 60_000 });
    store.upsert(makeAlert({ id: 'a1' }));
    store.checkpoints.set('k', { offset: 5 });
    store.flushSync();
    expect(fileOf(dir).alerts.map((a) => a.id)).toEqual(['a1']);
    expect(fileOf(dir).checkpoints).toEqual({ k: { offset: 5 } });
    expect((statSync(join(dir, 'alerts.json')).mode & 0o777).toString(8)).toBe('600');
    await store.close();
  });

  it('is not undone by an async write that was already in flight', async () => {
    const dir = tmp();
    const store = await writer(dir, { debounceMs: 60_000 });
    store.upsert(makeAlert({ id: 'a1', count: 1 }));
    const inFlight = store.flush();
    await new Promise((r) => setImmediate(r)); // the async write has taken count 1 and is writing it
    store.upsert(makeAlert({ id: 'a1', count: 2 }));
    store.flushSync();
    await inFlight; // its rename may land after flushSync's
    await vi.waitFor(() => expect(fileOf(dir).alerts.map((a) => a.count)).toEqual([2]), { timeout: 2000, interval: 5 });
    await store.close();
    expect(fileOf(dir).alerts.map((a) => a.count)).toEqual([2]);
  });
});
