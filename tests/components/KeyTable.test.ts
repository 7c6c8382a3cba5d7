// The README's console key table and the help overlay come from the same keymap: every key of every
// view is in the README's table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatKey, KEYMAP } from '../../src/keys/keymap.js';
import { repoRoot } from '../helpers/run-cli.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### The console'), readme.indexOf('### replay'));

describe("the README's key table", () => {
  it('names every key the views bind', () => {
    for (const b of KEYMAP) {
      if (b.when.every((w) => w === 'input' || w === 'confirm' || w === 'help')) continue;
      for (const k of b.keys) {
        if (k === 'any') continue;
        expect(section, `${b.command}: ${k}`).toContain(`\`${formatKey(k)}\``);
      }
    }
  });
});
