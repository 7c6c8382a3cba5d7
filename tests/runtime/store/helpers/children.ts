/** Spawns `store-child.ts` (transpiled once per test file) and waits for its lines. */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { transpileTree } from './transpile.js';

let tree: { root: string; entry: string } | null = null;

/** Removes the transpiled tree (call in afterAll). */
export function removeTranspiled(): void {
  if (tree === null) return;
  unlinkSync(join(tree.root, 'node_modules')); // the link only, before removing the rest
  rmSync(tree.root, { recursive: true, force: true });
  tree = null;
}

export interface StoreChild {
  readonly proc: ChildProcess;
  /** With `waitForGo`: lets the child start its command. */
  go(): void;
  /** Resolves with the first stdout line starting with one of `prefixes`. */
  waitFor(prefixes: string[], timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
}

export function spawnStoreChild(args: string[], opts: { waitForGo?: boolean } = {}): StoreChild {
  tree ??= transpileTree(join(import.meta.dirname, 'store-child.ts'));
  const proc = spawn(process.execPath, [tree.entry, ...args], {
    stdio: [opts.waitForGo === true ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, TW_WAIT_GO: opts.waitForGo === true ? '1' : '' },
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let buf = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
    for (const w of waiters) w();
  });
  let stderr = '';
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    proc,
    exited,
    go: () => void proc.stdin?.end('go\n'),
    waitFor(prefixes, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = lines.find((l) => prefixes.some((p) => l.startsWith(p)));
          if (hit === undefined) return;
          cleanup();
          resolve(hit);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`child ${args.join(' ')}: no ${prefixes.join('/')} within ${timeoutMs} ms; stdout ${JSON.stringify(lines)} stderr ${stderr}`));
        }, timeoutMs);
        const onExit = (): void => {
          setImmediate(() => {
            check();
            if (waiters.has(check)) {
              cleanup();
              reject(new Error(`child ${args.join(' ')} exited before ${prefixes.join('/')}; stdout ${JSON.stringify(lines)} stderr ${stderr}`));
            }
          });
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
          proc.off('close', onExit);
        };
        waiters.add(check);
        proc.on('close', onExit);
        check();
      });
    },
  };
}
