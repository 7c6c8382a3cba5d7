// The engine boundary, enforced: src/engine never imports Ink/React/components, and its pure
// folders do no I/O (no fs, net, child_process, chokidar, lowdb). Headless commands never load Ink.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  const out: string[] = [];
  for (const m of src.matchAll(re)) out.push((m[1] ?? m[2])!);
  return out;
}

const PURE = ['model', 'parsers', 'rules', 'windows', 'enrichment', 'alerts', 'snapshot', 'net', 'text'];
const IO = /^(node:)?(fs|fs\/promises|net|dgram|child_process)$|^chokidar|^lowdb/;

describe('architecture', () => {
  const engineFiles = filesUnder(join(root, 'src/engine'));

  it('src/engine never imports ink, react or the components', () => {
    const offenders = engineFiles.flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(ink|react)(\/|$)/.test(i) || i.includes('components/'))
        .map((i) => `${relative(root, f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('pure engine folders do no I/O', () => {
    const offenders = engineFiles
      .filter((f) => PURE.includes(relative(join(root, 'src/engine'), f).split('/')[0]!))
      .flatMap((f) => importsOf(f).filter((i) => IO.test(i)).map((i) => `${relative(root, f)} imports ${i}`));
    expect(offenders).toEqual([]);
  });

  it('headless commands never import ink, react or the components', () => {
    const headless = ['replay.ts', 'parse.ts', 'simulate.ts'].map((n) => join(root, 'src/commands', n));
    const offenders = headless.flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(ink|react)(\/|$)/.test(i) || i.includes('components/') || i.includes('live'))
        .map((i) => `${relative(root, f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
