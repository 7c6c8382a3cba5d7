// The layers, enforced. A pure core (src/engine: models, parsers, rules, incidents, windows,
// enrichment) does no I/O, reads no wall clock and knows nothing above it; plugins (sources, sinks,
// responders, intel) never import the UI; the runtime never imports the UI; headless commands never
// load Ink. Every check names the offending file and import.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');

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
  const text = readFileSync(file, 'utf8');
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
  const out: string[] = [];
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** The layer of a file or a relative import target under src/. */
function layerOf(absPath: string): string {
  const rel = relative(src, absPath).split('/');
  if (rel[0] === 'engine') return 'core';
  if (rel[0] === 'plugins') return 'plugin';
  if (rel[0] === 'runtime') return 'runtime';
  if (['components', 'hooks', 'state', 'keys', 'theme', 'console'].includes(rel[0]!)) return 'ui';
  if (rel[0] === 'commands' || rel[0] === 'cli' || rel[0] === 'cli.ts') return 'cli';
  if (rel[0] === 'config' || rel[0] === 'catalogue.ts' || rel[0] === 'index.ts') return 'wiring';
  return 'other';
}

function violations(files: string[], forbidden: (spec: string, target: string | null) => boolean): string[] {
  return files.flatMap((f) =>
    importsOf(f)
      .map((spec) => ({ spec, target: spec.startsWith('.') ? resolve(dirname(f), spec) : null }))
      .filter(({ spec, target }) => forbidden(spec, target))
      .map(({ spec }) => `${relative(root, f)} imports ${spec}`),
  );
}

const NODE_IO = /^(node:)?(fs|fs\/promises|net|dgram|child_process|os|http|https|tls|worker_threads|cluster|readline|zlib|tty)$|^chokidar|^lowdb|^ink|^react/;
const UI_PKG = /^(ink|react|ink-testing-library)(\/|$)/;

describe('architecture', () => {
  const all = filesUnder(src);
  const core = all.filter((f) => layerOf(f) === 'core');
  const plugins = all.filter((f) => layerOf(f) === 'plugin');
  const runtime = all.filter((f) => layerOf(f) === 'runtime');

  it('the core (src/engine) imports nothing above it and no I/O module', () => {
    const bad = violations(core, (spec, target) => NODE_IO.test(spec) || (target !== null && layerOf(target) !== 'core'));
    expect(bad).toEqual([]);
  });

  it('the core reads no wall clock (event time only; clocks are injected)', () => {
    const bad = core.filter((f) => /\b(Date\.now|performance\.now)\s*\(|new Date\(\s*\)/.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    expect(bad).toEqual([]);
  });

  it('plugins import neither the UI nor the runtime', () => {
    const bad = violations(plugins, (spec, target) => UI_PKG.test(spec) || (target !== null && ['ui', 'runtime', 'cli'].includes(layerOf(target))));
    expect(bad).toEqual([]);
  });

  it('the runtime never imports the UI', () => {
    const bad = violations(runtime, (spec, target) => UI_PKG.test(spec) || (target !== null && layerOf(target) === 'ui'));
    expect(bad).toEqual([]);
  });

  it('headless commands never import ink, react or the UI', () => {
    const headless = readdirSync(join(src, 'commands'))
      .filter((n) => n.endsWith('.ts'))
      .map((n) => join(src, 'commands', n));
    const bad = violations(headless, (spec, target) => UI_PKG.test(spec) || (target !== null && (layerOf(target) === 'ui' || target.endsWith('live.js'))));
    expect(bad).toEqual([]);
  });

  it('the architecture check itself sees each layer (it cannot pass on an empty tree)', () => {
    expect(core.length).toBeGreaterThan(20);
    expect(plugins.length).toBeGreaterThan(3);
    expect(runtime.length).toBeGreaterThan(3);
    expect(violations([join(src, 'commands', 'live.tsx')], (spec) => UI_PKG.test(spec))).not.toEqual([]);
  });
});
