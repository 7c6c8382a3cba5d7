// Issue 12, bugs 10 and 11: `npm start` builds only when a source changed, and the package as
// published has no `prepare` script and no source maps pointing at sources it does not ship.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-cli.js';
import { buildState, writeBuildStamp } from '../../scripts/build-if-stale.mjs';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'tw-stale-'));
  mkdirSync(join(root, 'src', 'components'), { recursive: true });
  writeFileSync(join(root, 'src', 'cli.ts'), 'export {};\n');
  writeFileSync(join(root, 'src', 'components', 'App.tsx'), 'export {};\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, 'tsconfig.build.json'), '{}\n');
  return root;
}

const past = (root: string, rel: string, secondsAgo: number) => {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(join(root, rel), t, t);
};

describe('npm start', () => {
  it('runs the build only when it is stale', () => {
    expect(pkg.scripts.start).not.toMatch(/npm run build/);
    expect(pkg.scripts.start).toContain('scripts/build-if-stale.mjs');
  });

  it('a build is stale without a stamp, fresh after one, stale again when a source or tsconfig changes or appears', () => {
    const root = project();
    for (const f of ['src/cli.ts', 'src/components/App.tsx', 'tsconfig.json', 'tsconfig.build.json']) past(root, f, 60);
    expect(buildState(root).stale).toBe(true); // never built
    mkdirSync(join(root, 'dist'));
    writeBuildStamp(root);
    expect(buildState(root)).toEqual({ stale: false, reason: 'dist/ is up to date' });
    writeFileSync(join(root, 'src', 'components', 'App.tsx'), 'export const x = 1;\n');
    expect(buildState(root).reason).toContain('src/components/App.tsx');
    writeBuildStamp(root);
    expect(buildState(root).stale).toBe(false);
    writeFileSync(join(root, 'src', 'new-file.ts'), 'export {};\n');
    past(root, 'src/new-file.ts', 3600); // an old file (git checkout, cp -p) is still a change
    expect(buildState(root).stale).toBe(true);
    writeBuildStamp(root);
    writeFileSync(join(root, 'tsconfig.build.json'), '{"compilerOptions":{}}\n');
    expect(buildState(root).stale).toBe(true);
  });
});

describe('the package as published', () => {
  it('has no prepare script (npm warns about it on install); dist/ is built before packing instead', () => {
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(pkg.scripts.prepack).toMatch(/build/);
  });

  it('ships no source map whose sources are missing from the package', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    expect(files).not.toContain('dist/.build-stamp'); // a local build record, no use to anyone else
    const maps = files.filter((f) => f.endsWith('.map'));
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(repoRoot, map), 'utf8')) as { sources: string[]; sourcesContent?: string[] };
      const dir = map.split('/').slice(0, -1);
      for (const [i, s] of sources.entries()) {
        const shipped = files.includes(join(...dir, s));
        expect(shipped || sourcesContent?.[i] !== undefined, `${map} → ${s}`).toBe(true);
      }
    }
    for (const js of files.filter((f) => f.endsWith('.js'))) {
      const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(repoRoot, js), 'utf8'))?.[1];
      if (ref) expect(files, `${js} refers to ${ref}`).toContain(join(...js.split('/').slice(0, -1), ref));
    }
  });
});
