// The temporary file of an atomic write: an attacker who guesses (here: knows) its name and plants a
// symlink there gets nothing: the exclusive, no-follow create fails and another name is used.
import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const forced: Buffer[] = [];
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  const randomBytes = (n: number): Buffer => forced.shift() ?? actual.randomBytes(n);
  return { ...actual, randomBytes, default: { ...actual, randomBytes } };
});

const { openStore } = await import('../../../src/runtime/store/alert-store.js');
const { writeFileAtomic, writeFileAtomicSync, tempNameFor } = await import('../../../src/runtime/store/safe-file.js');
const { makeAlert } = await import('../../helpers/factories.js');

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tw-temp-'));
const GUESSED = Buffer.from('0011223344556677', 'hex');
const plantedName = (dir: string): string => join(dir, '.alerts.json.0011223344556677.tmp');

describe('temporary names', () => {
  it('are unpredictable and in the same directory', () => {
    const a = tempNameFor('/d/alerts.json');
    const b = tempNameFor('/d/alerts.json');
    expect(a).toMatch(/^\/d\/\.alerts\.json\.[0-9a-f]{16}\.tmp$/);
    expect(a).not.toBe(b);
  });

  it.each([
    ['async', writeFileAtomic],
    ['sync', async (p: string, t: string) => writeFileAtomicSync(p, t)],
  ])('%s: a symlink planted at the temporary name is not followed; the write uses another name', async (_n, write) => {
    const dir = tmp();
    const victim = join(tmp(), 'victim');
    writeFileSync(victim, 'untouched\n');
    symlinkSync(victim, plantedName(dir));
    forced.push(GUESSED);
    await write(join(dir, 'alerts.json'), '{"ok":true}\n');
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(readFileSync(join(dir, 'alerts.json'), 'utf8')).toBe('{"ok":true}\n');
    expect((statSync(join(dir, 'alerts.json')).mode & 0o777).toString(8)).toBe('600');
    expect(readdirSync(dir).sort()).toEqual(['.alerts.json.0011223344556677.tmp', 'alerts.json']); // the planted link, as it was
  });

  it('through the store: a write never lands in the planted target, and the store is saved', async () => {
    const dir = tmp();
    const victim = join(tmp(), 'victim');
    writeFileSync(victim, 'untouched\n');
    const store = await openStore(dir, { mode: 'writer' });
    symlinkSync(victim, plantedName(dir));
    forced.push(GUESSED, GUESSED);
    store.upsert(makeAlert({ id: 'a1' }));
    await store.close();
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8')).alerts).toHaveLength(1);
  });

  it('a write fails (and says so) rather than follow a link when every name is taken', async () => {
    const dir = tmp();
    const victim = join(tmp(), 'victim');
    writeFileSync(victim, 'untouched\n');
    symlinkSync(victim, plantedName(dir));
    forced.push(GUESSED, GUESSED, GUESSED, GUESSED, GUESSED);
    await expect(writeFileAtomic(join(dir, 'alerts.json'), 'x')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
  });
});
