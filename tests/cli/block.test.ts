// `block`, `unblock` and `blocks` through the built CLI on a data directory nothing else holds:
// the simulate backend end to end (exit codes, store records, audit lines), refusals, usage errors,
// --dry-run printing nftables' argv without running it, and the control-socket owner check.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nftSetupStatements, nftablesConfigSchema } from '../../src/plugins/responders/nftables.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

interface Env {
  dir: string;
  data: string;
  config: string;
  bin: string;
  run(args: string[]): Promise<CliResult>;
  /** argv of every `nft` the fake binary saw. */
  nftCalls(): string[][];
  audit(): { action: string; ip: string; result: string; message: string; backend: string; actor: string; argv: string[][]; seconds?: number | null }[];
  blocks(): { ip: string; state: string; backend: string; seconds: number | null; simulated: boolean; actor: string }[];
}

/** A fresh data directory, a config with an allowlist, and a fake `nft` on PATH that records its calls. */
function setup(): Env {
  const dir = mkdtempSync(join(tmpdir(), 'tw-block-'));
  const data = join(dir, 'data');
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ allowlist: ['192.0.2.0/24'] }));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const calls = join(dir, 'nft-calls.log');
  writeFileSync(
    join(bin, 'nft'),
    `#!${process.execPath}\nrequire('fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n` +
      `if (process.argv.includes('-j')) console.log('{"nftables":[]}');\n`,
  );
  chmodSync(join(bin, 'nft'), 0o755);
  const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, XDG_CONFIG_HOME: join(dir, 'xdg') };
  const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
  return {
    dir,
    data,
    config,
    bin,
    run: (args) => runCli(args, { env }),
    nftCalls: () => lines(calls),
    audit: () => lines(join(data, 'audit.log')),
    blocks: () => (existsSync(join(data, 'alerts.json')) ? JSON.parse(readFileSync(join(data, 'alerts.json'), 'utf8')).blocks : []),
  };
}

describe('block, unblock, blocks (nothing holds the data directory)', () => {
  it('block, blocks and unblock with the simulate backend on a fresh data directory', async () => {
    const e = setup();
    const d = ['--data-dir', e.data];
    const blocked = await e.run(['block', '203.0.113.45', '--for', '10m', ...d]);
    expect(blocked).toMatchObject({ code: 0, stderr: '' });
    expect(blocked.stdout).toBe('Blocked 203.0.113.45 (simulate, 10m) — simulated, nothing changed on this system\n');
    expect((statSync(e.data).mode & 0o777).toString(8)).toBe('700');
    expect((statSync(join(e.data, 'audit.log')).mode & 0o777).toString(8)).toBe('600');
    expect(e.blocks()).toEqual([expect.objectContaining({ ip: '203.0.113.45', state: 'active', backend: 'simulate', seconds: 600, simulated: true, actor: expect.stringContaining('@') })]);
    expect(existsSync(join(e.data, 'lock'))).toBe(false); // released on exit
    expect(existsSync(join(e.data, 'control.sock'))).toBe(false);

    const json = await e.run(['blocks', '--json', ...d]);
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as { ip: string; state: string; secondsLeft: number }[];
    expect(listed).toEqual([expect.objectContaining({ ip: '203.0.113.45', state: 'active' })]);
    expect(listed[0]!.secondsLeft).toBeGreaterThan(580);
    expect(listed[0]!.secondsLeft).toBeLessThanOrEqual(600);
    const table = await e.run(['blocks', ...d]);
    expect(table.stdout).toMatch(/^TARGET +STATE +BACKEND +LEFT/);
    expect(table.stdout).toMatch(/\n203\.0\.113\.45 +active +simulate +(10m 00s|9m \d\ds)/);

    const again = await e.run(['block', '203.0.113.45', ...d]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('203.0.113.45 is already blocked until');

    const perm = await e.run(['block', '198.51.100.0/24', '--for', 'permanent', ...d]);
    expect(perm).toMatchObject({ code: 0, stdout: expect.stringContaining('Blocked 198.51.100.0/24 (simulate, permanent)') });

    expect(await e.run(['unblock', '203.0.113.45', ...d])).toMatchObject({ code: 0, stdout: 'Unblocked 203.0.113.45\n' });
    const twice = await e.run(['unblock', '203.0.113.45', ...d]);
    expect(twice).toMatchObject({ code: 1, stdout: '' });
    expect(twice.stderr).toBe('unblock: 203.0.113.45 is not blocked\n');
    const inside = await e.run(['unblock', '198.51.100.9', ...d]);
    expect(inside).toMatchObject({ code: 1, stderr: expect.stringContaining('inside the blocked range 198.51.100.0/24') });

    expect(JSON.parse((await e.run(['blocks', '--json', ...d])).stdout).map((b: { ip: string }) => b.ip)).toEqual(['198.51.100.0/24']);
    const history = JSON.parse((await e.run(['blocks', '--json', '--all', ...d])).stdout) as { ip: string; state: string; secondsLeft: number | null }[];
    expect(history.map((b) => [b.ip, b.state, b.secondsLeft])).toEqual([
      ['203.0.113.45', 'unblocked', null],
      ['198.51.100.0/24', 'active', null],
    ]);
    expect(e.blocks().map((b) => [b.ip, b.state])).toEqual([
      ['203.0.113.45', 'unblocked'],
      ['198.51.100.0/24', 'active'],
    ]);
    expect(e.audit().map((a) => [a.action, a.ip, a.result])).toEqual([
      ['block', '203.0.113.45', 'ok'],
      ['block', '203.0.113.45', 'refused'],
      ['block', '198.51.100.0/24', 'ok'],
      ['unblock', '203.0.113.45', 'ok'],
      ['unblock', '203.0.113.45', 'refused'],
      ['unblock', '198.51.100.9', 'refused'],
    ]);
    expect(e.audit()[0]).toMatchObject({ backend: 'simulate', seconds: 600, argv: [], actor: expect.stringContaining('@') });
  }, 60_000);

  it('blocks on an empty or missing data directory lists nothing and creates nothing', async () => {
    const e = setup();
    expect(await e.run(['blocks', '--data-dir', e.data])).toMatchObject({ code: 0, stdout: 'No active blocks.\n' });
    expect(await e.run(['blocks', '--all', '--json', '--data-dir', e.data])).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(existsSync(e.data)).toBe(false);
  });

  it.each([
    ['127.0.0.1', 'Not blocked: loopback address'],
    ['::1', 'Not blocked: loopback address'],
    ['192.0.2.10', 'Not blocked: allowlisted (192.0.2.0/24)'],
    ['192.0.2.0/23', 'Not blocked: range includes 192.0.2.0/24: allowlisted (192.0.2.0/24)'],
    ['169.254.1.1', 'Not blocked: link-local address'],
    ['1.2.3.4; rm -rf /', 'Not blocked: not a valid IP address or CIDR range'],
    ['--help', 'Not blocked: not a valid IP address or CIDR range'],
    ['$(id)', 'Not blocked: not a valid IP address or CIDR range'],
    ['fe80::1%eth0', 'Not blocked: not a valid IP address or CIDR range'],
    ['9'.repeat(5000), 'Not blocked: not a valid IP address or CIDR range'],
    ['10.0.0.0/8', 'Not blocked: range wider than /16 (the widest IPv4 range allowed)'],
  ].map(([t, r]) => [t.length > 40 ? `${t.slice(0, 8)}… (${t.length} characters)` : t, t, r]))('refuses %s with exit 1, the reason on stderr and an audit line; no process started, nothing recorded', async (_label, target, reason) => {
    const e = setup();
    const r = await e.run(['block', '--blocker', 'nftables', '--data-dir', e.data, '--config', e.config, '--', target]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`block: ${reason}\n`);
    expect(e.nftCalls()).toEqual([]);
    expect(e.blocks()).toEqual([]);
    expect(e.audit()).toEqual([expect.objectContaining({ action: 'block', result: 'refused', message: reason, ip: target.slice(0, 100), backend: 'nftables', argv: [] })]);
  });

  it('unblock refuses what is not an address or range, with exit 1', async () => {
    const e = setup();
    for (const target of ['1.2.3.4; rm -rf /', '--help', 'localhost']) {
      const r = await e.run(['unblock', '--data-dir', e.data, '--', target]);
      expect(r).toMatchObject({ code: 1, stderr: 'unblock: Not unblocked: not a valid IP address or CIDR range\n' });
    }
    expect(e.audit().map((a) => a.result)).toEqual(['refused', 'refused', 'refused']);
  });

  it.each([
    [['block', '203.0.113.45', '--for', '5x'], '--for takes a duration like 90s, 10m, 1h, 7d or permanent, got "5x"'],
    [['block', '203.0.113.45', '--for', '0s'], '--for 0s is out of range'],
    [['block', '203.0.113.45', '--blocker', 'pf'], 'unknown blocker "pf" (one of: simulate, nftables, iptables, ufw, command)'],
    [['block'], "missing required argument 'target'"],
    [['block', '203.0.113.45', '203.0.113.46'], 'too many arguments'],
    [['unblock', '203.0.113.45', '--for', '1h'], "unknown option '--for'"],
    [['blocks', '--blocker', 'simulate'], "unknown option '--blocker'"],
    [['unblock', '203.0.113.45', '--blocker', 'nftables'], "unknown option '--blocker'"],
  ])('usage error %j exits 2', async (args, message) => {
    const e = setup();
    const r = await e.run([...args, '--data-dir', e.data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(e.data)).toBe(false);
  });

  it('--dry-run prints the exact nft argv and runs, records and audits nothing', async () => {
    const e = setup();
    const r = await e.run(['block', '203.0.113.9', '--blocker', 'nftables', '--for', '1h', '--dry-run', '--data-dir', e.data]);
    expect(r.code).toBe(0);
    const script = [
      ...nftSetupStatements(nftablesConfigSchema.parse({})),
      'add element inet threatwatch addr_v4 { 203.0.113.9 }',
      'delete element inet threatwatch addr_v4 { 203.0.113.9 }',
      'add element inet threatwatch addr_v4 { 203.0.113.9 timeout 3600s }',
    ].join('; ');
    expect(r.stdout).toBe(`nft '${script}'\n`);
    expect(r.stderr).toBe('block: dry run: nftables would run 1 command(s), printed above; nothing was run, recorded or audited\n');
    expect(e.nftCalls()).toEqual([]);
    expect(existsSync(e.data)).toBe(false);

    const v6 = await e.run(['block', '2001:db8:1:2::/64', '--blocker', 'nftables', '--for', 'permanent', '--dry-run', '--data-dir', e.data]);
    expect(v6.stdout).toContain("add element inet threatwatch net_v6 { 2001:db8:1:2::/64 }'");
    const refused = await e.run(['block', '127.0.0.1', '--blocker', 'nftables', '--dry-run', '--data-dir', e.data]);
    expect(refused).toMatchObject({ code: 1, stdout: '', stderr: 'block: Not blocked: loopback address\n' });
    expect(e.nftCalls()).toEqual([]);
    expect(existsSync(e.data)).toBe(false);
  });

  it('a real backend block (fake nft) is lifted with its own backend; unblock --dry-run prints that argv first', async () => {
    const e = setup();
    const d = ['--data-dir', e.data];
    expect(await e.run(['block', '203.0.113.9', '--blocker', 'nftables', '--for', '1h', ...d])).toMatchObject({ code: 0, stdout: 'Blocked 203.0.113.9 (nftables, 1h)\n' });
    expect(e.nftCalls()).toHaveLength(1);
    expect(e.audit()[0]).toMatchObject({ result: 'ok', backend: 'nftables', argv: [['nft', expect.stringContaining('timeout 3600s')]] });

    const dry = await e.run(['unblock', '203.0.113.9', '--dry-run', ...d]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^nft '.*add element inet threatwatch addr_v4 \{ 203\.0\.113\.9 \}; delete element inet threatwatch addr_v4 \{ 203\.0\.113\.9 \}'\n$/);
    expect(e.nftCalls()).toHaveLength(1);
    expect(e.blocks()[0]).toMatchObject({ state: 'active' });

    // without --blocker: the default backend is simulate, but the block is lifted with nftables
    expect(await e.run(['unblock', '203.0.113.9', ...d])).toMatchObject({ code: 0, stdout: 'Unblocked 203.0.113.9\n' });
    expect(e.nftCalls().slice(1)).toEqual([['list', 'table', 'inet', 'threatwatch'], [expect.stringContaining('delete element inet threatwatch addr_v4 { 203.0.113.9 }')]]);
    expect(e.blocks()[0]).toMatchObject({ state: 'unblocked' });
  }, 30_000);

  it('refuses a control.sock that is not a socket, before touching the store', async () => {
    const e = setup();
    mkdirSync(e.data, { mode: 0o700 });
    writeFileSync(join(e.data, 'control.sock'), '');
    for (const args of [['block', '203.0.113.45'], ['unblock', '203.0.113.45'], ['blocks']]) {
      const r = await e.run([...args, '--data-dir', e.data]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`refusing to use ${join(e.data, 'control.sock')}: it is not a socket`);
    }
    expect(existsSync(join(e.data, 'alerts.json'))).toBe(false);
  });

  it.runIf(process.getuid?.() === 0)('refuses a control socket owned by another user and never connects to it (as root: chown to nobody)', async () => {
    const e = setup();
    mkdirSync(e.data, { mode: 0o700 });
    const path = join(e.data, 'control.sock');
    let connections = 0;
    const server = createServer(() => connections++);
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      chownSync(path, 65534, 65534);
      const r = await e.run(['block', '203.0.113.45', '--data-dir', e.data]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('it belongs to uid 65534, not to you (uid 0)');
      expect((await e.run(['blocks', '--data-dir', e.data])).code).toBe(1);
      expect(connections).toBe(0);
      expect(existsSync(join(e.data, 'alerts.json'))).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
