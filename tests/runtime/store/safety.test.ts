// A store that cannot be turned against its owner (issue 8, Security 1) and one-line errors at the
// edges (Reliability 11).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../src/cli/errors.js';
import { StoreError, openStore, type StoreMode } from '../../../src/runtime/store/alert-store.js';
import { checkDirSafety } from '../../../src/runtime/store/data-dir.js';
import { makeAlert } from '../../helpers/factories.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tw-safe-'));
const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8).padStart(3, '0');
const isRoot = process.getuid?.() === 0;

/** Opens and expects a StoreError; returns it. */
async function refused(dir: string, storeMode: StoreMode = 'writer'): Promise<StoreError> {
  const err = await openStore(dir, { mode: storeMode }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  const e = err as StoreError;
  expect(e.message).not.toContain('\n');
  expect(exitCodeFor(e)).toBe(2);
  return e;
}

describe('symlinks are never followed', () => {
  it('refuses a store path that is a symlink, in every mode, and leaves the target untouched', async () => {
    const dir = tmp();
    const victim = join(tmp(), 'shadow');
    writeFileSync(victim, 'root-only secret\n');
    symlinkSync(victim, join(dir, 'alerts.json'));
    for (const m of ['writer', 'merge', 'readonly'] as const) {
      const e = await refused(dir, m);
      expect(e.reason).toBe('not-a-file');
      expect(e.message).toContain('symbolic link');
      expect(e.message).toContain(`rm ${join(dir, 'alerts.json')}`);
      expect(e.message).not.toContain('secret');
    }
    expect(readFileSync(victim, 'utf8')).toBe('root-only secret\n');
    expect(existsSync(join(dir, 'lock'))).toBe(false); // released on the way out
  });

  it('refuses a dangling symlink too, without creating its target', async () => {
    const dir = tmp();
    const target = join(tmp(), 'created-by-us');
    symlinkSync(target, join(dir, 'alerts.json'));
    await refused(dir);
    expect(existsSync(target)).toBe(false);
  });

  it('does not write through a symlink planted at the old, predictable temporary name', async () => {
    const dir = tmp();
    const victim = join(tmp(), 'passwd');
    writeFileSync(victim, 'untouched\n');
    symlinkSync(victim, join(dir, '.alerts.json.tmp'));
    const store = await openStore(dir, { mode: 'writer' });
    store.upsert(makeAlert({ id: 'a1' }));
    await store.flush();
    store.upsert(makeAlert({ id: 'a2' }));
    store.flushSync();
    await store.close();
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8')).alerts).toHaveLength(2);
  });

  it('refuses a lock file that is a symlink, leaving its target untouched', async () => {
    const dir = tmp();
    const victim = join(tmp(), 'victim');
    writeFileSync(victim, 'keep\n');
    symlinkSync(victim, join(dir, 'lock'));
    const e = await refused(dir);
    expect(e.message).toContain('Lock file');
    expect(e.message).toContain('symbolic link');
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
  });
});

describe('modes', () => {
  let saved: number | null = null;
  afterEach(() => {
    if (saved !== null) process.umask(saved);
    saved = null;
  });

  it('files 0600 and directories 0700 even under umask 000', async () => {
    saved = process.umask(0);
    const root = tmp();
    const dir = join(root, 'state', 'threatwatch');
    const store = await openStore(dir, { mode: 'writer' });
    expect(mode(join(root, 'state'))).toBe('700');
    expect(mode(dir)).toBe('700');
    expect(mode(join(dir, 'lock'))).toBe('600');
    store.upsert(makeAlert());
    await store.flush();
    expect(mode(join(dir, 'alerts.json'))).toBe('600');
    store.upsert(makeAlert({ id: 'x' }));
    store.flushSync();
    expect(mode(join(dir, 'alerts.json'))).toBe('600');
    await store.close();
  });

  it('makes an existing 0644 store (as older versions wrote it) 0600', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'alerts.json'), JSON.stringify({ version: 1, alerts: [], blocks: [] }));
    chmodSync(join(dir, 'alerts.json'), 0o644);
    const store = await openStore(dir, { mode: 'writer' });
    expect(mode(join(dir, 'alerts.json'))).toBe('600');
    await store.close();
  });
});

describe('the data directory must be yours and private', () => {
  it.each([
    [0o770, 'writable by its group', 'mode 0770'],
    [0o757, 'writable by others', 'mode 0757'],
    [0o777, 'writable by group and others', 'mode 0777'],
  ])('refuses mode %o, saying why and how to fix it', async (m, why, shown) => {
    const dir = tmp();
    chmodSync(dir, m);
    for (const storeMode of ['writer', 'merge', 'readonly'] as const) {
      const e = await refused(dir, storeMode);
      expect(e.reason).toBe('unsafe-directory');
      expect(e.message).toContain(why);
      expect(e.message).toContain(shown);
      expect(e.message).toContain(`chmod 700 ${dir}`);
    }
    expect(readdirSync(dir)).toEqual([]); // not even a lock
  });

  it('refuses a directory owned by someone else, naming both uids and the fix', () => {
    const st: Stats = Object.assign(statSync(tmp()), { uid: 1234, mode: 0o40700 });
    expect(() => checkDirSafety('/srv/tw', st, 1000)).toThrow(/owned by uid 1234, not by you \(uid 1000\).*should be yours: chown 1000 \/srv\/tw && chmod 700 \/srv\/tw/);
  });

  it.runIf(isRoot)('refuses a real directory owned by another user (running as root)', async () => {
    const dir = tmp();
    chownSync(dir, 65534, 65534);
    const e = await refused(dir);
    expect(e.message).toContain('owned by uid 65534, not by you (uid 0)');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('errors at the edges: one line, exit 2, no spin', () => {
  it('a data directory that is a file', async () => {
    const file = join(tmp(), 'not-a-dir');
    writeFileSync(file, 'x');
    const e = await refused(file);
    expect(e.reason).toBe('not-a-directory');
    expect(e.message).toContain(`Data directory ${file} is not a directory`);
    const below = await refused(join(file, 'sub'));
    expect(below.reason).toBe('not-a-directory');
  });

  it('a store path that is a directory', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'alerts.json'));
    for (const m of ['writer', 'readonly'] as const) {
      const e = await refused(dir, m);
      expect(e.reason).toBe('not-a-file');
      expect(e.message).toContain('is a directory, not a regular file');
    }
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });

  it('a store path that is a named pipe does not hang', async () => {
    const dir = tmp();
    execFileSync('mkfifo', [join(dir, 'alerts.json')]);
    const e = await refused(dir);
    expect(e.message).toContain('a named pipe');
  });

  it('a data directory under /proc fails at once', async () => {
    const started = Date.now();
    const e = await refused('/proc/threatwatch-test/data');
    expect(e.reason).toBe('cannot-create');
    expect(e.message).toContain('Cannot create data directory /proc/threatwatch-test/data');
    expect(Date.now() - started).toBeLessThan(10_000); // no retry loop: fails on the first attempt
  });

  it.runIf(existsSync('/sys/kernel'))('a data directory nobody may write in (/sys/kernel)', async () => {
    const e = await refused('/sys/kernel');
    expect(['unwritable', 'unsafe-directory']).toContain(e.reason); // root: EACCES on the lock; others: owned by root
  });

  it.skipIf(isRoot)('an unreadable store', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'alerts.json'), '{}');
    chmodSync(join(dir, 'alerts.json'), 0);
    const e = await refused(dir);
    expect(e.reason).toBe('unreadable');
    expect(e.message).toContain('permission denied (EACCES)');
  });
});
