/**
 * Network namespaces for the firewall backend tests: each test file gets its own
 * `tw-test-<random>`, so real nftables/iptables/ipset state is created and inspected without
 * touching the host's firewall. Where a namespace cannot be created (not root, no `ip`, a
 * container without CAP_SYS_ADMIN), `createNetns` returns the reason and the tests skip, saying so;
 * where one can, a missing firewall tool fails the tests instead.
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { execArgv, type CommandResult } from '../../../src/plugins/responders/exec.js';

export interface Netns {
  readonly name: string;
  /** `['ip', 'netns', 'exec', name]`: the backends' command prefix. */
  readonly prefix: readonly string[];
  /** Runs a command inside the namespace; throws when it fails (test set-up and inspection). */
  sh(...argv: string[]): Promise<string>;
  /** Runs a command inside the namespace and returns the result whatever it is. */
  run(...argv: string[]): Promise<CommandResult>;
  remove(): Promise<void>;
}

const T = { timeoutMs: 15_000 };

export async function createNetns(tools: readonly string[] = []): Promise<Netns | string> {
  if (process.getuid?.() !== 0) return 'not root: network namespaces need CAP_SYS_ADMIN';
  const name = `tw-test-${randomBytes(4).toString('hex')}`;
  const add = await execArgv(['ip', 'netns', 'add', name], T);
  if (!add.ok) return `cannot create a network namespace (ip netns add: ${add.error})`;
  const prefix = ['ip', 'netns', 'exec', name];
  const run = (...argv: string[]) => execArgv([...prefix, ...argv], T);
  const ns: Netns = {
    name,
    prefix,
    run,
    async sh(...argv) {
      const r = await run(...argv);
      if (!r.ok) throw new Error(`${argv.join(' ')}: ${r.error}`);
      return r.stdout;
    },
    async remove() {
      await execArgv(['ip', 'netns', 'del', name], T);
    },
  };
  for (const tool of tools) {
    const r = await run(tool, '--version');
    if (!r.ok) {
      // Namespaces work, so the tests must run: a missing tool is a failure, not a skip.
      await ns.remove();
      throw new Error(`${tool} is not usable here (${r.error}): apt-get install nftables iptables ipset iproute2 (as .ci/run does)`);
    }
  }
  return ns;
}

/** Two namespaces joined by a veth pair: `server` (10.77.0.1, fd77::1) and `client` (10.77.0.2, fd77::2). */
export async function createLink(server: Netns, client: Netns): Promise<void> {
  const veth = `tw${server.name.slice(-6)}`;
  await server.sh('ip', 'link', 'add', `${veth}a`, 'type', 'veth', 'peer', 'name', `${veth}b`);
  await server.sh('ip', 'link', 'set', `${veth}b`, 'netns', client.name);
  await server.sh('ip', 'addr', 'add', '10.77.0.1/24', 'dev', `${veth}a`);
  await server.sh('ip', '-6', 'addr', 'add', 'fd77::1/64', 'dev', `${veth}a`, 'nodad');
  await client.sh('ip', 'addr', 'add', '10.77.0.2/24', 'dev', `${veth}b`);
  await client.sh('ip', '-6', 'addr', 'add', 'fd77::2/64', 'dev', `${veth}b`, 'nodad');
  for (const [ns, dev] of [[server, `${veth}a`], [client, `${veth}b`]] as const) {
    await ns.sh('ip', 'link', 'set', dev, 'up');
    await ns.sh('ip', 'link', 'set', 'lo', 'up');
  }
}

/** A TCP server inside `ns` on port 7777 that answers "hi" to every connection. */
export function startTcpServer(ns: Netns): Promise<ChildProcess> {
  const code = `require('net').createServer((s) => s.end('hi')).listen(7777, '::', () => console.log('ready'))`;
  const child = spawn('ip', ['netns', 'exec', ns.name, process.execPath, '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (c) => reject(new Error(`tcp server exited with ${c}`)));
  });
}

/** True when a TCP connection from `ns` to `host`:7777 gets the server's answer within 1.5 s. */
export async function canConnect(ns: Netns, host: string): Promise<boolean> {
  const code = `const s = require('net').connect(7777, '${host}'); s.setTimeout(1500, () => process.exit(1)); s.on('data', () => process.exit(0)); s.on('error', () => process.exit(1));`;
  const r = await ns.run(process.execPath, '-e', code);
  return r.ok;
}
