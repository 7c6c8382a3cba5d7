// `npm start` (and the test and bench scripts): build dist/ only when something it is built from
// changed since the last build — a TypeScript build takes 5-12 s, starting the demo a fraction of
// that. The last build leaves dist/.build-stamp: the sources it saw (path and mtime). A source
// added, removed or touched, or a tsconfig, the bundling script or the lockfile changed (the CLI
// bundle carries copies of some packages: scripts/bundle-cli.mjs) makes the build stale.
// Usage: node scripts/build-if-stale.mjs           builds when stale, else says nothing
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const STAMP = join('dist', '.build-stamp');
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'scripts/bundle-cli.mjs', 'package-lock.json'];

/** Every input of the build, relative to `root`, with its mtime in ms. */
export function buildInputs(root) {
  const out = {};
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else out[relative(root, p).split('\\').join('/')] = statSync(p).mtimeMs;
    }
  };
  if (existsSync(join(root, 'src'))) walk(join(root, 'src'));
  for (const c of CONFIGS) if (existsSync(join(root, c))) out[c] = statSync(join(root, c)).mtimeMs;
  return out;
}

/** Records the inputs as built (called after a successful build). */
export function writeBuildStamp(root) {
  writeFileSync(join(root, STAMP), JSON.stringify(buildInputs(root)) + '\n');
}

/** Whether dist/ must be rebuilt, and why. */
export function buildState(root) {
  let built;
  try {
    built = JSON.parse(readFileSync(join(root, STAMP), 'utf8'));
  } catch {
    return { stale: true, reason: 'dist/ has not been built here yet' };
  }
  const now = buildInputs(root);
  for (const [path, mtime] of Object.entries(now)) {
    if (built[path] === undefined) return { stale: true, reason: `${path} is new` };
    if (built[path] !== mtime) return { stale: true, reason: `${path} changed` };
  }
  for (const path of Object.keys(built)) if (now[path] === undefined) return { stale: true, reason: `${path} was removed` };
  return { stale: false, reason: 'dist/ is up to date' };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(fileURLToPath(import.meta.url), '..', '..');
  const { stale, reason } = buildState(root);
  if (stale) {
    process.stderr.write(`building: ${reason}\n`);
    const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    process.exit(r.status ?? 1);
  }
}
