import { describe, expect, it, vi } from 'vitest';
import { createCommandRunner, errorText, execArgv, formatArgv, type ExecFn } from '../../../src/plugins/responders/exec.js';

const node = process.execPath;

describe('execArgv', () => {
  it('passes arguments verbatim: no shell ever sees them', async () => {
    const r = await execArgv(['/bin/echo', '$(id)', ';', 'rm', '-rf', '/', '`id`', '&&', '|'], { timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: true, code: 0, error: null, dryRun: false });
    expect(r.stdout).toBe('$(id) ; rm -rf / `id` && |\n');
  });

  it("reports a failing command with the tool's own error text", async () => {
    const r = await execArgv([node, '-e', 'process.stderr.write("Error: Could not process rule: Operation not permitted\\n"); process.exit(1)'], { timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: false, code: 1, error: 'Error: Could not process rule: Operation not permitted' });
  });

  it('reports a missing binary instead of throwing', async () => {
    const r = await execArgv(['/nonexistent/nft', 'list', 'tables'], { timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: false, code: null, error: '/nonexistent/nft: command not found' });
  });

  it('kills a command that outlives its timeout', async () => {
    const started = Date.now();
    const r = await execArgv([node, '-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 300 });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/timed out after 0\.3 s/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('runs tools with LC_ALL=C so their messages read the same everywhere', async () => {
    const r = await execArgv([node, '-e', 'process.stdout.write(process.env.LC_ALL)'], { timeoutMs: 5000 });
    expect(r.stdout).toBe('C');
  });

  it('refuses an empty argv or an argument with a NUL byte', async () => {
    expect(await execArgv([], { timeoutMs: 1000 })).toMatchObject({ ok: false });
    expect(await execArgv(['/bin/echo', 'a\0b'], { timeoutMs: 1000 })).toMatchObject({ ok: false, error: expect.stringContaining('NUL') });
  });
});

describe('createCommandRunner', () => {
  const okExec: ExecFn = async (argv) => ({ argv, ok: true, code: 0, stdout: '', stderr: '', error: null, dryRun: false });

  it('prepends the command prefix (a network namespace in tests)', async () => {
    const exec = vi.fn(okExec);
    const runner = createCommandRunner({ exec, prefix: ['ip', 'netns', 'exec', 'tw-test-1'], dryRun: false, log: () => {}, timeoutMs: 1000 });
    const r = await runner.run(['nft', 'list', 'tables']);
    expect(exec).toHaveBeenCalledWith(['ip', 'netns', 'exec', 'tw-test-1', 'nft', 'list', 'tables'], { timeoutMs: 1000 });
    expect(r.argv).toEqual(['ip', 'netns', 'exec', 'tw-test-1', 'nft', 'list', 'tables']);
  });

  it('in a dry run prints the exact argv of each change and starts nothing', async () => {
    const exec = vi.fn(okExec);
    const lines: string[] = [];
    const runner = createCommandRunner({ exec, dryRun: true, log: (l) => lines.push(l), timeoutMs: 1000 });
    expect(await runner.run(['nft', 'add element inet threatwatch addr_v4 { 203.0.113.45 }'])).toMatchObject({ ok: true, dryRun: true });
    expect(await runner.run(['iptables', '-C', 'INPUT'], { query: true })).toMatchObject({ ok: false, dryRun: true });
    expect(await runner.run(['iptables', '-C', 'INPUT'], { query: true, dryRunAnswer: true })).toMatchObject({ ok: true, dryRun: true });
    expect(exec).not.toHaveBeenCalled();
    expect(lines).toEqual(["dry-run: nft 'add element inet threatwatch addr_v4 { 203.0.113.45 }'"]);
  });

  it('turns a throwing exec into a failed result', async () => {
    const runner = createCommandRunner({ exec: async () => Promise.reject(new Error('boom')), dryRun: false, log: () => {}, timeoutMs: 1000 });
    expect(await runner.run(['nft'])).toMatchObject({ ok: false, error: 'could not run nft: boom' });
  });
});

describe('formatArgv', () => {
  it('quotes what a shell would read differently, for display only', () => {
    expect(formatArgv(['ipset', 'add', 'threatwatch-v4', '203.0.113.0/24', 'timeout', '3600', '-exist'])).toBe('ipset add threatwatch-v4 203.0.113.0/24 timeout 3600 -exist');
    expect(formatArgv(['nft', "it's; $(x)"])).toBe(`nft 'it'\\''s; $(x)'`);
  });
});

describe('errorText', () => {
  it("keeps a tool's Error: lines and drops its echo of the command", () => {
    const nft = 'Error: interval overlaps with an existing one\nadd element inet threatwatch net_v4 { 198.51.100.0/25 }\n                                   ^^^^^^^^^^^^^^^\n';
    expect(errorText(nft)).toBe('Error: interval overlaps with an existing one');
    expect(errorText('iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n')).toBe(
      'iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)',
    );
    expect(errorText('x'.repeat(5000))).toHaveLength(601);
  });
});
