/**
 * Fake binaries on PATH for the ufw and command backends: each records its argv as one JSON line in
 * `<dir>/calls.log`, so a test sees exactly what a backend ran (and that no shell got involved).
 * The fake `ufw` keeps its rules in `<dir>/ufw.rules` and answers like ufw 0.36.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeBin {
  readonly dir: string;
  /** Every call so far, argv without the program. */
  calls(): string[][];
  /** Programs called, in order. */
  programs(): string[];
  /** Adds a node script as `<dir>/<name>`. */
  add(name: string, body: string): string;
  restore(): void;
}

const RECORD = `const fs = require('fs'); const path = require('path');
const dir = ${'__DIR__'};
fs.appendFileSync(path.join(dir, 'calls.log'), JSON.stringify([path.basename(process.argv[1]), ...process.argv.slice(2)]) + '\\n');`;

export const FAKE_UFW = `
const args = process.argv.slice(2);
const rulesFile = path.join(dir, 'ufw.rules');
const rules = fs.existsSync(rulesFile) ? fs.readFileSync(rulesFile, 'utf8').split('\\n').filter(Boolean) : [];
const save = () => fs.writeFileSync(rulesFile, rules.map((r) => r + '\\n').join(''));
if (args[0] === 'status') { console.log(fs.existsSync(path.join(dir, 'inactive')) ? 'Status: inactive' : 'Status: active'); process.exit(0); }
if (fs.existsSync(path.join(dir, 'not-root'))) { console.error('ERROR: You need to be root to run this script'); process.exit(1); }
const rest = args[0] === 'insert' ? args.slice(2) : args.slice(1);
const rule = rest.join(' ');
if (args[0] === 'prepend' || args[0] === 'insert') {
  if (args[0] === 'insert' && Number(args[1]) > rules.length) { console.error("ERROR: Invalid position '" + args[1] + "'"); process.exit(1); }
  if (rules.includes(rule)) { console.log('Skipping inserting existing rule'); process.exit(0); }
  rules.unshift(rule); save(); console.log('Rule inserted'); process.exit(0);
}
if (args[0] === 'delete') {
  const i = rules.indexOf(rule);
  if (i === -1) { console.log('Could not delete non-existent rule'); process.exit(0); }
  rules.splice(i, 1); save(); console.log('Rule deleted'); process.exit(0);
}
console.error('ERROR: Invalid syntax'); process.exit(1);
`;

export function createFakeBin(): FakeBin {
  const dir = mkdtempSync(join(tmpdir(), 'tw-fakebin-'));
  const oldPath = process.env.PATH;
  process.env.PATH = `${dir}:${oldPath ?? ''}`;
  const log = join(dir, 'calls.log');
  const read = () => {
    try {
      return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]);
    } catch {
      return [];
    }
  };
  return {
    dir,
    calls: () => read().map((c) => c.slice(1)),
    programs: () => read().map((c) => c[0]!),
    add(name, body) {
      const file = join(dir, name);
      writeFileSync(file, `#!${process.execPath}\n${RECORD.replace('__DIR__', JSON.stringify(dir))}\n${body}\n`);
      chmodSync(file, 0o755);
      return file;
    },
    restore() {
      process.env.PATH = oldPath;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
