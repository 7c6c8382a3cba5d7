// After tsc: bundles the CLI (dist/cli.js and everything it imports) into dist/cli.js plus lazy chunks
// in dist/chunks/. Node's ESM loader pays per file, and the CLI reached ~240 files (95 of them zod's)
// before it did anything: a bundle starts in about a third of the time. Each command's dynamic
// import() stays a separate chunk, so a headless command never loads the console (Ink, React).
// Bundled: our code and the npm packages in BUNDLED (no state shared with another copy): zod and
// date-fns (pure ESM, many files), commander and ipaddr.js (CommonJS: imported from ESM, node first scans
// their source for its exports, and for ipaddr.js that scan alone cost every start ~0.15 G
// instructions of the 1.2 G that replay's start-up took; bundled, they are plain functions). Every other package
// stays an import from node_modules (yaml is CommonJS but loaded only for a YAML config; ink, react,
// yoga, chokidar and lowdb are loaded as they are). Our code imports
// zod as `import * as z`: `import { z }` is one value holding all of zod, locales included, which
// the bundle would then keep whole (tests/cli/bundle.test.ts checks).
// tsc's other outputs (dist/index.js and the .d.ts files, for library users) are left as they are.
import { build } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUNDLED = new Set(['zod', 'date-fns', 'ipaddr.js', 'commander']);

const root = fileURLToPath(new URL('..', import.meta.url));

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

const externalPackages = {
  name: 'external-packages',
  setup(b) {
    // bare specifiers (node: built-ins are external on platform node anyway)
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || BUNDLED.has(packageOf(args.path))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** Replaces tsc's dist/cli.js with the bundle (run by scripts/postbuild.mjs). */
export async function bundleCli() {
  await build({
    absWorkingDir: root,
    entryPoints: ['dist/cli.js'], // tsc's output: the TypeScript semantics are tsc's, esbuild only links
    outdir: 'dist',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    allowOverwrite: true,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [externalPackages],
    // bundled CommonJS packages (commander) require node's built-ins: give each chunk a `require`
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  // V8 holds a script with a single non-ASCII character as UTF-16: twice the memory, and slower to
  // scan and compile at every start. esbuild escapes non-ASCII in code but keeps some comments as
  // written (`…`, `≤`, `—` in ours): escape those too (only comments can still hold any).
  for (const file of [join(root, 'dist', 'cli.js'), ...readdirSync(join(root, 'dist', 'chunks')).filter((f) => f.endsWith('.js')).map((f) => join(root, 'dist', 'chunks', f))]) {
    const text = readFileSync(file, 'utf8');
    // eslint-disable-next-line no-control-regex
    if (/[^\x00-\x7f]/.test(text)) writeFileSync(file, text.replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`));
  }
  // the bundled packages' licences travel with their code
  const notices = [...BUNDLED].map((name) => {
    const dir = join(root, 'node_modules', name);
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[cs]e(\.|$)/i.test(f));
    if (!file) throw new Error(`bundle-cli: ${name} has no licence file to ship with its bundled code`);
    return `${name} ${version}\n\n${readFileSync(join(dir, file), 'utf8').trim()}\n`;
  });
  writeFileSync(join(root, 'dist', 'chunks', 'THIRD-PARTY-LICENSES.txt'), notices.join('\n' + '-'.repeat(72) + '\n\n'));
}
