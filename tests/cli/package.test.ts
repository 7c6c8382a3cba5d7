// What `npx threatwatch-tui` gets: the published package's shape.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-cli.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

describe('the npm package', () => {
  it('is named threatwatch-tui with a bin of the same name pointing at built JavaScript', () => {
    expect(pkg.name).toBe('threatwatch-tui');
    expect(pkg.bin).toEqual({ 'threatwatch-tui': 'dist/cli.js' });
    expect(pkg.engines.node).toBe('>=20.19');
    const cli = readFileSync(join(repoRoot, 'dist', 'cli.js'), 'utf8');
    expect(cli.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('ships dist/, the intel feed and the sample data, and no sources or tests', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    for (const f of ['dist/cli.js', 'dist/index.js', 'intel/blacklist.csv', 'data/sample-auth.log', 'README.md', 'package.json']) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('tests/') || f.startsWith('bench/'))).toBe(false);
  });
});
