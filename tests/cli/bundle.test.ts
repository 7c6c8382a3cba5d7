// The built CLI is a bundle (scripts/bundle-cli.mjs): what a command loads at run time, traced with
// a module loader hook. Node's ESM loader pays per file, so start-up is the number of files; and a
// headless command must never load the console (Ink, React), however the bundler splits the code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tw-bundle-'));
writeFileSync(
  join(dir, 'hooks.mjs'),
  "import { appendFileSync } from 'node:fs';\n" +
    'export async function load(url, context, next) {\n' +
    '  appendFileSync(process.env.TW_TRACE_OUT, url + "\\n");\n' +
    '  return next(url, context);\n' +
    '}\n',
);
writeFileSync(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
const sample = join(repoRoot, 'data', 'sample-auth.log');
let runs = 0;

/** The module files (not node: built-ins) that `threatwatch-tui ...args` loads. */
function loaded(args: string[]): { code: number | null; stdout: string; files: string[] } {
  const out = join(dir, `trace-${++runs}.txt`);
  writeFileSync(out, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, cliPath, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TW_TRACE_OUT: out, XDG_STATE_HOME: dir, XDG_CONFIG_HOME: dir },
    input: '',
  });
  const files = readFileSync(out, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
  return { code: r.status, stdout: r.stdout, files };
}

const fromPackage = (files: string[], name: string) => files.filter((u) => u.includes(`/node_modules/${name}/`));

describe('the built CLI', () => {
  it('is a bundle: replay loads a few dozen files, none of them from zod in node_modules', () => {
    const r = loaded(['replay', '--format', 'ndjson', '--no-progress', sample]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"rule":"BRUTE_FORCE"');
    expect(fromPackage(r.files, 'zod')).toEqual([]);
    expect(r.files.filter((u) => u.includes('/dist/') && !u.includes('/node_modules/')).every((u) => /\/dist\/(cli\.js|chunks\/)/.test(u))).toBe(true);
    expect(r.files.length).toBeLessThan(60); // ~240 before the bundle
  });

  it('carries commander and ipaddr.js inside: node never scans a CommonJS package for its exports at start-up', () => {
    // imported from ESM, a CommonJS package is first scanned for its exports: for ipaddr.js that
    // cost ~0.15 G instructions at every start
    const r = loaded(['replay', '--format', 'ndjson', '--no-progress', sample]);
    expect(r.code).toBe(0);
    expect(fromPackage(r.files, 'commander')).toEqual([]);
    expect(fromPackage(r.files, 'ipaddr.js')).toEqual([]);
  });

  it('is pure ASCII: V8 would hold a file with one other character as UTF-16, slower to scan at every start', () => {
    const files = [join(repoRoot, 'dist', 'cli.js'), ...readdirSync(join(repoRoot, 'dist', 'chunks')).filter((f) => f.endsWith('.js')).map((f) => join(repoRoot, 'dist', 'chunks', f))];
    expect(files.length).toBeGreaterThan(5);
    // eslint-disable-next-line no-control-regex
    for (const f of files) expect([f, /[^\x00-\x7f]/.test(readFileSync(f, 'utf8'))]).toEqual([f, false]);
  });

  it('src imports zod as a namespace, so the bundle keeps only what we use', () => {
    // `import { z } from 'zod'` is zod's whole namespace as one value: the bundle would keep all of
    // zod (its ~40 locales too), some 550 KB more to compile at every start
    const named = readdirSync(join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f))
      .filter((f) => /import\s+(type\s+)?\{[^}]*\}\s+from\s+'zod'/.test(readFileSync(join(repoRoot, 'src', f), 'utf8')));
    expect(named).toEqual([]);
  });

  it.each([
    ['--help'],
    ['--version'],
    ['replay', '--no-progress', sample],
    ['parse', sample],
    ['explain', 'sshd[1]: Failed password for root from 203.0.113.9 port 22 ssh2'],
    ['config'],
    ['simulate', '--lines', '5', '--seed', '1'],
    ['blocks'],
    ['block', '--dry-run', '203.0.113.9'],
  ])('headless %s loads neither Ink nor React', (...args) => {
    const r = loaded(args);
    expect(r.code).toBe(0);
    expect(r.files.length).toBeGreaterThan(0); // the trace saw the run
    for (const pkg of ['ink', 'react', 'react-reconciler', 'yoga-layout']) expect(fromPackage(r.files, pkg)).toEqual([]);
  });
});
