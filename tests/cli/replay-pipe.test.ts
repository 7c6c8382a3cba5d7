// `replay -` on a pipe that stays open (`tail -f log | threatwatch-tui replay -`): an alert whose
// incident closed is printed within a moment, not held until more input or the end arrives; a named
// pipe (`replay <(journalctl …)`) is read like a file.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from '../helpers/run-cli.js';

const failures = Array.from({ length: 8 }, (_, i) => `May  1 09:14:${String(10 + i).padStart(2, '0')} bastion-01 sshd[${3000 + i}]: Failed password for root from 203.0.113.45 port ${50000 + i} ssh2`);
// Ten minutes later, another address: the first incident has been quiet for its window and closes.
const later = 'May  1 09:24:30 bastion-01 sshd[4000]: Failed password for root from 198.51.100.9 port 40000 ssh2';

describe('replay from a pipe that stays open', () => {
  it('prints the closed alert while the input is still open, and the rest at its end', async () => {
    const child = spawn(process.execPath, [cliPath, 'replay', '--format', 'ndjson', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.write([...failures, later, ''].join('\n'));
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const first = stdout.split('\n').filter((l) => l !== '');
    expect(first).toHaveLength(1);
    expect(JSON.parse(first[0]!)).toMatchObject({ rule: 'BRUTE_FORCE', ip: '203.0.113.45', count: 8 });
    expect(child.exitCode).toBeNull(); // still reading
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(stdout.split('\n').filter((l) => l !== '')).toHaveLength(1);
  }, 30_000);
});

describe('replay from a named pipe (replay <(journalctl …))', () => {
  it('reads it like a file, without sniffing away its first bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-fifo-'));
    const fifo = join(dir, 'auth.pipe');
    if (spawnSync('mkfifo', [fifo]).status !== 0) {
      console.log('skipped: mkfifo is not available here');
      return;
    }
    const sample = join(repoRoot, 'data', 'sample-auth.log');
    const fromFile = await runCli(['replay', '--format', 'ndjson', sample]);
    const run = runCli(['replay', '--format', 'ndjson', fifo]);
    const writer = createWriteStream(fifo);
    writer.end(readFileSync(sample));
    const fromPipe = await run;
    expect(fromPipe.code).toBe(0);
    // The same alerts; the evidence names where each line was read.
    expect(fromPipe.stdout.replaceAll(fifo, 'LOG')).toBe(fromFile.stdout.replaceAll(sample, 'LOG'));
    expect(fromPipe.stderr).toMatch(/replay: 60 lines, 48 events, 2 alerts/);
  }, 30_000);
});
