// After tsc: bundles the CLI (scripts/bundle-cli.mjs), makes it executable (the bundle keeps the
// shebang but not the mode bit) and stamps the build, so that `npm start` rebuilds only when a
// source changes (scripts/build-if-stale.mjs).
import { chmodSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeBuildStamp } from './build-if-stale.mjs';
import { bundleCli } from './bundle-cli.mjs';

await bundleCli();
const bin = new URL('../dist/cli.js', import.meta.url);
if (existsSync(bin)) chmodSync(bin, 0o755);
writeBuildStamp(fileURLToPath(new URL('..', import.meta.url)));
