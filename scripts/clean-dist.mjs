// Before a build: removes dist/, so that no output of a deleted or renamed source (or of an older
// build setting, such as source maps) lingers and gets packed.
import { rmSync } from 'node:fs';
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
