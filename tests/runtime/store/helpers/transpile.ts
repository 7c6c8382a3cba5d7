/**
 * Child processes in these tests run the real store code, not a mock: `transpileTree` turns an entry
 * `.ts` file and every relative import it reaches into `.js` in a temporary directory (TypeScript's
 * `transpileModule`, no type check: a few ms), with a `node_modules` link so `lowdb` and `zod`
 * resolve. Returns the temporary root and the path of the transpiled entry.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..', '..');

export function transpileTree(entry: string): { root: string; entry: string } {
  const out = mkdtempSync(join(tmpdir(), 'tw-store-js-'));
  symlinkSync(join(repoRoot, 'node_modules'), join(out, 'node_modules'), 'dir');
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g)) queue.push(resolve(dirname(file), `${m[1]}.ts`));
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    }).outputText;
    const target = join(out, relative(repoRoot, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  return { root: out, entry: join(out, relative(repoRoot, resolve(entry))).replace(/\.ts$/, '.js') };
}
